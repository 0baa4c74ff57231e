/* session_store.h — the SQL of sessions (internal to domain/identity). Tokens
 * arrive here already hashed: the store never sees a usable token. */
#ifndef ONESTOP_SESSION_STORE_H
#define ONESTOP_SESSION_STORE_H

#include "domain/identity/session.h"

/* Drops the account's sessions that expired before now. Returns 0 or -1. */
int session_store_purge(dbc_t *c, const char *account_id, int64_t now_ms);
/* Returns 0, or -1 on a database error. */
int session_store_insert(dbc_t *c, const char *token_hash, const char *account_id, const char *csrf,
			 int64_t now_ms, int64_t expires_ms);
/* The actor of an unexpired session of an active account: id, kind, roles,
 * department, display name (request id untouched), and its CSRF token when
 * csrf is not NULL. False when none, or when the stored roles do not parse. */
bool session_store_resolve(dbc_t *c, const char *token_hash, int64_t now_ms, actor_t *out,
			   char csrf[TOKEN_HEX_LEN]);
/* Returns 0, or -1 on a database error. */
int session_store_delete(dbc_t *c, const char *token_hash);

/* Ends every session of the account (a new password, an erasure). 0 or -1. */
int session_store_revoke_all(dbc_t *c, const char *account_id);
/* Removes every session that expired before `before_ms`. How many, < 0 on error. */
int64_t session_store_forget(dbc_t *c, int64_t before_ms);

#endif
