/* open311_rules.c — unit tests of the Open311 façade's pure rules: the
 * 12345 states as open/closed, the window of GET requests (90 days by
 * default and at most), coordinates, and W3C date-times (base/w3cdt.h) with
 * the instants checked against Python's datetime. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/w3cdt.h"
#include "domain/open311/open311_rules.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))
#define DAY (86400LL * 1000)

static void test_status_mapping(void **state)
{
	(void)state;
	const char *open[] = {"received", "dispatched", "signed", "handling", "returned", "replied", "callback"};
	for (size_t i = 0; i < N_ROWS(open); i++)
		assert_string_equal(open311_status_of(open[i]), "open");
	assert_string_equal(open311_status_of("closed"), "closed");
}

static void test_window(void **state)
{
	(void)state;
	int64_t now = 1780000000000LL, from, to;
	assert_int_equal(open311_window(false, 0, false, 0, now, &from, &to), OPEN311_WINDOW_OK);
	assert_int_equal(from, now - 90 * DAY);
	assert_int_equal(to, now + 1);
	assert_int_equal(open311_window(true, now - 200 * DAY, false, 0, now, &from, &to), OPEN311_WINDOW_OK);
	assert_int_equal(from, now - 200 * DAY);
	assert_int_equal(to, now - 110 * DAY + 1);
	assert_int_equal(open311_window(false, 0, true, now - DAY, now, &from, &to), OPEN311_WINDOW_OK);
	assert_int_equal(from, now - 91 * DAY);
	assert_int_equal(to, now - DAY + 1);
	assert_int_equal(open311_window(true, now - 90 * DAY, true, now, now, &from, &to), OPEN311_WINDOW_OK);
	assert_int_equal(open311_window(true, now - 90 * DAY - 1, true, now, now, &from, &to),
			 OPEN311_WINDOW_TOO_LONG);
	assert_int_equal(open311_window(true, now, true, now - 1, now, &from, &to), OPEN311_WINDOW_REVERSED);
}

static void test_degrees(void **state)
{
	(void)state;
	const struct {
		const char *s;
		int limit;
		int64_t e6;
	} good[] = {{"31.235", 90, 31235000},	 {"-33.8688", 90, -33868800}, {"121.4845", 180, 121484500},
		    {"90", 90, 90000000},	 {"-180.0", 180, -180000000}, {"0.0000005", 90, 1},
		    {"31.2304164", 90, 31230416}, {"0", 90, 0}};
	for (size_t i = 0; i < N_ROWS(good); i++) {
		int64_t v = -1;
		assert_true(open311_degrees(good[i].s, good[i].limit, &v));
		assert_int_equal(v, good[i].e6);
	}
	const char *bad[] = {"", "-", ".5", "5.", "+31", "1e3", "nan", " 31", "31 ", "1000", "90.000001", "3,1"};
	for (size_t i = 0; i < N_ROWS(bad); i++) {
		int64_t v;
		if (open311_degrees(bad[i], 90, &v))
			fail_msg("accepted %s", bad[i]);
	}
}

static void test_w3c_datetimes(void **state)
{
	(void)state;
	const struct {
		const char *s;
		int64_t ms;
	} good[] = {
	    {"2010-01-01T00:00:00Z", 1262304000000LL},	      {"1994-11-05T08:15:30-05:00", 784041330000LL},
	    {"1994-11-05T13:15:30Z", 784041330000LL},	      {"2026-05-01T08:00:00+08:00", 1777593600000LL},
	    {"2026-05-01T08:00+08:00", 1777593600000LL},      {"2024-02-29T23:59:59.999Z", 1709251199999LL},
	    {"2026-05-01T00:00:00.5+00:00", 1777593600500LL},
	};
	for (size_t i = 0; i < N_ROWS(good); i++) {
		int64_t ms = 0;
		if (!w3cdt_parse(good[i].s, &ms))
			fail_msg("refused %s", good[i].s);
		assert_int_equal(ms, good[i].ms);
	}
	const char *bad[] = {"2026-01-01",	       "2026-01-01T00:00:00",	"2026-02-29T00:00:00Z",
			     "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01T00:00:60Z",
			     "2026-01-01t00:00:00Z", "2026-01-01T00:00:00z", "2026-01-01T00:00:00+0800",
			     "2026-01-01T00:00:00+24:00", "2026-01-01T00:00:00.Z", "1899-12-31T00:00:00Z",
			     "2026-01-01T00:00:00Z ", " 2026-01-01T00:00:00Z", "2026-1-01T00:00:00Z"};
	for (size_t i = 0; i < N_ROWS(bad); i++) {
		int64_t ms;
		if (w3cdt_parse(bad[i], &ms))
			fail_msg("accepted %s", bad[i]);
	}
	char out[W3CDT_LEN];
	w3cdt_format(1777593600500LL, 480, out);
	assert_string_equal(out, "2026-05-01T08:00:00+08:00");
	w3cdt_format(784041330000LL, -300, out);
	assert_string_equal(out, "1994-11-05T08:15:30-05:00");
	int64_t back;
	assert_true(w3cdt_parse(out, &back));
	assert_int_equal(back, 784041330000LL);
}

static void test_characters(void **state)
{
	(void)state;
	assert_int_equal(open311_chars(""), 0);
	assert_int_equal(open311_chars("abc"), 3);
	assert_int_equal(open311_chars("噪音 ok"), 5);
	assert_int_equal(open311_chars("\xF0\x9F\x98\x80"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_status_mapping), cmocka_unit_test(test_window),
	    cmocka_unit_test(test_degrees),	   cmocka_unit_test(test_w3c_datetimes),
	    cmocka_unit_test(test_characters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
