/* page.c — unit tests of base/page: the limit and cursor of a list's page as
 * the case list takes them. A limit is 1 to 100 in digits (20 when left out);
 * a cursor is "<time>.<hex id>", time at least 1, the id lower-case hex of 1
 * to 64 digits, nothing else; a page keeps `limit` rows, says more follow
 * when a row comes after them, and its cursor names its last row. Rows are
 * written from that contract, not read back from the code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/page.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

static void test_limits(void **state)
{
	(void)state;
	assert_int_equal(page_limit_parse(NULL), 20);
	assert_int_equal(page_limit_parse("1"), 1);
	assert_int_equal(page_limit_parse("100"), 100);
	assert_int_equal(page_limit_parse("007"), 7);
	const char *bad[] = {"", "0", "101", "-1", "+5", " 5", "5 ", "1e1", "2.5", "abc", "0100", "99999999999"};
	for (size_t i = 0; i < N_ROWS(bad); i++)
		assert_int_equal(page_limit_parse(bad[i]), -1);
}

/* A list of its own sizes (the task queue and 12345: 1 to 200, 50 or 20 when left out) reads its
 * limit as strictly as the others: digits only, within its range, never past 200. */
static void test_limits_of_a_wider_list(void **state)
{
	(void)state;
	assert_int_equal(page_limit_parse_in(NULL, 50, 200), 50);
	assert_int_equal(page_limit_parse_in("1", 50, 200), 1);
	assert_int_equal(page_limit_parse_in("150", 50, 200), 150);
	assert_int_equal(page_limit_parse_in("200", 50, 200), 200);
	const char *bad[] = {"", "0", "201", "-1", "+5", " 5", "5 ", "1e1", "2.5", "abc", "0200", "1000"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(page_limit_parse_in(bad[i], 50, 200), -1);
	assert_int_equal(page_limit_parse_in("300", 20, 500), -1); /* never past PAGE_LIMIT_WIDE */
	/* a page of 150 rows holds 150 */
	page_t p = page_start(150);
	assert_int_equal(p.limit, 150);
	assert_int_equal(page_start(201).limit, PAGE_LIMIT_DEFAULT);
}

static void test_cursors(void **state)
{
	(void)state;
	page_cursor_t c;
	assert_true(page_cursor_parse("1764800000000.0123456789abcdef0123456789abcdef", &c));
	assert_true(c.set);
	assert_int_equal(c.at, 1764800000000LL);
	assert_string_equal(c.id, "0123456789abcdef0123456789abcdef");
	char id64[65];
	memset(id64, 'f', 64);
	id64[64] = '\0';
	char text[PAGE_CURSOR_LEN + 8];
	snprintf(text, sizeof text, "1.%s", id64);
	assert_true(page_cursor_parse(text, &c) && strlen(c.id) == 64);
	snprintf(text, sizeof text, "1.%sf", id64); /* 65 digits */
	assert_false(page_cursor_parse(text, &c));
	assert_false(c.set);
	const char *bad[] = {"",       "12",       "12.",      ".ab",     "0.ab",		 "-5.ab",
			     "+5.ab",  " 5.ab",    "5.AB",     "5.ab ",	  "5.ab.cd",	 "5.g",
			     "5x.ab",  "12345678901234567890.ab"};
	for (size_t i = 0; i < N_ROWS(bad); i++) {
		assert_false(page_cursor_parse(bad[i], &c));
		assert_false(c.set);
	}
	assert_false(page_cursor_parse(NULL, &c));
	assert_false(c.set);
}

static void test_a_cursor_reads_back(void **state)
{
	(void)state;
	char out[PAGE_CURSOR_LEN];
	page_cursor_format(42, "beef", out);
	assert_string_equal(out, "42.beef");
	page_cursor_t c;
	assert_true(page_cursor_parse(out, &c));
	assert_int_equal(c.at, 42);
	assert_string_equal(c.id, "beef");
}

static void test_a_page_keeps_limit_rows(void **state)
{
	(void)state;
	page_t p = page_start(2);
	assert_true(page_take(&p, 30, "c"));
	assert_null(page_next(&p)); /* nothing said to follow yet */
	assert_true(page_take(&p, 20, "b"));
	assert_null(page_next(&p));
	assert_false(page_take(&p, 10, "a")); /* the row after the page */
	assert_string_equal(page_next(&p), "20.b");
	/* out of range: the default */
	assert_int_equal(page_start(0).limit, 20);
	assert_int_equal(page_start(201).limit, 20);
	assert_int_equal(page_start(200).limit, 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_limits_of_a_wider_list),
	    cmocka_unit_test(test_cursors),
	    cmocka_unit_test(test_a_cursor_reads_back),
	    cmocka_unit_test(test_a_page_keeps_limit_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
