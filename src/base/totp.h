/* totp.h — time-based one-time passwords (RFC 6238) as authenticator apps and
 * `oathtool --totp` speak them: HMAC-SHA1 (RFC 4226 HOTP) over 30-second
 * steps counted from the Unix epoch, 6 digits; and the base32 (RFC 4648)
 * that carries the secret to the app. Pure functions: no clock, no storage —
 * the caller passes the time and keeps the last accepted step
 * (domain/identity/totp.h). HMAC-SHA1 comes from OpenSSL's libcrypto
 * (libsodium has no SHA-1 HMAC). */
#ifndef ONESTOP_TOTP_H
#define ONESTOP_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TOTP_STEP_MS 30000LL
#define TOTP_DIGITS 6
#define TOTP_SECRET_BYTES 20 /* RFC 4226 §4 recommends 160 bits */
#define TOTP_BASE32_LEN 33   /* 20 bytes as base32 (32 characters) and the NUL */
#define TOTP_WINDOW 1        /* steps accepted either side of now (clock drift) */

/* The step of a UTC time in milliseconds (floor((ms / 1000) / 30)). */
int64_t totp_step(int64_t now_ms);
/* The HOTP value of a step with `digits` digits (6..8); -1 if HMAC fails. */
long totp_code(const unsigned char *key, size_t keylen, int64_t step, int digits);
/* Finds the step in [now - TOTP_WINDOW, now + TOTP_WINDOW] whose 6-digit
 * code is `code` (exactly six ASCII digits), earliest first. True and *step
 * set when one matches. Compares every candidate in constant time. */
bool totp_match(const unsigned char *key, size_t keylen, int64_t now_ms, const char *code, int64_t *step);

/* RFC 4648 base32 without padding, upper case. out holds 8*ceil(n/5)/5+1
 * characters (TOTP_BASE32_LEN for a secret). Returns the length written. */
size_t base32_encode(const unsigned char *in, size_t n, char *out, size_t outlen);
/* Decodes base32 (upper or lower case, spaces and '=' ignored). Returns the
 * number of bytes written, or -1 on a bad character or when out is too small. */
long base32_decode(const char *in, unsigned char *out, size_t outlen);

#endif
