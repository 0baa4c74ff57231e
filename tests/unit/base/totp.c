/* totp.c — unit tests of base/totp: the RFC 6238 Appendix B test vectors
 * (the SHA-1 rows, 8 digits, seed "12345678901234567890"), the RFC 4648 §10
 * base32 vectors, and the ±1-step window of totp_match at fixed times. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/totp.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))
static const unsigned char SEED[] = "12345678901234567890";

/* RFC 6238 Appendix B, Table: Time (sec), T (hex), TOTP, Mode SHA1. */
static const struct {
	int64_t unix_s;
	int64_t step;
	long totp;
} rfc6238_rows[] = {
	{59, 0x1, 94287082},
	{1111111109, 0x23523EC, 7081804},
	{1111111111, 0x23523ED, 14050471},
	{1234567890, 0x273EF07, 89005924},
	{2000000000, 0x3F940AA, 69279037},
	{20000000000, 0x27BC86AA, 65353130},
};

static void rfc6238_appendix_b_sha1(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(rfc6238_rows); i++) {
		int64_t step = totp_step(rfc6238_rows[i].unix_s * 1000);
		assert_int_equal(step, rfc6238_rows[i].step);
		assert_int_equal(totp_code(SEED, 20, step, 8), rfc6238_rows[i].totp);
		/* the six-digit code apps show is the same value's last six digits */
		assert_int_equal(totp_code(SEED, 20, step, 6), rfc6238_rows[i].totp % 1000000);
	}
}

/* RFC 4648 §10, without the padding. */
static const struct { const char *plain, *b32; } base32_rows[] = {
	{"", ""}, {"f", "MY"}, {"fo", "MZXQ"}, {"foo", "MZXW6"}, {"foob", "MZXW6YQ"},
	{"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"},
	{"12345678901234567890", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"},
};

static void base32_rfc4648(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(base32_rows); i++) {
		char out[64];
		unsigned char back[64];
		size_t n = strlen(base32_rows[i].plain);
		assert_int_equal(base32_encode((const unsigned char *)base32_rows[i].plain, n, out, sizeof out),
				 strlen(base32_rows[i].b32));
		assert_string_equal(out, base32_rows[i].b32);
		assert_int_equal(base32_decode(base32_rows[i].b32, back, sizeof back), (long)n);
		assert_memory_equal(back, base32_rows[i].plain, n);
	}
	unsigned char b[32];
	assert_int_equal(base32_decode("mzxw 6ytb oi==", b, sizeof b), 6);   /* as people type it */
	assert_memory_equal(b, "foobar", 6);
	assert_int_equal(base32_decode("MZXW1", b, sizeof b), -1);          /* 1 is not base32 */
	assert_int_equal(base32_decode("MZXW6YTBOI", b, 3), -1);            /* no room */
}

static void code_of(int64_t step, char out[7])
{
	long c = totp_code(SEED, 20, step, 6);
	for (int i = 5; i >= 0; i--) {
		out[i] = (char)('0' + c % 10);
		c /= 10;
	}
	out[6] = '\0';
}

/* Now is 1111111111 s (step 0x23523ED, 1 s into it): the codes of the step
 * before and after match and say which step; two steps away do not. */
static void window_is_one_step_either_side(void **state)
{
	(void)state;
	const int64_t now_ms = 1111111111LL * 1000, now = 0x23523ED;
	char c[7];
	int64_t step = 0;
	for (int64_t d = -1; d <= 1; d++) {
		code_of(now + d, c);
		assert_true(totp_match(SEED, 20, now_ms, c, &step));
		assert_int_equal(step, now + d);
	}
	for (int64_t d = -3; d <= 3; d += 6) {
		code_of(now + d, c);
		assert_false(totp_match(SEED, 20, now_ms, c, &step));
	}
	code_of(now + 2, c);
	assert_false(totp_match(SEED, 20, now_ms, c, &step));
	code_of(now - 2, c);
	assert_false(totp_match(SEED, 20, now_ms, c, &step));
	/* RFC 6238 row 1111111111: 14050471 -> "050471" */
	assert_true(totp_match(SEED, 20, now_ms, "050471", &step));
	assert_int_equal(step, now);
}

static void malformed_codes_never_match(void **state)
{
	(void)state;
	const int64_t now_ms = 1111111111LL * 1000;
	int64_t step = 0;
	const char *bad[] = {"", "05047", "0504711", "05047a", " 50471", "-50471", "14050471"};
	for (size_t i = 0; i < N_ROWS(bad); i++)
		assert_false(totp_match(SEED, 20, now_ms, bad[i], &step));
	assert_false(totp_match(SEED, 20, now_ms, NULL, &step));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc6238_appendix_b_sha1),
		cmocka_unit_test(base32_rfc4648),
		cmocka_unit_test(window_is_one_step_either_side),
		cmocka_unit_test(malformed_codes_never_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
