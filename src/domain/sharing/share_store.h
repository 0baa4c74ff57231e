/* share_store.h — the statements on certificate_shares (share_store.c).
 * Internal to domain/sharing/. Strings given to a callback are valid only
 * during the call. */
#ifndef ONESTOP_SHARE_STORE_H
#define ONESTOP_SHARE_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "base/page.h"
#include "store/store.h"

typedef struct {
	const char *id, *token_hash, *certificate_id, *holder_account;
	int64_t created_at, expires_at, revoked_at, version; /* revoked_at 0: not revoked */
	int64_t views;                                        /* read only: its data_uses */
} share_row_t;

int share_store_insert(dbc_t *c, const share_row_t *r);
/* One link by its token's digest; false when none. */
bool share_store_by_token(dbc_t *c, const char *token_hash, void (*fn)(const share_row_t *r, void *ctx),
			  void *ctx);
/* One link by id; false when none. */
bool share_store_get(dbc_t *c, const char *id, void (*fn)(const share_row_t *r, void *ctx), void *ctx);
/* The links to a certificate, newest first by (created_at, id), below the cursor `after` (not
 * set: from the newest), at most limit, with their view counts. 0 or -1. */
int share_store_of_certificate(dbc_t *c, const char *certificate_id, const page_cursor_t *after, int limit,
				void (*fn)(const share_row_t *r, void *ctx), void *ctx);
/* Marks a link revoked at version; 1 done, 0 stale or already revoked, -1 error. */
int share_store_revoke(dbc_t *c, const char *id, int64_t version, int64_t now);

#endif
