/* notify_prefs.c — the channels a person chooses (see notify_prefs.h). */
#include "domain/core/notify_prefs.h"
#include "domain/core/audit.h"
#include "domain/core/notify_store.h"
#include "base/clock.h"

json_t *notify_prefs_get(dbc_t *c, const char *account_id)
{
	bool sms, email;
	if (notify_store_prefs(c, account_id, &sms, &email) != 0)
		return NULL;
	json_t *offered = json_array();
	if (notify_offered("sms"))
		json_array_append_new(offered, json_string("sms"));
	if (notify_offered("email"))
		json_array_append_new(offered, json_string("email"));
	return json_pack("{sb sb sb so}", "inapp", 1, "sms", sms, "email", email, "offered", offered);
}

struct set_ctx {
	const actor_t *who;
	const bool *sms, *email;
	errs_t *errs;
};

static int set_write(dbc_t *c, void *arg)
{
	struct set_ctx *x = arg;
	errs_clear(x->errs);   /* a write may run twice */
	bool phone, mail, was_sms, was_email;
	if (notify_store_contact(c, x->who->id, &phone, &mail) != 0 ||
	    notify_store_prefs(c, x->who->id, &was_sms, &was_email) != 0)
		return -1;
	if (x->sms && *x->sms && !phone)
		errs_add(x->errs, "sms", "no_phone", "账户未登记手机号码，无法接收短信",
			 "the account has no phone number to send text messages to");
	if (x->email && *x->email && !mail)
		errs_add(x->errs, "email", "no_address", "账户未登记电子邮箱，无法接收邮件",
			 "the account has no email address to send mail to");
	if (errs_any(x->errs))
		return E_VALIDATION;
	int64_t now = clock_now_ms();
	if ((x->sms && notify_store_choose(c, x->who->id, "sms", *x->sms, now) != 0) ||
	    (x->email && notify_store_choose(c, x->who->id, "email", *x->email, now) != 0))
		return -1;
	json_t *detail = json_pack("{s{sb sb} s{sb sb}}", "before", "sms", was_sms, "email", was_email,
				   "after", "sms", x->sms ? *x->sms : was_sms, "email",
				   x->email ? *x->email : was_email);
	int rc = audit_append(c, x->who, "account.notify_channels", "account", x->who->id, 0, 0, detail);
	json_decref(detail);
	return rc;
}

errcode_t notify_prefs_set(store_t *st, const actor_t *who, const bool *sms, const bool *email,
			   errs_t *errs)
{
	struct set_ctx x = {who, sms, email, errs};
	int rc = store_write(st, set_write, &x);
	return rc == 0 ? E_OK : rc == E_VALIDATION ? E_VALIDATION : E_INTERNAL;
}
