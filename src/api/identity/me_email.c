/* me_email.c — the caller's email address, added or changed after registration
 * (domain/identity/email_change.h):
 *   POST /api/v1/me/email           {"email"}: a code goes to the new address (202)
 *   POST /api/v1/me/email/confirm   {"code"}: the address is the account's from now on
 * The code is never echoed, logged or audited. */
#include "api/api.h"
#include "base/clock.h"
#include "base/jsonin.h"
#include "domain/identity/account.h"
#include "domain/identity/email_change.h"

static void reply_outcome(req_t *r, errcode_t ec, errs_t *e)
{
	if (ec == E_VALIDATION)
		reply_errors(r, ec, e);
	else if (ec == E_STATE)
		reply_problem(r, ec, "本平台暂未开通电子邮件，无法验证新的邮箱",
			      "this platform sends no email yet, so no address can be verified", NULL);
	else if (ec == E_THROTTLED)
		reply_problem(r, ec, "一小时内获取验证码次数过多，请稍后再试",
			      "too many codes asked for within an hour; try again later", NULL);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
}

void api_me_email_request(req_t *r)
{
	const char *email = NULL;
	jfield_t spec[] = {
	    {"email", JF_STRING, true, 3, 254, &email, NULL},
	    JF_END,
	};
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	errcode_t ec = email_change_request(r->store, &r->actor, email, &e);
	if (ec == E_OK) {
		json_t *p = email_change_pending_json(store_reader(r->store), r->actor.id, clock_now_ms());
		reply_json(r, 202, json_pack("{so}", "email_pending", p ? p : json_null()));
	} else
		reply_outcome(r, ec, &e);
	errs_clear(&e);
}

void api_me_email_confirm(req_t *r)
{
	const char *code = NULL;
	jfield_t spec[] = {
	    {"code", JF_STRING, true, 1, 16, &code, NULL},
	    JF_END,
	};
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	errcode_t ec = email_change_confirm(r->store, &r->actor, code, &e);
	if (ec == E_OK) {
		json_t *acc = account_json(store_reader(r->store), r->actor.id, true);
		reply_json(r, 200, acc ? acc : json_object());
	} else
		reply_outcome(r, ec, &e);
	errs_clear(&e);
}
