/* payment_code.c (test) — the payment code: 20 digits whose last two are
 * the ISO 7064 MOD 97-10 check of the first 18, drawn at random. The check
 * is recomputed here by the standard's own definition (the whole number
 * mod 97 is 1), and known slips — one digit changed, two swapped — fail. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "base/crypto.h"
#include "domain/payments/payment.h"

static unsigned mod97(const char *s)
{
	unsigned r = 0;
	for (; *s; s++)
		r = (r * 10 + (unsigned)(*s - '0')) % 97;
	return r;
}

static void made_codes_hold_and_differ(void **state)
{
	char a[PAYMENT_CODE_DIGITS + 1], b[PAYMENT_CODE_DIGITS + 1];
	for (int i = 0; i < 200; i++) {
		payment_code_make(a);
		assert_int_equal(strlen(a), 20);
		assert_int_equal(mod97(a), 1);
		assert_true(payment_code_valid(a));
	}
	payment_code_make(b);
	assert_string_not_equal(a, b);
}

static const struct {
	const char *code;
	bool ok;
} CASES[] = {
	/* 123456789012345678: check 98 - (123456789012345678 × 100 mod 97) = 88 */
	{"12345678901234567888", true},
	{"12345678901234567887", false},
	{"00000000000000000098", true},    /* 0 × 100 mod 97 = 0, check 98 */
	{"", false},
	{"1234567890123456789", false},     /* 19 digits */
	{"123456789012345678901", false},   /* 21 digits */
	{"1234567890123456780A", false},
	{NULL, false},
};

static void table(void **state)
{
	for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
		assert_int_equal(payment_code_valid(CASES[i].code), CASES[i].ok);
}

static void slips_fail(void **state)
{
	char c[PAYMENT_CODE_DIGITS + 1];
	for (int n = 0; n < 50; n++) {
		payment_code_make(c);
		for (int i = 0; i < PAYMENT_CODE_DIGITS; i++) {
			char t[PAYMENT_CODE_DIGITS + 1];
			memcpy(t, c, sizeof t);
			t[i] = (char)('0' + (t[i] - '0' + 1 + n % 9) % 10); /* one digit changed */
			assert_false(payment_code_valid(t));
			if (i + 1 < PAYMENT_CODE_DIGITS && c[i] != c[i + 1]) {
				memcpy(t, c, sizeof t);
				t[i] = c[i + 1];
				t[i + 1] = c[i]; /* two neighbours swapped */
				assert_false(payment_code_valid(t));
			}
		}
	}
}

int main(void)
{
	crypto_setup();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(made_codes_hold_and_differ),
		cmocka_unit_test(table),
		cmocka_unit_test(slips_fail),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
