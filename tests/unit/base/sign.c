/* sign.c — unit tests of base/sign. The rules: for both algorithms a
 * signature verifies under the key that made it and under its public part
 * alone; a single flipped bit anywhere — in the message, the signature or
 * the public key — makes it fail; another key of the same algorithm, and the
 * same bytes read as the other algorithm, fail; malformed keys are refused.
 * An Ed25519 vector of RFC 8032 (test 2) pins the algorithm to the standard. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>

#include "base/sign.h"

static const char MSG[] = "{\"holder\":\"91310000MA1FL8XQ2B\",\"type\":\"营业执照\"}";

static void flip_each_bit(const sign_key_t *pub, unsigned char *msg, size_t len, unsigned char *sig,
                          size_t sig_len)
{
	for (size_t i = 0; i < len * 8; i += 7) {
		msg[i / 8] ^= (unsigned char)(1u << (i % 8));
		assert_false(sign_verify(pub, msg, len, sig, sig_len));
		msg[i / 8] ^= (unsigned char)(1u << (i % 8));
	}
	for (size_t i = 0; i < sig_len * 8; i++) {
		sig[i / 8] ^= (unsigned char)(1u << (i % 8));
		assert_false(sign_verify(pub, msg, len, sig, sig_len));
		sig[i / 8] ^= (unsigned char)(1u << (i % 8));
	}
	for (size_t i = 0; i < pub->pub_len * 8; i += 3) {
		sign_key_t k = *pub;
		k.pub[i / 8] ^= (unsigned char)(1u << (i % 8));
		assert_false(sign_verify(&k, msg, len, sig, sig_len));
	}
	assert_true(sign_verify(pub, msg, len, sig, sig_len));
}

static void round_trip(sign_alg_t alg, size_t pub_len)
{
	sign_key_t k, pub, other;
	assert_int_equal(sign_keygen(alg, &k), 0);
	assert_int_equal(k.pub_len, pub_len);
	assert_int_equal(k.priv_len, 32);
	unsigned char msg[sizeof MSG];
	memcpy(msg, MSG, sizeof MSG);
	unsigned char sig[SIGN_SIG_MAX];
	size_t sig_len = 0;
	assert_int_equal(sign_sign(&k, msg, sizeof msg, sig, &sig_len), 0);
	assert_true(sig_len > 0 && sig_len <= SIGN_SIG_MAX);
	assert_true(sign_verify(&k, msg, sizeof msg, sig, sig_len));
	assert_int_equal(sign_key_public(alg, k.pub, k.pub_len, &pub), 0);
	assert_int_equal(pub.priv_len, 0);
	assert_true(sign_verify(&pub, msg, sizeof msg, sig, sig_len));
	assert_int_equal(sign_sign(&pub, msg, sizeof msg, sig, &sig_len) == 0, 0); /* no private part */
	flip_each_bit(&pub, msg, sizeof msg, sig, sig_len);
	assert_false(sign_verify(&pub, msg, sizeof msg - 1, sig, sig_len));
	assert_false(sign_verify(&pub, msg, sizeof msg, sig, sig_len - 1));
	assert_int_equal(sign_keygen(alg, &other), 0);
	assert_false(sign_verify(&other, msg, sizeof msg, sig, sig_len));
	sign_key_wipe(&k);
	for (size_t i = 0; i < sizeof k; i++)
		assert_int_equal(((unsigned char *)&k)[i], 0);
}

static void test_ed25519(void **state)
{
	(void)state;
	round_trip(SIGN_ED25519, 32);
}

static void test_sm2_sm3(void **state)
{
	(void)state;
	round_trip(SIGN_SM2, 65);
}

