/* totp.c — the staff second factor (see totp.h): sealing secrets, checking
 * and claiming codes, enrolment. The statements are in totp_store.c.
 *
 * The replay rule is the last accepted step: a code of that step or an
 * earlier one is refused. Under a real clock every recorded step is at most
 * one step ahead of now; a recorded step further ahead can only come from a
 * clock that was set back (the test build moves its clock), and is then not
 * held against the codes of the present. */
#include "domain/identity/totp.h"
#include "domain/identity/totp_store.h"
#include "domain/core/audit.h"
#include "base/clock.h"
#include "base/keystore.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define BOX_BYTES (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + TOTP_SECRET_BYTES)
#define BOX_HEX_LEN (2 * BOX_BYTES + 1)

static void seal(const unsigned char secret[TOTP_SECRET_BYTES], char out[BOX_HEX_LEN])
{
	unsigned char key[KEY_BYTES], box[BOX_BYTES];
	keystore_derive(KEY_TOTP, key);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, secret, TOTP_SECRET_BYTES, box, key);
	sodium_bin2hex(out, BOX_HEX_LEN, box, sizeof box);
	sodium_memzero(key, sizeof key);
}

static bool open_box(const char *hex, unsigned char secret[TOTP_SECRET_BYTES])
{
	unsigned char key[KEY_BYTES], box[BOX_BYTES];
	size_t len = 0;
	if (sodium_hex2bin(box, sizeof box, hex, strlen(hex), NULL, &len, NULL) != 0 || len != BOX_BYTES)
		return false;
	keystore_derive(KEY_TOTP, key);
	int rc = crypto_secretbox_open_easy(secret, box + crypto_secretbox_NONCEBYTES,
					    BOX_BYTES - crypto_secretbox_NONCEBYTES, box, key);
	sodium_memzero(key, sizeof key);
	return rc == 0;
}

static bool is_reused(int64_t last_step, int64_t step, int64_t now_ms)
{
	return last_step >= step && last_step <= totp_step(now_ms) + TOTP_WINDOW;
}

errcode_t totp_check(dbc_t *c, const char *account_id, const char *code, int64_t now_ms, int64_t *step)
{
	char hex[BOX_HEX_LEN];
	int64_t last = 0;
	if (!totp_store_get(c, account_id, hex, sizeof hex, &last))
		return E_OTP_NOT_ENROLLED;
	if (!code || !code[0])
		return E_OTP_REQUIRED;
	unsigned char secret[TOTP_SECRET_BYTES];
	if (!open_box(hex, secret))
		return E_INTERNAL;
	bool ok = totp_match(secret, sizeof secret, now_ms, code, step);
	sodium_memzero(secret, sizeof secret);
	if (!ok)
		return E_OTP_INVALID;
	return is_reused(last, *step, now_ms) ? E_OTP_REUSED : E_OK;
}

int totp_claim(dbc_t *c, const char *account_id, int64_t step, int64_t now_ms)
{
	int rc = totp_store_claim(c, account_id, step, totp_step(now_ms) + TOTP_WINDOW);
	return rc < 0 ? -1 : rc == 1 ? 0 : E_OTP_REUSED;
}

struct enrol_ctx {
	const actor_t *by;
	const char *account_id, *expect_username;
	char box[BOX_HEX_LEN];
	char username[64];
	bool found;
};

static int enrol_write(dbc_t *c, void *arg)
{
	struct enrol_ctx *x = arg;
	x->found = totp_store_staff_username(c, x->account_id, x->username, sizeof x->username);
	if (!x->found)
		return E_NOT_FOUND;
	if (x->expect_username && strcmp(x->expect_username, x->username) != 0)
		return E_VALIDATION;
	const char *by = x->by->id[0] ? x->by->id : "system";
	if (totp_store_put(c, x->account_id, x->box, clock_now_ms(), by) != 0)
		return -1;
	json_t *detail = json_pack("{ss}", "username", x->username); /* never the secret */
	int rc = audit_append(c, x->by, "account.totp_enrol", "account", x->account_id, 0, 0, detail);
	json_decref(detail);
	return rc;
}

errcode_t totp_enrol(store_t *st, const actor_t *by, const char *account_id, const char *username,
		     const char *base32, char secret_out[TOTP_BASE32_LEN], char uri_out[TOTP_URI_LEN])
{
	unsigned char secret[TOTP_SECRET_BYTES + 1];
	if (base32) {
		if (base32_decode(base32, secret, sizeof secret) != TOTP_SECRET_BYTES)
			return E_VALIDATION;
	} else
		randombytes_buf(secret, TOTP_SECRET_BYTES);
	struct enrol_ctx x = {.by = by, .account_id = account_id, .expect_username = username};
	seal(secret, x.box);
	base32_encode(secret, TOTP_SECRET_BYTES, secret_out, TOTP_BASE32_LEN);
	sodium_memzero(secret, sizeof secret);
	int rc = store_write(st, enrol_write, &x);
	if (rc == E_NOT_FOUND || (rc == 0 && !x.found)) {
		sodium_memzero(secret_out, TOTP_BASE32_LEN);
		return E_NOT_FOUND;
	}
	if (rc != 0) {
		sodium_memzero(secret_out, TOTP_BASE32_LEN);
		return rc == E_VALIDATION ? E_VALIDATION : E_INTERNAL;
	}
	/* usernames are [A-Za-z0-9_.-]: nothing to escape in the label */
	int w = snprintf(uri_out, TOTP_URI_LEN, "otpauth://totp/onestop:%s?secret=%s&issuer=onestop",
			 x.username, secret_out);
	return w > 0 && w < TOTP_URI_LEN ? E_OK : E_INTERNAL;
}
