/* keystore.h — the platform's one secret: a 32-byte master key in a file of
 * its own (mode 0600; never in the database, never logged), from which every
 * working key is derived with libsodium's KDF, one subkey per use: the audit
 * chain's MAC key, the audit checkpoints' signing key and the keys of
 * personal data at rest today, those of certificates as they arrive. Every node of one
 * database runs with the same key file (docs/operations.md).
 *
 * The file holds the key as 64 hex characters. keystore_open creates it
 * (random, 0600, atomically: of two processes creating it at once, one wins
 * and the other reads it) when asked to, and refuses a file that others may
 * read. */
#ifndef ONESTOP_KEYSTORE_H
#define ONESTOP_KEYSTORE_H

#include <stdbool.h>
#include <stddef.h>

#define KEY_BYTES 32

typedef enum {
	KEY_AUDIT_MAC = 1,   /* the audit chain's keyed BLAKE2b */
	KEY_AUDIT_SIGN = 2,  /* the Ed25519 seed of audit checkpoints */
	KEY_PII_SEAL = 3,    /* secretbox of ID numbers, phones and forms at rest (base/seal.h) */
	KEY_PII_INDEX = 4,   /* the keyed blind index of ID numbers and phones (base/seal.h) */
	KEY_TOTP = 5,        /* secretbox of staff TOTP secrets (domain/identity/totp.c) */
	KEY_RESET_CODE = 6,  /* the keyed BLAKE2b of password reset codes (domain/identity/reset.c) */
	KEY_CERT_SIGN = 7,   /* secretbox of certificate signing keys (domain/certs/cert_key.c) */
	KEY_OPEN311 = 8,     /* the keyed BLAKE2b of Open311 API keys (domain/open311/open311_key.c) */
	KEY_FILE_SEAL = 9,   /* secretstream of uploaded files' bytes at rest (base/filebox.h) */
	KEY_EMAIL_CODE = 10, /* the keyed BLAKE2b of email codes (domain/identity/email_change.c) */
} key_use_t;

/* Loads the master key from path (creating it first when create is true and
 * it does not exist). 0, or -1 with a one-line message in err. */
int keystore_open(const char *path, bool create, char *err, size_t errlen);
/* The key from a key file's text (n bytes): exactly 64 hex digits, then
 * at most one newline. 0, or -1 (key zeroed) for anything else — a NUL,
 * blanks, a newline inside, more text. Pure (tests/fuzz/fuzz_keystore.c). */
int keystore_parse(const char *text, size_t n, unsigned char key[KEY_BYTES]);
/* Sets the master key directly (unit tests). */
void keystore_set(const unsigned char master[KEY_BYTES]);
/* Forgets the master key (unit tests: what runs without a key file). */
void keystore_unload(void);
bool keystore_loaded(void);
/* The subkey for a use; all zero when no key is loaded. */
void keystore_derive(key_use_t use, unsigned char out[KEY_BYTES]);

#endif
