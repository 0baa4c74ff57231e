/* ratelimit_store.h — the statements of rate_limits (internal to domain/core). */
#ifndef ONESTOP_RATELIMIT_STORE_H
#define ONESTOP_RATELIMIT_STORE_H

#include <stdint.h>
#include "store/store.h"

/* One more for `key` in the window starting at `start` (a row of an older
 * window starts again at 1); the new count, < 0 on a database error. */
int64_t ratelimit_store_add(dbc_t *c, const char *key, int64_t start, int64_t expires);
/* The key's count in the window starting at `start` (0 when none). */
int64_t ratelimit_store_count(dbc_t *c, const char *key, int64_t start);
/* Deletes the rows whose window ended before `now`; how many, < 0 on error. */
int64_t ratelimit_store_forget(dbc_t *c, int64_t now);

#endif
