/* throttle.h — growing delays after failed logins, per account and per
 * client address. Three failures are free; then each further failure doubles
 * the wait (1 s, 2 s, 4 s … up to 15 minutes). A success clears the account's
 * counter. State is in memory: a restart forgives, which is acceptable for a
 * delay (not a lockout) and keeps the login path free of writes. */
#ifndef ONESTOP_THROTTLE_H
#define ONESTOP_THROTTLE_H

#include <stdint.h>

/* Milliseconds the caller must still wait before trying `key` again; 0 = go. */
int64_t throttle_wait_ms(const char *key, int64_t now_ms);
void throttle_fail(const char *key, int64_t now_ms);
void throttle_clear(const char *key);

#endif
