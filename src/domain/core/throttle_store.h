/* throttle_store.h — the statements of login_throttle (internal to domain/core). */
#ifndef ONESTOP_THROTTLE_STORE_H
#define ONESTOP_THROTTLE_STORE_H

#include <stdint.h>
#include "store/store.h"

/* The key's until_at, when it failed after `since`; 0 otherwise. */
int64_t throttle_store_until(dbc_t *c, const char *key, int64_t since);
/* One more failure at now (the count starts again when the last was before
 * `since`); returns the new count, < 0 on a database error. */
int64_t throttle_store_fail(dbc_t *c, const char *key, int64_t now, int64_t since);
int throttle_store_set_until(dbc_t *c, const char *key, int64_t until);
int throttle_store_delete(dbc_t *c, const char *key);
/* Deletes the keys whose last failure is before `before`; the count, < 0 on error. */
int64_t throttle_store_forget(dbc_t *c, int64_t before);

#endif
