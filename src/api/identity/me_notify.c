/* me_notify.c — GET and PUT /api/v1/me/notifications: the channels the
 * caller's messages reach them on (domain/core/notify_prefs.h). The in-app
 * inbox is always on; SMS and email are chosen, each for an account with a
 * phone or an email address. */
#include "api/api.h"
#include "base/jsonin.h"
#include "domain/core/notify_prefs.h"

static void reply_prefs(req_t *r)
{
	json_t *p = notify_prefs_get(store_reader(r->store), r->actor.id);
	if (!p) {
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
		return;
	}
	reply_json(r, 200, p);
}

void api_me_notifications_get(req_t *r) { reply_prefs(r); }

void api_me_notifications_put(req_t *r)
{
	bool sms = false, email = false, inapp = true, has_sms = false, has_email = false, has_inapp = false;
	jfield_t spec[] = {
		{"inapp", JF_BOOL, false, 0, 0, &inapp, &has_inapp},
		{"sms", JF_BOOL, false, 0, 0, &sms, &has_sms},
		{"email", JF_BOOL, false, 0, 0, &email, &has_email},
		JF_END,
	};
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	if (has_inapp && !inapp)
		errs_add(&e, "inapp", "always_on", "站内消息始终开启，不能关闭",
			 "in-app messages are always on and cannot be turned off");
	if (!has_sms && !has_email)
		errs_add(&e, "sms", "required", "请指定 sms 或 email（true 或 false）",
			 "name sms or email (true or false)");
	errcode_t ec = errs_any(&e) ? E_VALIDATION
				    : notify_prefs_set(r->store, &r->actor, has_sms ? &sms : NULL,
						       has_email ? &email : NULL, &e);
	if (ec == E_OK)
		reply_prefs(r);
	else if (ec == E_VALIDATION)
		reply_errors(r, ec, &e);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}
