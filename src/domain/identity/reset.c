/* reset.c — password reset codes (see reset.h). The statements are in
 * reset_store.c; the account's data comes from account_store.c (the phone as
 * that function returns it, whatever the column holds), the code's message
 * goes through the outbox (domain/core/message.h) on the "sms" channel. */
#include "domain/identity/reset.h"
#include "domain/identity/reset_store.h"
#include "domain/identity/account.h"
#include "domain/identity/account_store.h"
#include "domain/identity/session_store.h"
#include "domain/core/audit.h"
#include "domain/core/message.h"
#include "domain/core/retention.h"
#include "domain/core/throttle.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/date.h"
#include "base/idcheck.h"
#include "base/keystore.h"
#include "base/textcheck.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define MINUTE_MS (60LL * 1000)
#define MESSAGE_KIND "password_reset"
#define CLAIM_KIND "account_claim"

/* The two ways to a code, as data: a code read off a phone is short and
 * lives ten minutes; one handed over at the window is typed later at home or
 * at the hall's kiosk, so it is longer and lives an hour. */
typedef struct {
	const char *name;
	size_t digits;
	int64_t ttl_ms;
} channel_t;

static const channel_t SMS = {"sms", 6, 10 * MINUTE_MS};
static const channel_t WINDOW = {"window", 8, 60 * MINUTE_MS};
/* An account opened at the window is claimed later, at home: a window-length
 * code sent to the phone the person gave, living three days. */
static const channel_t CLAIM = {"claim", 8, RESET_CLAIM_TTL_MS};

static void code_hash(const char *account_id, const char *code, char out[HASH_HEX_LEN])
{
	unsigned char key[KEY_BYTES];
	keystore_derive(KEY_RESET_CODE, key);
	hash2_hex(key, account_id, code, strlen(code), out);
	sodium_memzero(key, sizeof key);
}

/* Digits only, so that "138-1234-5678" and "13812345678" are one number. */
static void digits_of(const char *in, char *out, size_t n)
{
	size_t k = 0;
	for (; in && *in && k + 1 < n; in++)
		if (*in >= '0' && *in <= '9')
			out[k++] = *in;
	out[k] = '\0';
}

static bool same_phone(const char *a, const char *b)
{
	char x[40], y[40];
	digits_of(a, x, sizeof x);
	digits_of(b, y, sizeof y);
	return x[0] && str_eq_ct(x, y);
}

/* ---------------------------------------------------------------- by phone */

struct sms_ctx {
	const actor_t *by;
	const char *username, *phone, *addr;
	limit_hit_t *hit;
	char code[RESET_CODE_LEN];
	int64_t now;
};

static int sms_write(dbc_t *c, void *arg)
{
	struct sms_ctx *x = arg;
	int rc = ratelimit_take(c, LIMIT_RESETS, x->by, x->addr, x->now, x->hit);
	if (rc != 0)
		return rc;
	account_login_t acc;
	if (!account_store_login(c, x->username, &acc) || strcmp(acc.status, "active") != 0 ||
	    !(acc.actor.roles & ROLES_APPLICANT))
		return 0;
	account_row_t row;
	if (!account_store_get(c, acc.id, &row))
		return 0;
	bool match = row.phone && same_phone(row.phone, x->phone);
	account_row_release(&row);
	if (!match)
		return 0;
	/* the account's own limit is asked, not refused: over it, no code, same answer */
	actor_t owner = {0};
	snprintf(owner.id, sizeof owner.id, "%s", acc.id);
	if (ratelimit_peek(c, LIMIT_RESETS_ACCOUNT, &owner, NULL, x->now, NULL) != 0)
		return 0;
	if (ratelimit_take(c, LIMIT_RESETS_ACCOUNT, &owner, NULL, x->now, NULL) < 0)
		return -1;
	char h[HASH_HEX_LEN], zh[200], en[200];
	code_hash(acc.id, x->code, h);
	snprintf(zh, sizeof zh, "您的重置密码验证码为 %s，%lld 分钟内有效。如非本人操作，请忽略本短信。",
		 x->code, (long long)(SMS.ttl_ms / MINUTE_MS));
	snprintf(en, sizeof en,
		 "Your password reset code is %s, valid for %lld minutes. If you did not ask "
		 "for it, ignore this message.",
		 x->code, (long long)(SMS.ttl_ms / MINUTE_MS));
	if (reset_store_put(c, acc.id, h, SMS.name, NULL, x->now, x->now + SMS.ttl_ms) != 0 ||
	    message_add_on(c, SMS.name, acc.id, MESSAGE_KIND, "重置密码验证码", "Password reset code", zh,
			   en) != 0)
		return -1;
	json_t *d = json_pack("{ss}", "channel", SMS.name);
	rc = audit_append(c, x->by, "account.reset_code_sent", "account", acc.id, 0, 0, d);
	json_decref(d);
	return rc;
}

