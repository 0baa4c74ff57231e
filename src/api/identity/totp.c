/* totp.c — POST /api/v1/staff/{id}/totp: the security administrator enrols
 * (or resets) a staff member's second factor. The answer shows the new
 * secret once, as base32 and as an otpauth:// URI for an authenticator app;
 * it is never shown again, and a reset makes the old one useless. */
#include "api/api.h"
#include "base/jsonin.h"
#include "domain/identity/totp.h"
#include <sodium.h>

void api_staff_totp_enrol(req_t *r)
{
	const char *id = req_param(r, "id");
	const char *username = NULL;
	jfield_t spec[] = {
	    /* the staff member's username, as a check that the id is the person meant: a reset
	     * locks the old authenticator out */
	    {"username", JF_STRING, true, 1, 64, &username, NULL},
	    JF_END,
	};
	if (!req_body(r, spec))
		return;
	char secret[TOTP_BASE32_LEN], uri[TOTP_URI_LEN];
	errcode_t ec = totp_enrol(r->store, &r->actor, id, username, NULL, secret, uri);
	if (ec == E_NOT_FOUND) {
		reply_problem(r, ec, "没有该在职工作人员账户", "No active staff account has this id", NULL);
		return;
	}
	if (ec == E_VALIDATION) {
		errs_t e = ERRS_INIT;
		errs_add(&e, "username", "mismatch", "用户名与该账户不符",
			 "not the username of this account");
		reply_errors(r, ec, &e);
		errs_clear(&e);
		return;
	}
	if (ec != E_OK) {
		reply_problem(r, ec, NULL, NULL, NULL);
		return;
	}
	reply_header(r, "Cache-Control", "no-store");
	reply_json(r, 201,
		   json_pack("{ss ss ss ss si si ss}", "account_id", id, "username", username, "secret",
			     secret, "otpauth_uri", uri, "digits", TOTP_DIGITS, "period",
			     (int)(TOTP_STEP_MS / 1000), "algorithm", "SHA1"));
	sodium_memzero(secret, sizeof secret);
	sodium_memzero(uri, sizeof uri);
}
