/* cert_key.h — the departments' signing keys: each has a published id, an
 * algorithm (the demo's 市场监管 signs with SM2-SM3, every other department
 * with Ed25519), a validity period and a private half stored only encrypted.
 *
 * The private half is a secretbox under the keystore's KEY_CERT_SIGN (key
 * file, never the database), as "c1:" + base64(nonce || box); it is opened
 * only in memory to sign and wiped after. A department gets its first key
 * when it first issues; a rotation retires the key in service and makes a new
 * one, and what the old key signed during its period goes on verifying. */
#ifndef ONESTOP_CERT_KEY_H
#define ONESTOP_CERT_KEY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "base/sign.h"
#include "store/store.h"

#define CERT_KEY_ID_LEN 64
#define CERT_KEY_VALID_MS (3LL * 366 * 86400 * 1000) /* a key signs for three years at most */

/* The algorithm a department signs with. */
sign_alg_t cert_key_alg_of(const char *department);
/* The department's key in service at now, with its private half opened,
 * making one first when it has none. 0, or -1 (no key file, database error). */
int cert_key_signing(dbc_t *c, const char *department, int64_t now, sign_key_t *key,
		     char key_id[CERT_KEY_ID_LEN]);
/* Retires the department's key in service and makes a new one (its id in
 * new_id). 0, or -1. */
int cert_key_rotate(dbc_t *c, const char *department, int64_t now, char new_id[CERT_KEY_ID_LEN]);
/* The published keys: {"keys": [{id, department, algorithm, public_key
 * (base64url), not_before, not_after, retired_at (ms or null)}]}. New. */
json_t *cert_keys_json(dbc_t *c);
/* Base64url without padding (the published form of keys and signatures). New string. */
char *cert_b64url(const unsigned char *bin, size_t len);
/* Decodes base64url into out (cap bytes); the length, or -1. */
int cert_b64url_decode(const char *text, unsigned char *out, size_t cap);

#endif
