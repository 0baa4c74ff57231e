/* totp_store.h — the SQL of staff second factors (internal to
 * domain/identity; others use totp.h). */
#ifndef ONESTOP_TOTP_STORE_H
#define ONESTOP_TOTP_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "store/store.h"

/* The sealed secret (hex) and the last accepted step; false when none. */
bool totp_store_get(dbc_t *c, const char *account_id, char *box_hex, size_t n, int64_t *last_step);
/* Sets last_step = step where last_step < step, or where last_step lies
 * beyond max_last (a clock set back: see totp.c). 1 claimed, 0 not, < 0 error. */
int totp_store_claim(dbc_t *c, const char *account_id, int64_t step, int64_t max_last);
/* Inserts or replaces the row (last_step 0). 0, or < 0 on error. */
int totp_store_put(dbc_t *c, const char *account_id, const char *box_hex, int64_t now_ms, const char *by);
/* The username of an active staff account; false when there is none with that id. */
bool totp_store_staff_username(dbc_t *c, const char *account_id, char *out, size_t n);

#endif
