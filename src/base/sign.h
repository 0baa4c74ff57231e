/* sign.h — digital signatures for certificates, with the algorithm named by
 * the key: Ed25519 (libsodium) and SM2 with SM3 (OpenSSL 3, GB/T 32918 and
 * GB/T 32905), the national algorithms Chinese e-certificate practice asks
 * for. Every verifier handles both.
 *
 * SM2 signs with the default distinguishing identifier of GB/T 35276,
 * "1234567812345678" (16 bytes), which enters the Z value hashed with the
 * message; a verifier elsewhere must use the same one. An SM2 signature is
 * the DER SEQUENCE of r and s (at most 72 bytes), an Ed25519 one 64 bytes.
 *
 * Key bytes: Ed25519 public 32, private the 32-byte seed; SM2 public the
 * uncompressed point (65 bytes, 0x04 || x || y), private the 32-byte scalar.
 * A private key here is the caller's to keep secret (domain/certs stores it
 * sealed); sign_key_wipe clears it. */
#ifndef ONESTOP_SIGN_H
#define ONESTOP_SIGN_H

#include <stdbool.h>
#include <stddef.h>

#define SIGN_PUB_MAX 65
#define SIGN_PRIV_MAX 32
#define SIGN_SIG_MAX 72
#define SIGN_SM2_ID "1234567812345678"

typedef enum {
	SIGN_ED25519 = 1,
	SIGN_SM2 = 2, /* SM2 signature over SM3 */
} sign_alg_t;

typedef struct {
	sign_alg_t alg;
	unsigned char pub[SIGN_PUB_MAX];
	size_t pub_len;
	unsigned char priv[SIGN_PRIV_MAX];
	size_t priv_len; /* 0: a public key only */
} sign_key_t;

/* "Ed25519" and "SM2-SM3": the names in published keys and certificates. */
const char *sign_alg_name(sign_alg_t alg);
/* The algorithm of a name; false for any other text. */
bool sign_alg_parse(const char *name, sign_alg_t *alg);
/* A fresh key pair. 0, or -1 (the library failed). */
int sign_keygen(sign_alg_t alg, sign_key_t *out);
/* A key from its public part alone (verifying); -1 when the bytes are not a
 * key of that algorithm (wrong length, SM2 point not on the curve). */
int sign_key_public(sign_alg_t alg, const unsigned char *pub, size_t pub_len, sign_key_t *out);
/* Signs msg with a private key into sig (SIGN_SIG_MAX bytes); 0 and *sig_len, or -1. */
int sign_sign(const sign_key_t *k, const void *msg, size_t len, unsigned char *sig, size_t *sig_len);
/* Whether sig is k's signature of msg. Any malformed input is simply false. */
bool sign_verify(const sign_key_t *k, const void *msg, size_t len, const unsigned char *sig, size_t sig_len);
void sign_key_wipe(sign_key_t *k);

#endif
