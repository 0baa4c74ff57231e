/* reset_store.h — the SQL of password reset codes (internal to domain/identity). */
#ifndef ONESTOP_RESET_STORE_H
#define ONESTOP_RESET_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "base/crypto.h"
#include "store/store.h"

typedef struct {
	char code_hash[HASH_HEX_LEN];
	char channel[16];
	int64_t attempts, expires_at;
	bool used;
} reset_row_t;

/* Replaces the account's code (one live code per account). 0 or -1. */
int reset_store_put(dbc_t *c, const char *account_id, const char *code_hash, const char *channel,
		    const char *issued_by, int64_t now_ms, int64_t expires_ms);
bool reset_store_get(dbc_t *c, const char *account_id, reset_row_t *out);
/* Takes one try of the account's live code (unused, unexpired, fewer than
 * max_attempts tries), in one statement, so that tries racing on several
 * nodes cannot pass the limit: 1 when taken, 0 when no live code, -1 on error. */
int reset_store_try(dbc_t *c, const char *account_id, int64_t now_ms, int64_t max_attempts);
/* Marks the code used, if it was not. 1 when marked, 0 when already used, -1 on error. */
int reset_store_use(dbc_t *c, const char *account_id, int64_t now_ms);
/* Removes the account's code, whatever its state (erasure). 0 or -1. */
int reset_store_delete(dbc_t *c, const char *account_id);
/* Removes the codes used or expired before `before_ms`. How many, < 0 on error. */
int64_t reset_store_purge(dbc_t *c, int64_t before_ms);

#endif
