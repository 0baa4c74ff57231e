/* cert_compact.c — unit tests of the QR's compact form and of base/base45.
 * Base45 against RFC 9285's own examples (§4.3) and its refusals (a value
 * over 65535 in a group, a character outside the alphabet, a dangling single
 * character); the compact form round-trips a signed certificate, ignores a
 * verify address before its prefix, and refuses text that is not Base45, not
 * zlib, not JSON or that would inflate past its cap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include "base/base45.h"
#include "domain/certs/cert_compact.h"

static void test_base45_rfc9285(void **state)
{
	(void)state;
	const char *const rows[][2] = {{"AB", "BB8"}, {"Hello!!", "%69 VD92EX0"}, {"base-45", "UJCLQE7W581"},
				       {"ietf!", "QED8WEX0"}, {"", ""}};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *e = base45_encode((const unsigned char *)rows[i][0], strlen(rows[i][0]));
		assert_string_equal(e, rows[i][1]);
		free(e);
		unsigned char *d;
		size_t n;
		assert_int_equal(base45_decode(rows[i][1], strlen(rows[i][1]), &d, &n), 0);
		assert_int_equal(n, strlen(rows[i][0]));
		assert_memory_equal(d, rows[i][0], n);
		free(d);
	}
	unsigned char *d;
	size_t n;
	assert_int_equal(base45_decode("GGW", 3, &d, &n), -1); /* 65536 */
	assert_int_equal(base45_decode("BBa", 3, &d, &n), -1);
	assert_int_equal(base45_decode("BB8B", 4, &d, &n), -1);
	assert_int_equal(base45_decode(":Y", 2, &d, &n), -1); /* 44 + 34*45 > 255 */
}

static void test_compact_round_trip(void **state)
{
	(void)state;
	json_t *signed_cert = json_pack("{s{ss ss s{ss ss}} s{ss ss ss}}", "certificate", "id", "0123abcd",
					"title", "食品经营许可证", "holder", "kind", "enterprise", "name",
					"上海小吃餐饮管理有限公司", "signature", "key_id", "amr-20261202-aa",
					"algorithm", "SM2-SM3", "value", "MEUCIQ");
	char *c = cert_compact_encode(signed_cert);
	assert_non_null(c);
	assert_memory_equal(c, "OS1:", 4);
	assert_int_equal(strspn(c + 4, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"), strlen(c + 4));
	const char *why = "";
	json_t *back = cert_compact_decode(c, &why);
	assert_non_null(back);
	assert_true(json_equal(back, signed_cert));
	json_decref(back);
	/* as a QR a phone opens: the verify address first */
	size_t n = strlen(c) + 64;
	char *qr = malloc(n);
	snprintf(qr, n, "https://gov.example/verify#%s\n", c);
	back = cert_compact_decode(qr, &why);
	assert_non_null(back);
	assert_true(json_equal(back, signed_cert));
	json_decref(back);
	/* one character changed: the result is refused or is not the same certificate */
	for (size_t i = 4; i < strlen(c); i += 3) {
		char saved = c[i];
		c[i] = c[i] == '0' ? '1' : '0';
		back = cert_compact_decode(c, &why);
		assert_true(back == NULL || !json_equal(back, signed_cert));
		json_decref(back);
		c[i] = saved;
	}
	free(qr);
	free(c);
	json_decref(signed_cert);
}

static void test_compact_refusals(void **state)
{
	(void)state;
	const char *why = NULL;
	assert_null(cert_compact_decode("HC1:6BFOXN", &why));
	assert_string_equal(why, "no OS1: prefix");
	assert_null(cert_compact_decode("OS1:abc", &why));
	assert_string_equal(why, "not Base45");
	assert_null(cert_compact_decode("OS1:BB8", &why));
	assert_string_equal(why, "not zlib data");
	/* zlib of text that is not JSON */
	unsigned char z[64];
	uLongf zl = sizeof z;
	assert_int_equal(compress2(z, &zl, (const Bytef *)"not json", 8, 9), Z_OK);
	char *b = base45_encode(z, zl);
	char text[160];
	snprintf(text, sizeof text, "OS1:%s", b);
	free(b);
	assert_null(cert_compact_decode(text, &why));
	assert_string_equal(why, "not JSON");
	/* a bomb: 1 MB of spaces compresses to about a kilobyte */
	size_t big = 1 << 20;
	char *spaces = malloc(big);
	memset(spaces, ' ', big);
	uLongf bl = compressBound(big);
	unsigned char *bz = malloc(bl);
	assert_int_equal(compress2(bz, &bl, (const Bytef *)spaces, big, 9), Z_OK);
	char *bb = base45_encode(bz, bl);
	char *bt = malloc(strlen(bb) + 5);
	memcpy(bt, "OS1:", 4);
	memcpy(bt + 4, bb, strlen(bb) + 1);
	assert_null(cert_compact_decode(bt, &why));
	assert_string_equal(why, "too large");
	free(bt);
	free(bb);
	free(bz);
	free(spaces);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_base45_rfc9285),
	    cmocka_unit_test(test_compact_round_trip),
	    cmocka_unit_test(test_compact_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
