/* session.c — login, token resolution and logout (see session.h). The
 * statements are in session_store.c; the account's password and actor come
 * from account_store.c, the same subsystem. */
#include "domain/identity/session.h"
#include "domain/identity/session_store.h"
#include "domain/identity/account_store.h"
#include "domain/identity/totp.h"
#include "domain/core/audit.h"
#include "domain/core/retention.h"
#include "domain/core/throttle.h"
#include "base/clock.h"
#include "base/crypto.h"
#include <stdio.h>
#include <string.h>

#define THROTTLE_KEY_LEN 160

struct login_ctx {
	const char *account_id;
	const char *throttle_key, *pair_key;
	char token_hash[HASH_HEX_LEN];
	const char *csrf;
	int64_t now, expires;
	actor_t actor;
	bool otp;              /* a staff login: claim otp_step */
	int64_t otp_step;
};

static int login_write(dbc_t *c, void *arg)
{
	struct login_ctx *x = arg;
	if (x->otp) {
		int claimed = totp_claim(c, x->account_id, x->otp_step, x->now);
		if (claimed != 0)
			return claimed;   /* E_OTP_REUSED: another request took the code first */
	}
	if (session_store_purge(c, x->account_id, x->now) != 0 ||
	    session_store_insert(c, x->token_hash, x->account_id, x->csrf, x->now, x->expires) != 0 ||
	    throttle_clear(c, x->throttle_key) != 0 || throttle_clear(c, x->pair_key) != 0)
		return -1;
	return audit_append(c, &x->actor, "session.create", "account", x->account_id, 0, 0, NULL);
}

/* The pair's key has the usual three free failures; the account's and the
 * address's alone allow more (throttle.h). */
static void fail(store_t *st, const char *pkey, const char *ukey, const char *akey, int64_t now)
{
	const char *keys[] = {pkey, ukey, akey};
	const int64_t frees[] = {THROTTLE_FREE_FAILURES, THROTTLE_ACCOUNT_FREE, THROTTLE_ADDRESS_FREE};
	throttle_fail_free(st, keys, frees, 3, now);
}

errcode_t session_login(store_t *st, const char *username, const char *password, const char *otp,
			const char *client_addr, const char *request_id, session_t *out,
			int64_t *retry_after_ms)
{
	char ukey[THROTTLE_KEY_LEN], akey[THROTTLE_KEY_LEN], pkey[THROTTLE_KEY_LEN];
	const char *addr = client_addr ? client_addr : "-";
	snprintf(ukey, sizeof ukey, "u:%s", username);
	snprintf(akey, sizeof akey, "a:%s", addr);
	snprintf(pkey, sizeof pkey, "p:%s|%s", addr, username);
	int64_t now = clock_now_ms();
	dbc_t *rc = store_reader(st);
	if (!rc)
		return E_INTERNAL;
	int64_t w1 = throttle_wait_ms(rc, ukey, now), w2 = throttle_wait_ms(rc, akey, now),
		w3 = throttle_wait_ms(rc, pkey, now);
	if (w1 || w2 || w3) {
		int64_t w = w1 > w2 ? w1 : w2;
		*retry_after_ms = w > w3 ? w : w3;
		return E_THROTTLED;
	}
	account_login_t acc;
	bool found = account_store_login(rc, username, &acc);
	/* Verify against a real hash even for unknown users, so timing does not tell which
	 * usernames exist. */
	static char dummy[PW_HASH_LEN];
	if (!found || !acc.password_hash[0]) {
		if (!dummy[0])
			pw_hash("dummy-password-0", dummy);
		pw_verify(dummy, password);
		fail(st, pkey, ukey, akey, now);
		return E_BAD_CREDENTIALS;
	}
	if (!pw_verify(acc.password_hash, password) || strcmp(acc.status, "active") != 0) {
		fail(st, pkey, ukey, akey, now);
		return E_BAD_CREDENTIALS;
	}
	struct login_ctx x = {.actor = acc.actor, .throttle_key = ukey, .pair_key = pkey};
	/* Staff sign in with a second factor, and without one not at all. Asked
	 * only once the password is right; a failed code counts like a failed
	 * password. */
	if (acc.actor.roles & ROLES_STAFF) {
		errcode_t oc = totp_check(rc, acc.id, otp, now, &x.otp_step);
		if (oc != E_OK) {
			if (oc != E_INTERNAL)
				fail(st, pkey, ukey, akey, now);
			return oc;
		}
		x.otp = true;
	}
	rand_hex(out->token, 32);
	rand_hex(out->csrf, 32);
	hash_hex(out->token, strlen(out->token), x.token_hash);
	x.account_id = acc.id;
	x.csrf = out->csrf;
	x.now = now;
	x.expires = now + SESSION_TTL_MS;
	snprintf(x.actor.id, sizeof x.actor.id, "%s", acc.id);
	snprintf(x.actor.request_id, sizeof x.actor.request_id, "%s", request_id ? request_id : "-");
	int w = store_write(st, login_write, &x);
	if (w == E_OTP_REUSED) {
		fail(st, pkey, ukey, akey, now);
		return E_OTP_REUSED;
	}
	if (w != 0)
		return E_INTERNAL;
	out->expires_at = x.expires;
	snprintf(out->account_id, sizeof out->account_id, "%s", acc.id);
	return E_OK;
}

bool session_resolve(dbc_t *c, const char *token, actor_t *out, char csrf[TOKEN_HEX_LEN])
{
	if (strlen(token) != 64)
		return false;
	char h[HASH_HEX_LEN];
	hash_hex(token, 64, h);
	return session_store_resolve(c, h, clock_now_ms(), out, csrf);
}

struct logout_ctx {
	const actor_t *a;
	char h[HASH_HEX_LEN];
};

static int logout_write(dbc_t *c, void *arg)
{
	struct logout_ctx *x = arg;
	if (session_store_delete(c, x->h) != 0)
		return -1;
	return audit_append(c, x->a, "session.delete", "account", x->a->id, 0, 0, NULL);
}

errcode_t session_logout(store_t *st, const actor_t *a, const char *token)
{
	struct logout_ctx x = {.a = a};
	hash_hex(token, strlen(token), x.h);
	return store_write(st, logout_write, &x) == 0 ? E_OK : E_INTERNAL;
}

static int forget_write(dbc_t *c, void *arg)
{
	int64_t n = session_store_forget(c, clock_now_ms() - retention_ms(RETAIN_SESSIONS));
	if (n < 0)
		return -1;
	*(int64_t *)arg = n;
	return 0;
}

int session_job_forget(store_t *st)
{
	int64_t n = 0;
	return store_write(st, forget_write, &n) == 0 ? (int)n : -1;
}
