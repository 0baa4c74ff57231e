/* textcheck.c — unit tests of base/textcheck: the characters a name may not
 * hide. Every code point of the refused ranges is tried alone and inside a
 * name, at its start, middle and end; the code points just outside each range
 * must pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/textcheck.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

/* UTF-8 of one code point below U+10000 (all this test needs). */
static size_t enc(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	out[0] = (char)(0xE0 | (cp >> 12));
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

/* "张" + cp + "三" and the like: where 0 = start, 1 = middle, 2 = end. */
static void name_with(uint32_t cp, int where, char *buf, size_t cap)
{
	char c[4] = {0};
	enc(cp, c);
	if (where == 0)
		snprintf(buf, cap, "%s张三", c);
	else if (where == 1)
		snprintf(buf, cap, "张%s三", c);
	else
		snprintf(buf, cap, "张三%s", c);
}

static const struct {
	uint32_t lo, hi;
} refused[] = {{0x202A, 0x202E}, {0x2066, 0x2069}, {0x200B, 0x200D}, {0xFEFF, 0xFEFF}};

/* The neighbours of each range, and ordinary characters: none is refused. */
static const uint32_t passing[] = {
	0x2029, 0x202F, 0x2065, 0x206A, 0x200A, 0x200E, 0xFEFE, 0xFF00,
	'A',    0x00B7, 0x3000, 0x5F20, 0x00E9, 0x2060, 0x00AD,
};

static void test_every_refused_code_point(void **state)
{
	(void)state;
	size_t tried = 0;
	for (size_t r = 0; r < N_ROWS(refused); r++)
		for (uint32_t cp = refused[r].lo; cp <= refused[r].hi; cp++) {
			if (!text_invisible_cp(cp))
				fail_msg("U+%04X is not refused", (unsigned)cp);
			char alone[4] = {0};
			enc(cp, alone);
			if (!text_has_invisible(alone))
				fail_msg("U+%04X alone passes", (unsigned)cp);
			for (int where = 0; where < 3; where++) {
				char buf[32];
				name_with(cp, where, buf, sizeof buf);
				if (!text_has_invisible(buf))
					fail_msg("U+%04X at position %d passes", (unsigned)cp, where);
			}
			tried++;
		}
	assert_int_equal(tried, 5 + 4 + 3 + 1);
}

static void test_neighbours_pass(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(passing); i++) {
		if (text_invisible_cp(passing[i]))
			fail_msg("U+%04X is refused", (unsigned)passing[i]);
		for (int where = 0; where < 3; where++) {
			char buf[32];
			name_with(passing[i], where, buf, sizeof buf);
			if (text_has_invisible(buf))
				fail_msg("U+%04X at position %d is refused", (unsigned)passing[i], where);
		}
	}
	assert_false(text_has_invisible(""));
	assert_false(text_has_invisible("上海小吃餐饮管理有限公司"));
	assert_false(text_has_invisible("Zhang San-Li"));
}

/* Invalid UTF-8 is skipped byte by byte: it neither hides a refused
 * character after it nor counts as one. */
static void test_invalid_utf8_around(void **state)
{
	(void)state;
	assert_false(text_has_invisible("\xE2\x80"));          /* a truncated U+200B */
	assert_false(text_has_invisible("\xC0\xAF abc"));      /* overlong */
	assert_true(text_has_invisible("\xFF\xE2\x80\xAE"));   /* a stray byte, then U+202E */
	assert_true(text_has_invisible("\xE2\x80\xE2\x81\xA6")); /* a broken sequence, then U+2066 */
	/* an overlong encoding of U+202E is not U+202E (utf8_next refuses it) */
	assert_false(text_has_invisible("\xF0\x82\x80\xAE"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_refused_code_point),
		cmocka_unit_test(test_neighbours_pass),
		cmocka_unit_test(test_invalid_utf8_around),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
