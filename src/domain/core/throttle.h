/* throttle.h — growing delays after failed logins, per key. Three failures
 * of a key are free (or as many as its caller allows, throttle_fail_free);
 * then each further failure doubles the wait (1 s, 2 s, 4 s … up to 15
 * minutes), counted from the last failure. A success clears the keys of the
 * account. A key idle for an hour is forgotten. Login (identity/session.c)
 * keys the (address, account) pair first, with the three free failures, and
 * allows more to the address alone and to the account alone
 * (THROTTLE_ADDRESS_FREE, THROTTLE_ACCOUNT_FREE), so that one guesser behind
 * a shared address (an office's NAT) delays neither the colleagues behind it
 * nor the account's owner elsewhere. The counters are rows (login_throttle),
 * so every node on the database applies the same delays and a restart
 * forgives nothing. */
#ifndef ONESTOP_THROTTLE_H
#define ONESTOP_THROTTLE_H

#include <stdint.h>
#include "store/store.h"

#define THROTTLE_FREE_FAILURES 3
#define THROTTLE_MAX_DELAY_MS (15 * 60 * 1000LL)
#define THROTTLE_FORGET_MS (60 * 60 * 1000LL)
/* Login's ceilings beside its pair key: failures from one address for any
 * accounts (spraying), and for one account from any addresses. */
#define THROTTLE_ADDRESS_FREE 30
#define THROTTLE_ACCOUNT_FREE 30

/* The wait after `failures` failures (0 while they are free). */
int64_t throttle_delay_ms(int64_t failures);
/* The same with `free` failures free. */
int64_t throttle_delay_free_ms(int64_t failures, int64_t free);
/* Milliseconds the caller must still wait before trying `key` again; 0 = go. */
int64_t throttle_wait_ms(dbc_t *c, const char *key, int64_t now_ms);
/* Counts one failure for each of the n keys, in one durable write. 0, or STORE_FAILED. */
int throttle_fail(store_t *st, const char *const *keys, int n, int64_t now_ms);
/* The same, key i having frees[i] free failures. */
int throttle_fail_free(store_t *st, const char *const *keys, const int64_t *frees, int n, int64_t now_ms);
/* Inside a write: forgets the key (a successful login). 0, or < 0 on a database error. */
int throttle_clear(dbc_t *c, const char *key);
/* The job: removes keys idle for THROTTLE_FORGET_MS. Returns how many, < 0 on error. */
int throttle_job_forget(store_t *st);

#endif
