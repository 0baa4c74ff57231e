/* sign.c — see sign.h. Ed25519 through libsodium's detached signatures from
 * a seed; SM2 through OpenSSL 3's EVP interface, building the key from its
 * raw parts each time (EVP_PKEY_fromdata) so that nothing but plain bytes
 * leaves this file. */
#include "base/sign.h"
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

const char *sign_alg_name(sign_alg_t alg)
{
	switch (alg) {
	case SIGN_ED25519:
		return "Ed25519";
	case SIGN_SM2:
		return "SM2-SM3";
	}
	return "?";
}

bool sign_alg_parse(const char *name, sign_alg_t *alg)
{
	if (!name)
		return false;
	if (strcmp(name, "Ed25519") == 0)
		*alg = SIGN_ED25519;
	else if (strcmp(name, "SM2-SM3") == 0)
		*alg = SIGN_SM2;
	else
		return false;
	return true;
}

void sign_key_wipe(sign_key_t *k) { sodium_memzero(k, sizeof *k); }

/* The OpenSSL key of an SM2 key's raw parts (with the private scalar when
 * the key has one); NULL when they are not a key. */
static EVP_PKEY *sm2_pkey(const sign_key_t *k)
{
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	BIGNUM *d = NULL;
	if (!bld)
		goto out;
	if (!OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "SM2", 0) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, k->pub, k->pub_len))
		goto out;
	if (k->priv_len) {
		d = BN_secure_new();
		if (!d || !BN_bin2bn(k->priv, (int)k->priv_len, d) ||
		    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d))
			goto out;
	}
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) <= 0)
		goto out;
	if (EVP_PKEY_fromdata(ctx, &pkey, k->priv_len ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params) <= 0)
		pkey = NULL;
out:
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_clear_free(d);
	return pkey;
}

static int sm2_keygen(sign_key_t *out)
{
	int rc = -1;
	BIGNUM *d = NULL;
	EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "SM2");
	if (!pkey)
		return -1;
	size_t pub_len = 0;
	if (EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, out->pub, sizeof out->pub,
					    &pub_len) != 1 ||
	    pub_len != 65)
		goto out;
	if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_PRIV_KEY, &d) != 1 ||
	    BN_bn2binpad(d, out->priv, 32) != 32)
		goto out;
	out->pub_len = pub_len;
	out->priv_len = 32;
	rc = 0;
out:
	BN_clear_free(d);
	EVP_PKEY_free(pkey);
	return rc;
}

int sign_keygen(sign_alg_t alg, sign_key_t *out)
{
	memset(out, 0, sizeof *out);
	out->alg = alg;
	if (alg == SIGN_ED25519) {
		unsigned char sk[crypto_sign_SECRETKEYBYTES];
		randombytes_buf(out->priv, 32);
		crypto_sign_seed_keypair(out->pub, sk, out->priv);
		sodium_memzero(sk, sizeof sk);
		out->pub_len = 32;
		out->priv_len = 32;
		return 0;
	}
	if (alg == SIGN_SM2 && sm2_keygen(out) == 0)
		return 0;
	sign_key_wipe(out);
	return -1;
}

int sign_key_public(sign_alg_t alg, const unsigned char *pub, size_t pub_len, sign_key_t *out)
{
	memset(out, 0, sizeof *out);
	out->alg = alg;
	if (alg == SIGN_ED25519 && pub_len == 32) {
		memcpy(out->pub, pub, 32);
		out->pub_len = 32;
		return 0;
	}
	if (alg == SIGN_SM2 && pub_len == 65 && pub[0] == 0x04) {
		memcpy(out->pub, pub, 65);
		out->pub_len = 65;
		EVP_PKEY *pkey = sm2_pkey(out);
		if (pkey) {
			EVP_PKEY_free(pkey);
			return 0;
		}
	}
	memset(out, 0, sizeof *out);
	return -1;
}

/* Signs (sig != NULL, sig_len in/out) or verifies with SM2/SM3 and the default id. */
static int sm2_run(const sign_key_t *k, bool signing, const void *msg, size_t len, unsigned char *sig,
		   size_t *sig_len)
{
	int rc = -1;
	EVP_PKEY *pkey = sm2_pkey(k);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	if (!pkey || !md)
		goto out;
	/* The id is set after init (OpenSSL 3.0 refuses it among the init
	 * parameters) and before the first byte, when the Z value is computed. */
	if (signing) {
		if (EVP_DigestSignInit_ex(md, &pctx, "SM3", NULL, NULL, pkey, NULL) == 1 &&
		    EVP_PKEY_CTX_set1_id(pctx, SIGN_SM2_ID, sizeof SIGN_SM2_ID - 1) == 1 &&
		    EVP_DigestSign(md, sig, sig_len, msg, len) == 1)
			rc = 0;
	} else {
		if (EVP_DigestVerifyInit_ex(md, &pctx, "SM3", NULL, NULL, pkey, NULL) == 1 &&
		    EVP_PKEY_CTX_set1_id(pctx, SIGN_SM2_ID, sizeof SIGN_SM2_ID - 1) == 1 &&
		    EVP_DigestVerify(md, sig, *sig_len, msg, len) == 1)
			rc = 0;
	}
out:
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(pkey);
	return rc;
}

