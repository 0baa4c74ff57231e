/* clock.c — unit tests of clock_format_iso (base/clock): an instant in milliseconds since 1970
 * written as RFC 3339 UTC with milliseconds, "YYYY-MM-DDTHH:MM:SS.mmmZ", clamped to 1970..9999.
 * The expected text is built from the C library's own gmtime_r, an independent calendar, over
 * leap days, century years, the ends of months and years, and a pseudo-random spread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "base/clock.h"

static void expected(int64_t ms, char out[64])
{
	time_t s = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&s, &tm);
	snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
}

static void check(int64_t ms)
{
	char got[32], want[64];
	clock_format_iso(ms, got);
	expected(ms, want);
	if (strcmp(got, want) != 0)
		fail_msg("%lld: got %s, want %s", (long long)ms, got, want);
}

static void test_known_instants(void **state)
{
	(void)state;
	char out[32];
	clock_format_iso(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00.000Z");
	clock_format_iso(951782400000LL, out);   /* 2000 is a leap year (divisible by 400) */
	assert_string_equal(out, "2000-02-29T00:00:00.000Z");
	clock_format_iso(1798761599999LL, out);
	assert_string_equal(out, "2026-12-31T23:59:59.999Z");
	clock_format_iso(4107542400000LL, out);  /* 2100 is not a leap year: 28 Feb, then 1 March */
	assert_string_equal(out, "2100-03-01T00:00:00.000Z");
	clock_format_iso(-5, out);
	assert_string_equal(out, "1970-01-01T00:00:00.000Z");
	clock_format_iso(INT64_MAX, out);
	assert_string_equal(out, "9999-12-31T23:59:59.999Z");
}

static void test_against_gmtime(void **state)
{
	(void)state;
	/* every day's last and first millisecond from 1970 to 2200 */
	for (int64_t day = 0; day < 84000; day++) {
		check(day * 86400000LL);
		check(day * 86400000LL + 86399999LL);
	}
	/* a pseudo-random spread up to 9999 */
	uint64_t x = 88172645463325252ULL;
	for (int i = 0; i < 200000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		check((int64_t)(x % 253402300800000ULL));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_known_instants),
	    cmocka_unit_test(test_against_gmtime),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