static void test_algorithms_do_not_mix(void **state)
{
	(void)state;
	sign_key_t ed, sm, as_other;
	unsigned char sig[SIGN_SIG_MAX];
	size_t n;
	assert_int_equal(sign_keygen(SIGN_ED25519, &ed), 0);
	assert_int_equal(sign_keygen(SIGN_SM2, &sm), 0);
	assert_int_equal(sign_sign(&ed, MSG, sizeof MSG, sig, &n), 0);
	assert_int_equal(sign_key_public(SIGN_SM2, ed.pub, ed.pub_len, &as_other), -1);
	assert_int_equal(sign_sign(&sm, MSG, sizeof MSG, sig, &n), 0);
	assert_int_equal(sign_key_public(SIGN_ED25519, sm.pub, sm.pub_len, &as_other), -1);
	/* 65 bytes that are not a point on the SM2 curve */
	unsigned char bad[65] = {0x04};
	bad[64] = 1;
	assert_int_equal(sign_key_public(SIGN_SM2, bad, sizeof bad, &as_other), -1);
	sign_alg_t a;
	assert_true(sign_alg_parse("SM2-SM3", &a) && a == SIGN_SM2);
	assert_true(sign_alg_parse("Ed25519", &a) && a == SIGN_ED25519);
	assert_false(sign_alg_parse("ed25519", &a));
	assert_false(sign_alg_parse("SM2", &a));
}

/* RFC 8032 §7.1 TEST 2: one-byte message 0x72. */
static void test_ed25519_rfc8032(void **state)
{
	(void)state;
	const char *seed_hex = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
	const char *pub_hex = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
	const char *sig_hex = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
	                      "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";
	sign_key_t k = {.alg = SIGN_ED25519, .pub_len = 32, .priv_len = 32};
	unsigned char want[64], sig[SIGN_SIG_MAX];
	size_t n = 0;
	assert_int_equal(sodium_hex2bin(k.priv, 32, seed_hex, 64, NULL, NULL, NULL), 0);
	assert_int_equal(sodium_hex2bin(k.pub, 32, pub_hex, 64, NULL, NULL, NULL), 0);
	assert_int_equal(sodium_hex2bin(want, 64, sig_hex, 128, NULL, NULL, NULL), 0);
	const unsigned char msg[] = {0x72};
	assert_int_equal(sign_sign(&k, msg, 1, sig, &n), 0);
	assert_int_equal(n, 64);
	assert_memory_equal(sig, want, 64);
}

/* A signature made by the openssl command line, which verifies only with the
 * id given (`openssl pkeyutl -sign -rawin -digest sm3 -pkeyopt
 * distid:1234567812345678`): ours must verify it, so both sides hash the same
 * Z value; the same signature over another id's Z would not verify. */
static void test_sm2_interoperates_with_openssl_cli(void **state)
{
	(void)state;
	const char *pub_hex = "04a88ddb49946b5032674854e37496b3eba11457cb0b8ad0b21ec638cf61ef0513"
	                      "3535a9aec32aaa36e712fecb7c24e8e545dbac2c4b9dbab2fa30383a0dc25a33";
	const char *sig_hex = "30440220275808221934de3f8b5d160ed16b5479c90f91eccb693c36215ae5c7bada442e"
	                      "02204a77e1235612cfb87a90715c74b769827ad08a335e221ddfc31e17d39754f8a0";
	unsigned char pub[65], sig[70];
	assert_int_equal(sodium_hex2bin(pub, 65, pub_hex, 130, NULL, NULL, NULL), 0);
	assert_int_equal(sodium_hex2bin(sig, 70, sig_hex, 140, NULL, NULL, NULL), 0);
	sign_key_t k;
	assert_int_equal(sign_key_public(SIGN_SM2, pub, 65, &k), 0);
	assert_true(sign_verify(&k, "onestop SM2 vector", 18, sig, 70));
	assert_false(sign_verify(&k, "onestop SM2 vectos", 18, sig, 70));
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ed25519),
	    cmocka_unit_test(test_sm2_sm3),
	    cmocka_unit_test(test_algorithms_do_not_mix),
	    cmocka_unit_test(test_ed25519_rfc8032),
	    cmocka_unit_test(test_sm2_interoperates_with_openssl_cli),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
