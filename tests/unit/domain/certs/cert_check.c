/* cert_check.c — unit tests of the one check behind every verifier (online,
 * offline, the CLI), as a table of cases over one certificate signed here.
 * The rules (cert_check.h): a certificate holds only when signed by a
 * published key of its issuing department, meant for certificates, of the
 * algorithm it names, and in service at the certificate's issue time
 * (retired or not yet valid keys sign nothing); then a listed revocation
 * makes it revoked, a past valid_until expired; anything else is invalid. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdio.h>
#include <cmocka.h>
#include <sodium.h>

#include "base/sign.h"
#include "domain/certs/cert_check.h"
#include "domain/certs/cert_ident.h"
#include "domain/certs/cert_key.h"

#define ISSUED 1795000000000LL /* 2026-11-18 */
#define DAY 86400000LL

static sign_key_t KEY;
static json_t *SIGNED;

static json_t *doc(void)
{
	char ident[CERT_IDENT_LEN];
	cert_ident_make("SPJY", "11310000AMR0000000", 1, 1, ident);
	return json_pack("{ss ss ss s{ss ss} s{ss ss ss} sI ss ss ss}", "format", "onestop-cert/1", "id",
			 "00112233445566778899aabbccddeeff", "identifier", ident, "issuer", "department",
			 "amr", "name", "市场监管局", "holder", "kind", "enterprise", "id",
			 "91310101MA1FPX0Q1Y", "name", "上海小吃餐饮管理有限公司", "issued_at",
			 (json_int_t)ISSUED, "valid_until", "2031-11-18", "key_id", "amr-k1", "algorithm",
			 "Ed25519");
}

/* The published keys: amr-k1 with the given department, purpose and period. */
static json_t *keys(const char *dept, const char *purpose, int64_t nb, int64_t na, int64_t retired)
{
	char *pub = cert_b64url(KEY.pub, KEY.pub_len);
	json_t *k = json_pack("{ss ss ss ss ss sI sI}", "id", "amr-k1", "purpose", purpose, "department",
			      dept, "algorithm", "Ed25519", "public_key", pub, "not_before", (json_int_t)nb,
			      "not_after", (json_int_t)na);
	json_object_set_new(k, "retired_at", retired ? json_integer(retired) : json_null());
	free(pub);
	return json_pack("{s[o]}", "keys", k);
}

static int setup(void **state)
{
	(void)state;
	if (sodium_init() < 0 || sign_keygen(SIGN_ED25519, &KEY) != 0)
		return -1;
	json_t *d = doc();
	SIGNED = cert_sign_document("certificate", d, &KEY, "amr-k1");
	json_decref(d);
	return SIGNED ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	json_decref(SIGNED);
	return 0;
}

static const char *verdict(const json_t *signed_cert, json_t *ks, const json_t *revoked, int64_t now)
{
	cert_check_t k;
	cert_check(signed_cert, ks, revoked, now, &k);
	json_decref(ks);
	return k.verdict == CERT_VALID ? "valid" : k.reason;
}

static void test_key_rules(void **state)
{
	(void)state;
	int64_t far = ISSUED + 3000 * DAY;
	assert_string_equal(verdict(SIGNED, keys("amr", "certificates", ISSUED - DAY, far, 0), NULL, ISSUED),
			    "valid");
	/* retired later: what it signed before still holds */
	assert_string_equal(verdict(SIGNED, keys("amr", "certificates", ISSUED - DAY, far, ISSUED + 1), NULL,
				    ISSUED + 10 * DAY),
			    "valid");
	assert_string_equal(verdict(SIGNED, keys("psb", "certificates", ISSUED - DAY, far, 0), NULL, ISSUED),
			    "wrong_key");
	assert_string_equal(verdict(SIGNED, keys("amr", "revocations", ISSUED - DAY, far, 0), NULL, ISSUED),
			    "wrong_key");
	assert_string_equal(
	    verdict(SIGNED, keys("amr", "certificates", ISSUED - DAY, far, ISSUED), NULL, ISSUED),
	    "key_not_in_service");
	assert_string_equal(verdict(SIGNED, keys("amr", "certificates", ISSUED + 1, far, 0), NULL, ISSUED),
			    "key_not_in_service");
	assert_string_equal(
	    verdict(SIGNED, keys("amr", "certificates", ISSUED - DAY, ISSUED, 0), NULL, ISSUED),
	    "key_not_in_service");
	assert_string_equal(verdict(SIGNED, json_pack("{s[]}", "keys"), NULL, ISSUED), "unknown_key");
}

