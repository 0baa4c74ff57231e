/* cert_ident.c — unit tests of the certificate identifier (GB/T 36904
 * structure) and its ISO 7064 MOD 37,36 check character. The rule, from ISO
 * 7064's hybrid system with M = 36: start with p = 36; for each character of
 * value v (0-9 → 0-9, A-Z → 10-35) take t = (p + v) mod 36, reading 0 as 36,
 * and p = 2t mod 37; the check character c makes (p + c) mod 36 = 1.
 *
 * Worked by hand:
 *   "A"   p: 36 → t 10, p 20.                     c = (37-20) mod 36 = 17 = 'H'
 *   "0"   p: 36 → t 36 (0 read as 36), p 72 mod 37 = 35.  c = 2 = '2'
 *   "AB1" p: 36 → t 10, p 20 → t 31, p 25 → t 26, p 15.  c = 22 = 'M'
 * and ISO 7064's own example for this system: A12425GABC1234002 → M. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/certs/cert_ident.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *text;
	char check;
} CHECKS[] = {
    {"A", 'H'}, {"0", '2'}, {"AB1", 'M'}, {"A12425GABC1234002", 'M'},
    {"", '\0'}, {"a1", '\0'}, {"A-1", '\0'},
};

static void test_check_character(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(CHECKS); i++)
		assert_int_equal(iso7064_mod37_36(CHECKS[i].text), CHECKS[i].check);
}

static void test_identifier_layout(void **state)
{
	(void)state;
	char issuer[CERT_ISSUER_CODE_LEN], type[5], id[CERT_IDENT_LEN];
	cert_issuer_code("310000", "amr", issuer);
	assert_string_equal(issuer, "11310000AMR0000000");
	cert_type_code("food_business_licence", type);
	assert_string_equal(type, "SPJY");
	cert_type_code("boat", type);
	assert_string_equal(type, "BOAT");
	assert_int_equal(cert_ident_make("SPJY", issuer, 42, 1, id), 0);
	assert_int_equal(strlen(id), 33);
	assert_memory_equal(id, "SPJY11310000AMR00000000000004201", 32);
	assert_int_equal(id[32], iso7064_mod37_36("SPJY11310000AMR00000000000004201"));
	assert_true(cert_ident_valid(id));
	assert_int_equal(cert_ident_make("SPJY", issuer, 100000000, 1, id), -1);
	assert_int_equal(cert_ident_make("SPJY", issuer, 1, 100, id), -1);
	assert_int_equal(cert_ident_make("SPJ", issuer, 1, 1, id), -1);
}

static void test_malformed_identifiers(void **state)
{
	(void)state;
	char id[CERT_IDENT_LEN];
	assert_int_equal(cert_ident_make("YYZZ", "11310000AMR0000000", 7, 2, id), 0);
	assert_true(cert_ident_valid(id));
	for (size_t i = 0; i < 33; i++) { /* any one character changed: the check fails or the form does */
		char bad[CERT_IDENT_LEN];
		memcpy(bad, id, sizeof bad);
		bad[i] = bad[i] == '7' ? '8' : '7';
		assert_false(cert_ident_valid(bad));
	}
	char twisted[CERT_IDENT_LEN];
	memcpy(twisted, id, sizeof twisted);
	twisted[30] = id[31], twisted[31] = id[30]; /* "02" → "20" */
	assert_false(cert_ident_valid(twisted));
	assert_false(cert_ident_valid(""));
	assert_false(cert_ident_valid(NULL));
	assert_false(cert_ident_valid("YYZZ11310000AMR0000000000000070"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_check_character),
	    cmocka_unit_test(test_identifier_layout),
	    cmocka_unit_test(test_malformed_identifiers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