errcode_t reset_request_sms(store_t *st, const actor_t *by, const char *username, const char *phone,
			    const char *client_addr, errs_t *errs, limit_hit_t *hit)
{
	char digits[40];
	digits_of(phone, digits, sizeof digits);
	/* a mobile number may come with the spaces or hyphens people write it with */
	if (!phone_ok(phone) && !phone_ok(digits))
		errs_add(errs, "phone", "phone", "电话号码格式不正确", "the phone number is not valid");
	if (errs_any(errs))
		return E_VALIDATION;
	struct sms_ctx x = {.by = by, .username = username, .phone = phone, .addr = client_addr, .hit = hit};
	x.now = clock_now_ms();
	rand_digits(x.code, SMS.digits);
	int rc = store_write(st, sms_write, &x);
	sodium_memzero(x.code, sizeof x.code);
	if (rc == E_RATE_LIMITED)
		return E_RATE_LIMITED;
	return rc == 0 ? E_OK : E_INTERNAL;
}

/* ---------------------------------------------------------------- at the window */

struct window_ctx {
	const actor_t *clerk;
	const char *id_number, *credit_code;
	reset_issued_t *out;
	int64_t now;
};

static int window_write(dbc_t *c, void *arg)
{
	struct window_ctx *x = arg;
	bool found = x->id_number ? account_find_active_by_id_number(c, x->id_number, x->out->account_id)
				  : account_find_active_by_credit_code(c, x->credit_code, x->out->account_id);
	if (!found)
		return E_NOT_FOUND;
	account_row_t row;
	if (!account_store_get(c, x->out->account_id, &row))
		return E_NOT_FOUND;
	bool applicant = row.kind && (strcmp(row.kind, "person") == 0 || strcmp(row.kind, "enterprise") == 0);
	snprintf(x->out->username, sizeof x->out->username, "%s", row.username ? row.username : "");
	account_row_release(&row);
	if (!applicant)
		return E_NOT_FOUND;
	char h[HASH_HEX_LEN];
	code_hash(x->out->account_id, x->out->code, h);
	x->out->expires_at = x->now + WINDOW.ttl_ms;
	if (reset_store_put(c, x->out->account_id, h, WINDOW.name, x->clerk->id, x->now,
			    x->out->expires_at) != 0)
		return -1;
	json_t *d =
	    json_pack("{ss ss}", "channel", WINDOW.name, "checked", x->id_number ? "id_card" : "licence");
	int rc =
	    audit_append(c, x->clerk, "account.reset_code_issued", "account", x->out->account_id, 0, 0, d);
	json_decref(d);
	return rc;
}

errcode_t reset_issue_at_window(store_t *st, const actor_t *clerk, const char *id_number,
				const char *credit_code, errs_t *errs, reset_issued_t *out)
{
	char norm[ID_NUMBER_LEN] = "";
	memset(out, 0, sizeof *out);
	if (!id_number == !credit_code) {
		errs_add(errs, id_number ? "credit_code" : "id_number",
			 id_number ? "not_allowed" : "required", "请填写身份证号码或统一社会信用代码之一",
			 "give either the ID number or the credit code, not both");
		return E_VALIDATION;
	}
	if (id_number) {
		int y, m, d;
		date_to_ymd(date_from_ms(clock_now_ms()), &y, &m, &d);
		idnum_info_t info;
		if (idnum_check(id_number, y, m, d, &info) != IDNUM_OK)
			errs_add(errs, "id_number", "id_number", "身份证号码无效",
				 "the ID number is not valid");
		else
			memcpy(norm, info.normalized, ID_NUMBER_LEN);
	} else if (credit_code_check(credit_code) != CREDIT_OK) {
		errs_add(errs, "credit_code", "credit_code", "统一社会信用代码无效",
			 "the credit code is not valid");
	}
	if (errs_any(errs))
		return E_VALIDATION;
	struct window_ctx x = {.clerk = clerk,
			       .id_number = id_number ? norm : NULL,
			       .credit_code = credit_code,
			       .out = out,
			       .now = clock_now_ms()};
	rand_digits(out->code, WINDOW.digits);
	int rc = store_write(st, window_write, &x);
	if (rc == E_NOT_FOUND) {
		memset(out, 0, sizeof *out);
		return E_NOT_FOUND;
	}
	return rc == 0 ? E_OK : E_INTERNAL;
}

/* ---------------------------------------------------------------- claiming a walk-in's account */

