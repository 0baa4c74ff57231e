/* jcs.c — unit tests of base/jcs against RFC 8785's own examples: the
 * sample object of §3.2.2 (whitespace, string escapes, numbers), the member
 * order of §3.2.3 (UTF-16 code units, where an emoji's surrogate 0xD83D sorts
 * before U+FB33 although its code point is larger), and the IEEE double
 * table of Appendix B (ECMAScript's number layout). Integers past 2^53, NaN
 * and the infinities have no canonical form and are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/jcs.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

static char *canon(const char *text)
{
	json_error_t err;
	json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	assert_non_null(v);
	char *out = jcs_encode(v, NULL);
	json_decref(v);
	return out;
}

static void test_rfc8785_sample(void **state)
{
	(void)state;
	char *c = canon("{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
	                "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
	                "  \"literals\": [null, true, false]\n}");
	assert_string_equal(c, "{\"literals\":[null,true,false],"
	                       "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
	                       "\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
	free(c);
}

static void test_member_order_by_utf16(void **state)
{
	(void)state;
	char *c = canon("{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\","
	                "\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\",\"1\":\"One\","
	                "\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
	                "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}");
	const char *names[] = {"Carriage Return", "One", "Control", "Latin Small", "Euro Sign", "Emoji",
	                       "Hebrew"};
	const char *at = c;
	for (size_t i = 0; i < N_ROWS(names); i++) {
		const char *p = strstr(c, names[i]);
		assert_non_null(p);
		assert_true(p > at);
		at = p;
	}
	free(c);
}

static void test_nested_and_chinese(void **state)
{
	(void)state;
	char *c = canon("{ \"z\": {\"b\": 2, \"a\": [1, {\"y\": \"市场监管\", \"x\": -0}]}, \"a\": \"\" }");
	assert_string_equal(c, "{\"a\":\"\",\"z\":{\"a\":[1,{\"x\":0,\"y\":\"市场监管\"}],\"b\":2}}");
	free(c);
	c = canon("{\"k\": \"a\\u0000b\\u001f\\u007f\"}");
	assert_string_equal(c, "{\"k\":\"a\\u0000b\\u001f\x7f\"}");
	free(c);
}

static const struct {
	uint64_t bits;
	const char *text;
} DOUBLES[] = {
    {0x0000000000000000ull, "0"},
    {0x8000000000000000ull, "0"},
    {0x0000000000000001ull, "5e-324"},
    {0x8000000000000001ull, "-5e-324"},
    {0x7fefffffffffffffull, "1.7976931348623157e+308"},
    {0xffefffffffffffffull, "-1.7976931348623157e+308"},
    {0x4340000000000000ull, "9007199254740992"},
    {0xc340000000000000ull, "-9007199254740992"},
    {0x4430000000000000ull, "295147905179352830000"},
    {0x44b52d02c7e14af5ull, "9.999999999999997e+22"},
    {0x44b52d02c7e14af6ull, "1e+23"},
    {0x44b52d02c7e14af7ull, "1.0000000000000001e+23"},
    {0x444b1ae4d6e2ef4eull, "999999999999999700000"},
    {0x444b1ae4d6e2ef4full, "999999999999999900000"},
    {0x444b1ae4d6e2ef50ull, "1e+21"},
    {0x3eb0c6f7a0b5ed8cull, "9.999999999999997e-7"},
    {0x3eb0c6f7a0b5ed8dull, "0.000001"},
    {0x41b3de4355555553ull, "333333333.3333332"},
    {0x41b3de4355555554ull, "333333333.33333325"},
    {0x41b3de4355555555ull, "333333333.3333333"},
    {0x41b3de4355555556ull, "333333333.3333334"},
    {0x41b3de4355555557ull, "333333333.33333343"},
    {0xbecbf647612f3696ull, "-0.0000033333333333333333"},
    {0x43143ff3c1cb0959ull, "1424953923781206.2"},
};

static void test_numbers_as_ecmascript(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(DOUBLES); i++) {
		double d;
		memcpy(&d, &DOUBLES[i].bits, sizeof d);
		char out[40];
		assert_int_equal(jcs_number(d, out, sizeof out), 0);
		assert_string_equal(out, DOUBLES[i].text);
	}
	char out[40];
	assert_int_equal(jcs_number(0.0 / 0.0, out, sizeof out), -1);
	assert_int_equal(jcs_number(1.0 / 0.0, out, sizeof out), -1);
}

static void test_integers(void **state)
{
	(void)state;
	char *c = canon("[0, -1, 20261202, 9007199254740992, -9007199254740992]");
	assert_string_equal(c, "[0,-1,20261202,9007199254740992,-9007199254740992]");
	free(c);
	json_t *big = json_pack("[I]", (json_int_t)9007199254740993LL);
	assert_null(jcs_encode(big, NULL));
	json_decref(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc8785_sample),
	    cmocka_unit_test(test_member_order_by_utf16),
	    cmocka_unit_test(test_nested_and_chinese),
	    cmocka_unit_test(test_numbers_as_ecmascript),
	    cmocka_unit_test(test_integers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
