/* crypto.h — the few cryptographic operations onestop needs, on libsodium:
 * random tokens, BLAKE2b digests (session token storage, audit chain) and
 * argon2id password hashes. */
#ifndef ONESTOP_CRYPTO_H
#define ONESTOP_CRYPTO_H

#include <stddef.h>
#include <stdbool.h>

#define HASH_HEX_LEN 65        /* 32-byte BLAKE2b as hex + NUL */
#define PW_HASH_LEN 128        /* crypto_pwhash_STRBYTES */

int crypto_setup(void);                                   /* sodium_init; 0 ok */
void rand_hex(char *out, size_t nbytes);                  /* out has 2*nbytes+1 */
/* A new row id: 32 hex digits, the time in milliseconds (48 bits) then 80 random bits. Nobody
 * can guess one (2^80), and rows made together sit together in every index keyed by them, so an
 * insert touches the pages the last inserts touched however large the table grows, where a wholly
 * random id touches a page anywhere in it (docs/architecture.md, "Flat as the data grows"). */
#define ID_HEX_LEN 33
void id_new(char out[ID_HEX_LEN]);
/* n random decimal digits, each uniform (a one-time code); out has n+1. */
void rand_digits(char *out, size_t n);
void hash_hex(const void *data, size_t len, char out[HASH_HEX_LEN]);
/* BLAKE2b-256 of a || b (the audit chain link), keyed when key is not NULL (32 bytes). */
void hash2_hex(const unsigned char *key, const char *a, const void *b, size_t blen, char out[HASH_HEX_LEN]);
int pw_hash(const char *password, char out[PW_HASH_LEN]);  /* argon2id, m=19 MiB, t=2 */
bool pw_verify(const char *stored, const char *password);
/* A request id: 24 hex characters, unique in practice but not secret (a fast
 * per-thread generator seeded from the system's randomness). out has 25. */
void request_id_new(char out[25]);
/* Constant-time comparison of two NUL-terminated strings. */
bool str_eq_ct(const char *a, const char *b);

#endif
