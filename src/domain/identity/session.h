/* session.h — logging in and out, and resolving a request's token.
 *
 * A session is a random 256-bit token given to the client once; only its
 * BLAKE2b hash is stored. Browser sessions also get a CSRF token that
 * cookie-authenticated writes must echo. Failed logins are slowed down per
 * username and per client address (domain/core/throttle.h). */
#ifndef ONESTOP_SESSION_H
#define ONESTOP_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "store/store.h"

#define SESSION_TTL_MS (8LL * 3600 * 1000)
#define TOKEN_HEX_LEN 65

typedef struct {
	char token[TOKEN_HEX_LEN];
	char csrf[TOKEN_HEX_LEN];
	int64_t expires_at;
	char account_id[ACTOR_ID_LEN];
} session_t;

/* Checks the password (with throttling by account and by client address)
 * and, for staff, the one-time code `otp` (totp.h; NULL when none was sent):
 * E_OTP_REQUIRED, E_OTP_INVALID, E_OTP_REUSED, E_OTP_NOT_ENROLLED, each
 * counted as a failed login. The code is looked at only once the password is
 * right. E_THROTTLED sets *retry_after_ms. E_BAD_CREDENTIALS never says which
 * part was wrong. */
errcode_t session_login(store_t *st, const char *username, const char *password, const char *otp,
			const char *client_addr, const char *request_id, session_t *out,
			int64_t *retry_after_ms);
/* Resolves a token to its actor; false when unknown or expired. csrf may be NULL. */
bool session_resolve(dbc_t *c, const char *token, actor_t *out, char csrf[TOKEN_HEX_LEN]);
errcode_t session_logout(store_t *st, const actor_t *a, const char *token);
/* The job: removes sessions expired longer ago than their retention
 * (domain/core/retention.h). How many, < 0 on error. */
int session_job_forget(store_t *st);

#endif
