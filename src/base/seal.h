/* seal.h — personal data at rest: ID numbers, phone numbers and the
 * documents that hold them (case forms, an agent's record, a delivery
 * address) are stored sealed, and looked up through a keyed blind index.
 *
 * A sealed value is text: "s1:" + base64(nonce || secretbox), libsodium's
 * crypto_secretbox_easy (XSalsa20-Poly1305) under the keystore's
 * KEY_PII_SEAL with a fresh random nonce, so equal values seal differently
 * and a changed byte makes the value fail to open. A value without the
 * prefix is legacy plaintext, written before sealing existed: it opens as it
 * is, so old rows read until the one-time step of migration 0013 seals them.
 *
 * The blind index is BLAKE2b-256 keyed with KEY_PII_INDEX over the value's
 * normal form (an ID number upper-cased, a phone's digits only) and its kind,
 * as 64 hex: equal values give equal indexes, so the database can find and
 * refuse duplicates without holding the value, and without the key file
 * nobody can test a guessed number against it.
 *
 * Nothing here works without a loaded keystore: seal and the index fail
 * rather than store a value in the clear. */
#ifndef ONESTOP_SEAL_H
#define ONESTOP_SEAL_H

#include <stdbool.h>
#include <stddef.h>

#define SEAL_PREFIX "s1:"
#define SEAL_INDEX_LEN 65 /* 32-byte BLAKE2b as hex + NUL */

typedef enum {
	SEAL_INDEX_ID_NUMBER = 1, /* GB 11643: upper-cased, spaces dropped */
	SEAL_INDEX_PHONE = 2,     /* the digits only: 138-1234-5678 = 138 1234 5678 = 13812345678 */
} seal_index_kind_t;

/* The sealed text of plain (len bytes), newly allocated; NULL when no key is
 * loaded (the caller must not store the value then). */
char *seal_n(const char *plain, size_t len);
char *seal(const char *plain);
/* The plaintext of a stored value, newly allocated: a sealed value opened, a
 * legacy plaintext copied as it is. NULL when the value is sealed but does
 * not open (changed, another key, no key loaded). NULL in gives NULL. */
char *seal_open(const char *stored);
/* Whether a stored value is sealed (has the prefix). */
bool seal_is_sealed(const char *stored);
/* The blind index of value of a kind into out; false (out empty) when no key
 * is loaded or the value normalises to nothing. */
bool seal_index(seal_index_kind_t kind, const char *value, char out[SEAL_INDEX_LEN]);

#endif