int reset_claim_code_on(dbc_t *c, const actor_t *clerk, const char *account_id, const char *username,
			const char *name, int64_t now, int64_t *expires_at)
{
	char code[RESET_CODE_LEN], h[HASH_HEX_LEN], zh[400], en[400];
	rand_digits(code, CLAIM.digits);
	code_hash(account_id, code, h);
	*expires_at = now + CLAIM.ttl_ms;
	long long days = (long long)(CLAIM.ttl_ms / (24 * 60 * MINUTE_MS));
	snprintf(zh, sizeof zh,
		 "%s，您好：窗口已为您开立一网通办账户，用户名 %s。请在 %lld 日内打开平台“忘记密码”页，"
		 "输入用户名和验证码 %s 设置密码；也可携带身份证到窗口办理。",
		 name, username, days, code);
	snprintf(en, sizeof en,
		 "Hello %s: the service window opened an account for you, username %s. Within %lld days, "
		 "open the platform's \"Forgot password\" page and set a password with the username and "
		 "the code %s; or bring your ID card to a window.",
		 name, username, days, code);
	int rc = -1;
	if (reset_store_put(c, account_id, h, CLAIM.name, clerk->id, now, *expires_at) != 0 ||
	    message_add_on(c, "sms", account_id, CLAIM_KIND, "账户认领验证码", "Code to claim your account",
			   zh, en) != 0)
		goto out;
	json_t *d = json_pack("{ss}", "channel", CLAIM.name);
	rc = audit_append(c, clerk, "account.claim_code_sent", "account", account_id, 0, 0, d);
	json_decref(d);
out:
	sodium_memzero(code, sizeof code);
	sodium_memzero(zh, sizeof zh);
	sodium_memzero(en, sizeof en);
	return rc;
}

/* ---------------------------------------------------------------- using a code */

struct confirm_ctx {
	const actor_t *by;
	const char *username, *code;
	char pw_hash[PW_HASH_LEN];
	int64_t now;
	errcode_t outcome;
};

static int confirm_write(dbc_t *c, void *arg)
{
	struct confirm_ctx *x = arg;
	x->outcome = E_RESET_CODE;
	account_login_t acc;
	reset_row_t r;
	if (!account_store_login(c, x->username, &acc) || strcmp(acc.status, "active") != 0 ||
	    !(acc.actor.roles & ROLES_APPLICANT))
		return 0;
	/* every try, right or wrong, is taken first (and committed) under the row's lock */
	int taken = reset_store_try(c, acc.id, x->now, RESET_MAX_ATTEMPTS);
	if (taken <= 0)
		return taken;
	if (!reset_store_get(c, acc.id, &r))
		return -1;
	char h[HASH_HEX_LEN];
	code_hash(acc.id, x->code, h);
	if (!str_eq_ct(h, r.code_hash))
		return 0;
	char ukey[160];
	snprintf(ukey, sizeof ukey, "u:%s", x->username);
	if (reset_store_use(c, acc.id, x->now) != 1 ||
	    account_store_set_password(c, acc.id, x->pw_hash) != 0 ||
	    session_store_revoke_all(c, acc.id) != 0 || throttle_clear(c, ukey) != 0)
		return -1;
	actor_t who = acc.actor;
	snprintf(who.id, sizeof who.id, "%s", acc.id);
	snprintf(who.request_id, sizeof who.request_id, "%s", x->by->request_id);
	json_t *d = json_pack("{ss}", "channel", r.channel);
	int rc = audit_append(c, &who, "account.password_reset", "account", acc.id, 0, 0, d);
	json_decref(d);
	if (rc == 0)
		x->outcome = E_OK;
	return rc;
}

static bool code_ok(const char *code)
{
	size_t n = strlen(code);
	if (n != SMS.digits && n != WINDOW.digits)
		return false;
	for (const char *p = code; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

errcode_t reset_confirm(store_t *st, const actor_t *by, const char *username, const char *code,
			const char *new_password, errs_t *errs)
{
	if (!code_ok(code))
		errs_add(errs, "code", "format", "验证码应为 6 位（短信）或 8 位（窗口）数字",
			 "the code is 6 digits (by SMS) or 8 digits (from the window)");
	errs_t pw = ERRS_INIT;
	account_check_password(username, new_password, &pw);
	for (size_t i = 0; i < pw.n; i++) /* the registration rules name the field "password" */
		errs_add(errs, "new_password", pw.v[i].code, pw.v[i].zh, pw.v[i].en);
	errs_clear(&pw);
	if (errs_any(errs))
		return E_VALIDATION;
	struct confirm_ctx x = {.by = by, .username = username, .code = code, .now = clock_now_ms()};
	/* the slow argon2id outside the writer, and for every request alike */
	if (pw_hash(new_password, x.pw_hash) != 0)
		return E_INTERNAL;
	if (store_write(st, confirm_write, &x) != 0)
		return E_INTERNAL;
	return x.outcome;
}

/* ---------------------------------------------------------------- retention */

static int purge_write(dbc_t *c, void *arg)
{
	int64_t before = clock_now_ms() - retention_ms(RETAIN_RESET_CODES);
	/* a code's message (only SMS codes have one) goes with the code: the
	 * retention counted from the code's expiry, its lifetime after the message */
	int64_t n = reset_store_purge(c, before);
	if (n < 0 || message_purge_kind(c, MESSAGE_KIND, before - SMS.ttl_ms) < 0 ||
	    message_purge_kind(c, CLAIM_KIND, before - CLAIM.ttl_ms) < 0)
		return -1;
	*(int64_t *)arg = n;
	return 0;
}

int reset_job_purge(store_t *st)
{
	int64_t n = 0;
	return store_write(st, purge_write, &n) == 0 ? (int)n : -1;
}