int sign_sign(const sign_key_t *k, const void *msg, size_t len, unsigned char *sig, size_t *sig_len)
{
	if (!k->priv_len)
		return -1;
	if (k->alg == SIGN_ED25519) {
		unsigned char pk[32], sk[crypto_sign_SECRETKEYBYTES];
		unsigned long long n = 0;
		crypto_sign_seed_keypair(pk, sk, k->priv);
		int rc = crypto_sign_detached(sig, &n, msg, len, sk);
		sodium_memzero(sk, sizeof sk);
		*sig_len = (size_t)n;
		return rc == 0 ? 0 : -1;
	}
	if (k->alg == SIGN_SM2) {
		*sig_len = SIGN_SIG_MAX;
		return sm2_run(k, true, msg, len, sig, sig_len);
	}
	return -1;
}

/* SM2 verifications already done. A verification depends on nothing but the
 * algorithm, the public key, the message and the signature, so its verdict is
 * kept under a BLAKE2b-256 of all four: a certificate verified again (the
 * public verify page, its QR address, a reuse as a material) costs a hash,
 * not an SM2 verification (~30 times the hash of a certificate's bytes).
 * Direct-mapped; a collision only replaces an entry. Ed25519 is fast enough
 * as it is. */
enum { VERIFIED_SLOTS = 1024 };
static struct {
	unsigned char digest[crypto_generichash_BYTES];
	bool used, valid;
} verified[VERIFIED_SLOTS];
static pthread_mutex_t verified_mu = PTHREAD_MUTEX_INITIALIZER;

static void verify_digest(const sign_key_t *k, const void *msg, size_t len, const unsigned char *sig,
			  size_t sig_len, unsigned char out[crypto_generichash_BYTES])
{
	crypto_generichash_state st;
	unsigned char head[2 + 2 * sizeof(uint64_t)];
	uint64_t lens[2] = {k->pub_len, sig_len};
	head[0] = (unsigned char)k->alg;
	head[1] = 0;
	memcpy(head + 2, lens, sizeof lens); /* the lengths keep key, signature and message apart */
	crypto_generichash_init(&st, NULL, 0, crypto_generichash_BYTES);
	crypto_generichash_update(&st, head, sizeof head);
	crypto_generichash_update(&st, k->pub, k->pub_len);
	crypto_generichash_update(&st, sig, sig_len);
	crypto_generichash_update(&st, msg, len);
	crypto_generichash_final(&st, out, crypto_generichash_BYTES);
}

static bool sm2_verify_kept(const sign_key_t *k, const void *msg, size_t len, const unsigned char *sig,
			    size_t sig_len)
{
	unsigned char d[crypto_generichash_BYTES];
	verify_digest(k, msg, len, sig, sig_len, d);
	size_t slot;
	memcpy(&slot, d, sizeof slot);
	slot %= VERIFIED_SLOTS;
	pthread_mutex_lock(&verified_mu);
	bool known = verified[slot].used && sodium_memcmp(verified[slot].digest, d, sizeof d) == 0;
	bool valid = known && verified[slot].valid;
	pthread_mutex_unlock(&verified_mu);
	if (known)
		return valid;
	valid = sm2_run(k, false, msg, len, (unsigned char *)sig, &sig_len) == 0;
	pthread_mutex_lock(&verified_mu);
	memcpy(verified[slot].digest, d, sizeof d);
	verified[slot].used = true;
	verified[slot].valid = valid;
	pthread_mutex_unlock(&verified_mu);
	return valid;
}

bool sign_verify(const sign_key_t *k, const void *msg, size_t len, const unsigned char *sig, size_t sig_len)
{
	if (!sig || sig_len == 0 || sig_len > SIGN_SIG_MAX)
		return false;
	if (k->alg == SIGN_ED25519)
		return k->pub_len == 32 && sig_len == crypto_sign_BYTES &&
		       crypto_sign_verify_detached(sig, msg, len, k->pub) == 0;
	if (k->alg == SIGN_SM2)
		return sm2_verify_kept(k, msg, len, sig, sig_len);
	return false;
}