static void test_revoked_and_expired(void **state)
{
	(void)state;
	int64_t far = ISSUED + 3000 * DAY;
	json_t *rev = json_pack("[{ss sI ss}]", "id", "00112233445566778899aabbccddeeff", "revoked_at",
				(json_int_t)ISSUED + DAY, "reason", "企业注销");
	json_t *other = json_pack("[{ss}]", "id", "ffeeddccbbaa99887766554433221100");
	assert_string_equal(verdict(SIGNED, keys("amr", "certificates", 0, far, 0), rev, ISSUED + 2 * DAY),
			    "revoked");
	assert_string_equal(verdict(SIGNED, keys("amr", "certificates", 0, far, 0), other, ISSUED), "valid");
	/* the last day of validity is valid; the day after is not */
	assert_string_equal(
	    verdict(SIGNED, keys("amr", "certificates", 0, far, 0), NULL, ISSUED + 1826 * DAY), "valid");
	assert_string_equal(
	    verdict(SIGNED, keys("amr", "certificates", 0, far, 0), NULL, ISSUED + 1827 * DAY), "expired");
	json_decref(rev);
	json_decref(other);
}

static void test_changed_documents(void **state)
{
	(void)state;
	int64_t far = ISSUED + 3000 * DAY;
	const char *fields[] = {"valid_until", "id"};
	for (size_t i = 0; i < 2; i++) {
		json_t *b = json_deep_copy(SIGNED);
		json_object_set_new(json_object_get(b, "certificate"), fields[i], json_string("2099-12-31"));
		assert_string_not_equal(verdict(b, keys("amr", "certificates", 0, far, 0), NULL, ISSUED),
					"valid");
		json_decref(b);
	}
	json_t *b = json_deep_copy(SIGNED);
	json_object_set_new(json_object_get(b, "certificate"), "identifier",
			    json_string("SPJY11310000AMR00000000000000010"));
	assert_string_equal(verdict(b, keys("amr", "certificates", 0, far, 0), NULL, ISSUED), "malformed");
	json_decref(b);
	b = json_deep_copy(SIGNED);
	json_object_set_new(json_object_get(b, "signature"), "algorithm", json_string("SM2-SM3"));
	assert_string_equal(verdict(b, keys("amr", "certificates", 0, far, 0), NULL, ISSUED), "malformed");
	json_decref(b);
	b = json_deep_copy(SIGNED);
	json_object_set_new(json_object_get(json_object_get(b, "certificate"), "holder"), "name",
			    json_string("上海大吃餐饮管理有限公司"));
	assert_string_equal(verdict(b, keys("amr", "certificates", 0, far, 0), NULL, ISSUED),
			    "bad_signature");
	json_decref(b);
}

/* Measures offline verifications a second for each algorithm (printed; no
 * assertion about time: the machine is shared). */
static void test_measure_verifications(void **state)
{
	(void)state;
	for (int a = 0; a < 2; a++) {
		sign_key_t k;
		assert_int_equal(sign_keygen(a ? SIGN_SM2 : SIGN_ED25519, &k), 0);
		json_t *d = doc();
		json_object_set_new(d, "algorithm", json_string(sign_alg_name(k.alg)));
		json_t *signed_cert = cert_sign_document("certificate", d, &k, "amr-k1");
		char *pub = cert_b64url(k.pub, k.pub_len);
		json_t *ks = json_pack("{s[{ss ss ss ss ss sI sI sn}]}", "keys", "id", "amr-k1", "purpose",
				       "certificates", "department", "amr", "algorithm", sign_alg_name(k.alg),
				       "public_key", pub, "not_before", (json_int_t)0, "not_after",
				       (json_int_t)ISSUED + DAY, "retired_at");
		struct timespec t0, t1;
		int n = a ? 500 : 2000;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (int i = 0; i < n; i++) {
			cert_check_t c;
			cert_check(signed_cert, ks, NULL, ISSUED, &c);
			assert_int_equal(c.verdict, CERT_VALID);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		printf("# offline verification, %s: %.0f a second (%d in %.3f s, one core)\n",
		       sign_alg_name(k.alg), n / s, n, s);
		free(pub);
		json_decref(ks);
		json_decref(signed_cert);
		json_decref(d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_key_rules),
	    cmocka_unit_test(test_revoked_and_expired),
	    cmocka_unit_test(test_changed_documents),
	    cmocka_unit_test(test_measure_verifications),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
