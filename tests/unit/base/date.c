/* test_date.c — unit tests of base/date: parsing, formatting, weekdays and
 * the UTC+8 day boundary. Expected day numbers and weekdays were taken from
 * an independent implementation (Python's datetime), not from date.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/date.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *s;
	int y, m, d;
	day_t day;
	int weekday;
} valid_rows[] = {
	{"1970-01-01", 1970, 1, 1, 0, 4},
	{"1969-12-31", 1969, 12, 31, -1, 3},
	{"1900-01-01", 1900, 1, 1, -25567, 1},
	{"2000-01-01", 2000, 1, 1, 10957, 6},
	{"2000-02-29", 2000, 2, 29, 11016, 2},
	{"2024-02-29", 2024, 2, 29, 19782, 4},
	{"2026-01-01", 2026, 1, 1, 20454, 4},
	{"2026-01-04", 2026, 1, 4, 20457, 7},
	{"2026-02-14", 2026, 2, 14, 20498, 6},
	{"2026-12-31", 2026, 12, 31, 20818, 4},
	{"9999-12-31", 9999, 12, 31, 2932896, 5},
};

static void test_parse_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(valid_rows); i++) {
		day_t day = -12345;
		char buf[DATE_STR_LEN];
		int y, m, d;
		assert_true(date_parse(valid_rows[i].s, &day));
		assert_int_equal(day, valid_rows[i].day);
		assert_int_equal(date_from_ymd(valid_rows[i].y, valid_rows[i].m, valid_rows[i].d), day);
		date_to_ymd(day, &y, &m, &d);
		assert_int_equal(y, valid_rows[i].y);
		assert_int_equal(m, valid_rows[i].m);
		assert_int_equal(d, valid_rows[i].d);
		assert_int_equal(date_year(day), valid_rows[i].y);
		assert_int_equal(date_weekday(day), valid_rows[i].weekday);
		date_format(day, buf);
		assert_string_equal(buf, valid_rows[i].s);
	}
}

static const char *const invalid_rows[] = {
	"2026-02-29",     /* 2026 is not a leap year */
	"1900-02-29",     /* century year, not leap */
	"2026-13-01",
	"2026-00-10",
	"2026-01-00",
	"2026-04-31",
	"2026-1-1",
	"2026-01-1",
	"26-01-01",
	"2026-01-01x",
	"2026-01-01 ",
	" 2026-01-01",
	"2026-01-01T00:00:00",
	"2026/01/01",
	"2026-01-0a",
	"+026-01-01",
	"1899-12-31",     /* before the supported range */
	"0000-01-01",
	"",
};

static void test_parse_invalid(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(invalid_rows); i++) {
		day_t day = 777;
		if (date_parse(invalid_rows[i], &day))
			fail_msg("accepted \"%s\"", invalid_rows[i]);
		assert_int_equal(day, 777);
	}
	assert_false(date_parse(NULL, NULL));
	assert_false(date_parse_n(NULL, 10, NULL));
}

static void test_parse_view(void **state)
{
	(void)state;
	const char *s = "2026-03-15 and more";
	day_t day;
	assert_true(date_parse_n(s, 10, &day));
	assert_int_equal(day, date_from_ymd(2026, 3, 15));
	assert_false(date_parse_n(s, 11, &day));
	assert_false(date_parse_n(s, 9, &day));
}

static const struct {
	int y, m, d;
	bool valid;
} ymd_rows[] = {
	{2026, 2, 28, true}, {2026, 2, 29, false}, {2024, 2, 29, true}, {2000, 2, 29, true},
	{2100, 2, 29, false}, {2026, 6, 31, false}, {2026, 12, 31, true}, {1, 1, 1, true},
	{0, 1, 1, false}, {10000, 1, 1, false}, {2026, 0, 1, false}, {2026, 1, 0, false},
	{2026, -1, 1, false}, {2026, 1, 32, false},
};

static void test_valid_ymd(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(ymd_rows); i++)
		if (date_valid_ymd(ymd_rows[i].y, ymd_rows[i].m, ymd_rows[i].d) != ymd_rows[i].valid)
			fail_msg("%d-%d-%d", ymd_rows[i].y, ymd_rows[i].m, ymd_rows[i].d);
}

/* Every day of the supported range converts there and back, consecutive
 * days are consecutive dates, and the weekday advances by one. */
static void test_round_trip_all_days(void **state)
{
	(void)state;
	day_t first = date_from_ymd(1900, 1, 1), last = date_from_ymd(9999, 12, 31);
	int py, pm, pd;
	date_to_ymd(first - 1, &py, &pm, &pd);
	assert_int_equal(py, 1899);
	for (day_t day = first; day <= last; day++) {
		int y, m, d;
		date_to_ymd(day, &y, &m, &d);
		assert_true(date_valid_ymd(y, m, d));
		assert_int_equal(date_from_ymd(y, m, d), day);
		if (d == 1)
			assert_true(m == (pm % 12) + 1);
		else
			assert_true(d == pd + 1 && m == pm);
		assert_int_equal(date_weekday(day), date_weekday(day - 1) % 7 + 1);
		py = y;
		pm = m;
		pd = d;
	}
}

static void test_format_out_of_range(void **state)
{
	(void)state;
	char buf[DATE_STR_LEN];
	date_format(date_from_ymd(9999, 12, 31) + 1, buf);
	assert_string_equal(buf, "0000-00-00");
	date_format(INT32_MAX, buf);
	assert_string_equal(buf, "0000-00-00");
	date_format(INT32_MIN, buf);
	assert_string_equal(buf, "0000-00-00");
}

#define HOUR_MS (3600 * INT64_C(1000))
/* 2026-01-01 00:00 in Beijing, i.e. 2025-12-31T16:00:00Z. */
#define NEW_YEAR_2026_MS INT64_C(1767196800000)

static const struct {
	int64_t ms;
	const char *date;
} ms_rows[] = {
	{0, "1970-01-01"},
	{16 * HOUR_MS - 1, "1970-01-01"},     /* 23:59:59.999 in UTC+8 */
	{16 * HOUR_MS, "1970-01-02"},         /* midnight in UTC+8 */
	{-8 * HOUR_MS, "1970-01-01"},
	{-8 * HOUR_MS - 1, "1969-12-31"},
	{NEW_YEAR_2026_MS - 1, "2025-12-31"},
	{NEW_YEAR_2026_MS, "2026-01-01"},
	{NEW_YEAR_2026_MS + 24 * HOUR_MS - 1, "2026-01-01"},
	{NEW_YEAR_2026_MS + 24 * HOUR_MS, "2026-01-02"},
};

static void test_from_ms(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(ms_rows); i++) {
		char buf[DATE_STR_LEN];
		date_format(date_from_ms(ms_rows[i].ms), buf);
		assert_string_equal(buf, ms_rows[i].date);
	}
	assert_int_equal(date_from_ms(INT64_MAX), INT32_MAX);
	assert_int_equal(date_from_ms(INT64_MIN), INT32_MIN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_parse_view),
		cmocka_unit_test(test_valid_ymd),
		cmocka_unit_test(test_round_trip_all_days),
		cmocka_unit_test(test_format_out_of_range),
		cmocka_unit_test(test_from_ms),
	};
	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
