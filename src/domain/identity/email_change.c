/* email_change.c — a new email address, used once its code is typed (see
 * email_change.h). The statements are in email_change_store.c; the code goes
 * out through the outbox (domain/core/message.h) to the new address alone. */
#include "domain/identity/email_change.h"
#include "domain/identity/email_change_store.h"
#include "domain/identity/account.h"
#include "domain/identity/account_store.h"
#include "domain/core/audit.h"
#include "domain/core/message.h"
#include "domain/core/notify_prefs.h"
#include "base/clock.h"
#include "base/keystore.h"
#include "base/textcheck.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define MINUTE_MS (60LL * 1000)
#define HOUR_MS (60 * MINUTE_MS)
#define MESSAGE_KIND "email_verify"

static void code_hash(const char *account_id, const char *code, char out[HASH_HEX_LEN])
{
	unsigned char key[KEY_BYTES];
	keystore_derive(KEY_EMAIL_CODE, key);
	hash2_hex(key, account_id, code, strlen(code), out);
	sodium_memzero(key, sizeof key);
}

/* The address's domain alone, for the audit log: who changed to which provider, not the address. */
static const char *domain_of(const char *email)
{
	const char *at = strrchr(email, '@');
	return at ? at + 1 : "";
}

/* ---------------------------------------------------------------- asking */

struct request_ctx {
	const actor_t *by;
	const char *email;
	char code[EMAIL_CODE_DIGITS + 1];
	int64_t now;
	bool same; /* out: the account's address already */
};

static int request_write(dbc_t *c, void *arg)
{
	struct request_ctx *x = arg;
	x->same = false;
	account_row_t acc;
	if (!account_store_get(c, x->by->id, &acc))
		return E_NOT_FOUND;
	x->same = acc.email && strcmp(acc.email, x->email) == 0;
	account_row_release(&acc);
	if (x->same)
		return E_VALIDATION;
	/* codes sent in the last hour, this one included */
	email_change_row_t old;
	int64_t sends = 1, from = x->now;
	if (email_change_store_get(c, x->by->id, &old) && x->now - old.sends_from < HOUR_MS) {
		if (old.sends >= EMAIL_SENDS_PER_HOUR)
			return E_THROTTLED;
		sends = old.sends + 1;
		from = old.sends_from;
	}
	char h[HASH_HEX_LEN], zh[400], en[400];
	code_hash(x->by->id, x->code, h);
	snprintf(zh, sizeof zh,
		 "您正在为一网通办账户添加电子邮箱，验证码为 %s，%lld 分钟内有效。请在“我的账户”中输入。"
		 "如非本人操作，请忽略本邮件，此邮箱不会被使用。",
		 x->code, EMAIL_CODE_TTL_MS / MINUTE_MS);
	snprintf(en, sizeof en,
		 "You are adding this address to your one-stop services account. Your code is %s, valid for "
		 "%lld minutes; type it under My account. If you did not ask for it, ignore this email: the "
		 "address will not be used.",
		 x->code, EMAIL_CODE_TTL_MS / MINUTE_MS);
	if (email_change_store_put(c, x->by->id, x->email, h, sends, from, x->now,
				   x->now + EMAIL_CODE_TTL_MS) != 0 ||
	    message_erase_kind(c, x->by->id, MESSAGE_KIND) != 0 ||
	    message_add_to(c, "email", x->email, x->by->id, MESSAGE_KIND, "邮箱验证码",
			   "Email verification code", zh, en) != 0)
		return -1;
	json_t *d = json_pack("{ss}", "domain", domain_of(x->email));
	int rc = audit_append(c, x->by, "account.email_code_sent", "account", x->by->id, 0, 0, d);
	json_decref(d);
	return rc;
}

