/* password_resets.c — POST /api/v1/password-resets (a code to the account's
 * phone, answered alike whether or not anything matched), POST
 * /api/v1/password-resets/window (a window clerk issues a code after checking
 * the ID card) and POST /api/v1/password-resets/confirm (a new password with
 * a code). The rules are domain/identity/reset.h's. */
#include "api/api.h"
#include "base/clock.h"
#include "base/jsonin.h"
#include "domain/identity/reset.h"
#include <stdio.h>

static void anonymous_request_id(req_t *r)
{
	if (!r->authenticated)
		snprintf(r->actor.request_id, sizeof r->actor.request_id, "%s", r->request_id);
}

void api_password_resets_create(req_t *r)
{
	const char *username = NULL, *phone = NULL;
	jfield_t spec[] = {
	    {"username", JF_STRING, true, 1, 64, &username, NULL},
	    {"phone", JF_STRING, true, 1, 32, &phone, NULL},
	    JF_END,
	};
	if (!req_body(r, spec))
		return;
	anonymous_request_id(r);
	errs_t e = ERRS_INIT;
	limit_hit_t hit = {0};
	errcode_t ec = reset_request_sms(r->store, &r->actor, username, phone, r->client_addr, &e, &hit);
	if (ec == E_OK)
		/* the same answer whether or not the username and phone match an account */
		reply_json(
		    r, 202,
		    json_pack("{ss s{ss ss}}", "status", "accepted", "message", "zh",
			      "如用户名与注册手机号相符，验证码已发送至该手机，10 分钟内有效。", "en",
			      "If the username and the registered phone match, a code was sent to that "
			      "phone; it is valid for 10 minutes."));
	else if (ec == E_VALIDATION)
		reply_errors(r, ec, &e);
	else if (ec == E_RATE_LIMITED)
		reply_rate_limited(r, &hit);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}

void api_password_resets_window(req_t *r)
{
	const char *id_number = NULL, *credit_code = NULL;
	jfield_t spec[] = {
	    {"id_number", JF_STRING, false, 1, 32, &id_number, NULL},
	    {"credit_code", JF_STRING, false, 1, 32, &credit_code, NULL},
	    JF_END,
	};
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	reset_issued_t out;
	errcode_t ec = reset_issue_at_window(r->store, &r->actor, id_number, credit_code, &e, &out);
	if (ec == E_OK) {
		char ts[32];
		clock_format_iso(out.expires_at, ts);
		/* the code is for the person at the window, never for a cache */
		reply_header(r, "Cache-Control", "no-store");
		reply_json(r, 201,
			   json_pack("{ss ss ss ss}", "username", out.username, "code", out.code, "channel",
				     "window", "expires_at", ts));
	} else if (ec == E_VALIDATION) {
		reply_errors(r, ec, &e);
	} else {
		reply_problem(r, ec, NULL, NULL, NULL);
	}
	errs_clear(&e);
}

void api_password_resets_confirm(req_t *r)
{
	const char *username = NULL, *code = NULL, *password = NULL;
	jfield_t spec[] = {
	    {"username", JF_STRING, true, 1, 64, &username, NULL},
	    {"code", JF_STRING, true, 1, 16, &code, NULL},
	    {"new_password", JF_STRING, true, 1, 256, &password, NULL},
	    JF_END,
	};
	if (!req_body(r, spec))
		return;
	anonymous_request_id(r);
	errs_t e = ERRS_INIT;
	errcode_t ec = reset_confirm(r->store, &r->actor, username, code, password, &e);
	if (ec == E_OK)
		reply_no_content(r);
	else if (ec == E_VALIDATION)
		reply_errors(r, ec, &e);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}
