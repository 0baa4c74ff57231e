/* accounts.h — people, enterprises and staff; passwords and sessions.
 *
 * People (自然人) register with their name and 身份证号 (GB 11643), enterprises
 * (法人) with their name, 统一社会信用代码 (GB 32100) and legal
 * representative; staff are created by administrators with a department and
 * roles. Passwords are argon2id hashes. A session is a random 256-bit token
 * given to the client once; only its BLAKE2b hash is stored. Browser sessions
 * also get a CSRF token that cookie-authenticated writes must echo. */
#ifndef ONESTOP_ACCOUNTS_H
#define ONESTOP_ACCOUNTS_H

#include <jansson.h>
#include <stdbool.h>
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "base/errs.h"
#include "store/store.h"

#define SESSION_TTL_MS (8LL * 3600 * 1000)
#define TOKEN_HEX_LEN 65

typedef struct {
	const char *kind;          /* person | enterprise | staff */
	const char *username;
	const char *password;
	const char *name;          /* person's or enterprise's name, staff display name */
	const char *id_number;     /* person */
	const char *credit_code;   /* enterprise */
	const char *legal_rep;     /* enterprise */
	const char *phone;
	const char *email;
	const char *department;    /* staff */
	const char *roles;         /* staff, comma-separated */
} account_new_t;

/* Validates and creates an account; every field problem goes to errs (and
 * E_VALIDATION is returned); a taken username, ID number or credit code is
 * E_CONFLICT with the field named. On success writes the new id to out_id. */
errcode_t account_create(store_t *st, const actor_t *by, const account_new_t *in, errs_t *errs, char out_id[40]);

typedef struct {
	char token[TOKEN_HEX_LEN];
	char csrf[TOKEN_HEX_LEN];
	int64_t expires_at;
	char account_id[40];
} session_t;

/* Checks the password (with throttling by account and by client address).
 * E_THROTTLED sets *retry_after_ms. E_BAD_CREDENTIALS never says which part
 * was wrong. */
errcode_t session_login(store_t *st, const char *username, const char *password, const char *client_addr,
			const char *request_id, session_t *out, int64_t *retry_after_ms);
/* Resolves a token to its actor; false when unknown or expired. csrf may be NULL. */
bool session_resolve(dbc_t *c, const char *token, actor_t *out, char csrf[TOKEN_HEX_LEN]);
errcode_t session_logout(store_t *st, const actor_t *a, const char *token);

/* The account as JSON. `self` shows the owner's own data in clear; otherwise
 * ID numbers and phones are masked. NULL when not found. */
json_t *account_json(dbc_t *c, const char *id, bool self);

/* Checks a username/password/name for the rules (shared with staff creation). */
void account_check_password(const char *username, const char *password, errs_t *errs);

#endif