errcode_t email_change_request(store_t *st, const actor_t *by, const char *email, errs_t *errs)
{
	if (!email_ok(email) || strlen(email) >= EMAIL_LEN) {
		errs_add(errs, "email", "email", "电子邮箱格式不正确", "the email address is not valid");
		return E_VALIDATION;
	}
	if (!notify_offered("email"))
		return E_STATE;
	struct request_ctx x = {.by = by, .email = email, .now = clock_now_ms()};
	rand_digits(x.code, EMAIL_CODE_DIGITS);
	int rc = store_write(st, request_write, &x);
	sodium_memzero(x.code, sizeof x.code);
	if (rc == E_VALIDATION)
		errs_add(errs, "email", "same", "这已是您账户的电子邮箱",
			 "this is your account's address already");
	if (rc > 0)
		return (errcode_t)rc;
	return rc == 0 ? E_OK : E_INTERNAL;
}

/* ---------------------------------------------------------------- confirming */

struct confirm_ctx {
	const actor_t *by;
	const char *code;
	int64_t now;
	const char *why; /* out: the code's fault, NULL on success */
};

static int confirm_write(dbc_t *c, void *arg)
{
	struct confirm_ctx *x = arg;
	email_change_row_t r;
	if (!email_change_store_get(c, x->by->id, &r)) {
		x->why = "none";
		return 0;
	}
	if (r.expires_at <= x->now) {
		x->why = "expired";
		return 0;
	}
	/* every try, right or wrong, is taken first (and committed) under the row's lock */
	int taken = email_change_store_try(c, x->by->id, x->now, EMAIL_CODE_MAX_ATTEMPTS);
	if (taken < 0)
		return -1;
	if (taken == 0) {
		x->why = "too_many";
		return 0;
	}
	char h[HASH_HEX_LEN];
	code_hash(x->by->id, x->code, h);
	if (!str_eq_ct(h, r.code_hash)) {
		x->why = "wrong";
		return 0;
	}
	x->why = NULL;
	if (email_change_store_set_account(c, x->by->id, r.email) != 0 ||
	    email_change_store_delete(c, x->by->id) != 0 ||
	    message_erase_kind(c, x->by->id, MESSAGE_KIND) != 0)
		return -1;
	json_t *d = json_pack("{ss}", "domain", domain_of(r.email));
	int rc = audit_append(c, x->by, "account.email_changed", "account", x->by->id, 0, 0, d);
	json_decref(d);
	return rc;
}

static bool code_format_ok(const char *code)
{
	if (strlen(code) != EMAIL_CODE_DIGITS)
		return false;
	for (const char *p = code; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

errcode_t email_change_confirm(store_t *st, const actor_t *by, const char *code, errs_t *errs)
{
	if (!code_format_ok(code)) {
		errs_addi(errs, "code", "format", "验证码应为 %lld 位数字", "the code is %lld digits",
			  EMAIL_CODE_DIGITS);
		return E_VALIDATION;
	}
	struct confirm_ctx x = {.by = by, .code = code, .now = clock_now_ms(), .why = "none"};
	if (store_write(st, confirm_write, &x) != 0)
		return E_INTERNAL;
	if (!x.why)
		return E_OK;
	if (strcmp(x.why, "none") == 0)
		errs_add(errs, "code", "none", "没有待验证的邮箱，请先填写新邮箱并获取验证码",
			 "no address is waiting for its code; give the new address first");
	else if (strcmp(x.why, "expired") == 0)
		errs_add(errs, "code", "expired", "验证码已过期，请重新获取",
			 "the code has expired; ask for a new one");
	else if (strcmp(x.why, "too_many") == 0)
		errs_add(errs, "code", "too_many", "输错次数过多，请重新获取验证码",
			 "too many wrong codes; ask for a new one");
	else
		errs_add(errs, "code", "wrong", "验证码不正确", "the code is not right");
	return E_VALIDATION;
}

/* ---------------------------------------------------------------- reading, erasing */

json_t *email_change_pending_json(dbc_t *c, const char *account_id, int64_t now_ms)
{
	email_change_row_t r;
	if (!email_change_store_get(c, account_id, &r) || r.expires_at <= now_ms ||
	    r.attempts >= EMAIL_CODE_MAX_ATTEMPTS)
		return NULL;
	char at[32];
	clock_format_iso(r.expires_at, at);
	return json_pack("{ss ss}", "email", r.email, "expires_at", at);
}

int email_change_erase(dbc_t *c, const char *account_id) { return email_change_store_delete(c, account_id); }
