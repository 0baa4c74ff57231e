/* slot.c — unit tests of the pure helpers of domain/appointments/slot.c:
 * "HH:MM" parsing, Shanghai wall time to UTC, when a
 * slot is past, and the checks on a slot to publish. Expected UTC
 * milliseconds were computed independently (Python's datetime), not from
 * slot.c. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/date.h"
#include "base/errs.h"
#include "domain/appointments/appointment.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

/* 2026-11-23 (a Monday) 09:27 in Shanghai = 01:27 UTC. */
#define NOW_MS 1795397220000LL
#define TODAY 20780 /* 2026-11-23 */

static const struct {
	const char *s;
	bool ok;
	int minutes;
} time_rows[] = {
	{"00:00", true, 0},
	{"09:00", true, 540},
	{"13:30", true, 810},
	{"17:00", true, 1020},
	{"23:59", true, 1439},
	{"24:00", false, 0},
	{"12:60", false, 0},
	{"9:00", false, 0},
	{"09:0", false, 0},
	{"09:000", false, 0},
	{"0900", false, 0},
	{"09-00", false, 0},
	{"09:0a", false, 0},
	{" 9:00", false, 0},
	{"+9:00", false, 0},
	{"-1:00", false, 0},
	{"", false, 0},
	{"０９:００", false, 0}, /* full-width digits */
};

static void test_time_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(time_rows); i++) {
		int m = -1;
		bool ok = appt_time_parse(time_rows[i].s, &m);
		if (ok != time_rows[i].ok)
			fail_msg("row %zu \"%s\": expected %s", i, time_rows[i].s, time_rows[i].ok ? "valid" : "invalid");
		if (ok)
			assert_int_equal(m, time_rows[i].minutes);
		else
			assert_int_equal(m, -1); /* untouched on failure */
	}
	int m = -1;
	assert_false(appt_time_parse(NULL, &m));
}

static void test_time_round_trip(void **state)
{
	(void)state;
	for (int m = 0; m < 1440; m++) {
		char buf[6];
		int back = -1;
		appt_time_format(m, buf);
		assert_int_equal(strlen(buf), 5);
		assert_true(appt_time_parse(buf, &back));
		assert_int_equal(back, m);
	}
}

static const struct {
	const char *date;
	int minutes;
	int64_t utc_ms;
} local_rows[] = {
	{"2026-11-23", 0, 1795363200000LL},    /* midnight in Shanghai is 16:00 UTC the day before */
	{"2026-11-23", 540, 1795395600000LL},  /* 09:00 -> 01:00 UTC */
	{"2026-11-28", 1439, 1795881540000LL}, /* Saturday 23:59 */
	{"1970-01-01", 480, 0},                /* 08:00 Shanghai on day 0 is the epoch */
};

static void test_local_ms(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(local_rows); i++) {
		day_t d;
		assert_true(date_parse(local_rows[i].date, &d));
		assert_int_equal(appt_local_ms(d, local_rows[i].minutes), local_rows[i].utc_ms);
		/* and back: the UTC time falls on that Shanghai date */
		assert_int_equal(date_from_ms(local_rows[i].utc_ms), d);
	}
}

static const struct {
	day_t day;
	const char *start;
	bool past;
} past_rows[] = {
	{TODAY - 1, "23:59", true},  /* yesterday */
	{TODAY, "00:00", true},
	{TODAY, "09:00", true},      /* began 27 minutes ago */
	{TODAY, "09:27", true},      /* begins exactly now: too late to book */
	{TODAY, "09:28", false},
	{TODAY, "17:00", false},
	{TODAY + 1, "00:00", false},
	{TODAY + 5, "09:00", false}, /* Saturday */
};

static void test_slot_is_past(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(past_rows); i++) {
		int m;
		assert_true(appt_time_parse(past_rows[i].start, &m));
		if (appt_slot_is_past(past_rows[i].day, m, NOW_MS) != past_rows[i].past)
			fail_msg("row %zu (day %d %s): expected %s", i, past_rows[i].day, past_rows[i].start,
				 past_rows[i].past ? "past" : "not past");
	}
	/* one millisecond either side of a start */
	int64_t start = appt_local_ms(TODAY + 1, 600);
	assert_false(appt_slot_is_past(TODAY + 1, 600, start - 1));
	assert_true(appt_slot_is_past(TODAY + 1, 600, start));
}

#define NO_CAP LLONG_MIN

static const struct {
	const char *date, *start, *end;
	long long capacity;
	const char *field, *code; /* NULL: valid */
} check_rows[] = {
	{"2026-11-28", "09:00", "09:30", 4, NULL, NULL},      /* Saturday */
	{"2026-11-29", "09:00", "09:30", 1, NULL, NULL},      /* Sunday: allowed if a department opens */
	{"2026-11-23", "09:28", "10:00", 50, NULL, NULL},     /* later today */
	{"2027-05-22", "13:30", "14:00", 4, NULL, NULL},      /* 180 days ahead */
	{"2027-05-23", "13:30", "14:00", 4, "date", "too_far"},
	{"2026-11-23", "09:00", "09:30", 4, "date", "past"},  /* began already */
	{"2026-11-22", "15:00", "15:30", 4, "date", "past"},
	{"2026-02-29", "09:00", "09:30", 4, "date", "invalid_date"},
	{"2026-11-31", "09:00", "09:30", 4, "date", "invalid_date"},
	{"28/11/2026", "09:00", "09:30", 4, "date", "invalid_date"},
	{"2026-11-28", "9:00", "09:30", 4, "start", "invalid_time"},
	{"2026-11-28", "09:00", "24:00", 4, "end", "invalid_time"},
	{"2026-11-28", "10:00", "09:30", 4, "end", "not_after_start"},
	{"2026-11-28", "10:00", "10:00", 4, "end", "not_after_start"},
	{"2026-11-28", "09:00", "09:30", 0, "capacity", "too_small"},
	{"2026-11-28", "09:00", "09:30", -3, "capacity", "too_small"},
	{"2026-11-28", "09:00", "09:30", 51, "capacity", "too_large"},
	{"2026-11-28", "09:00", "09:30", NO_CAP, NULL, NULL}, /* absent: reported by the JSON spec, not here */
	{NULL, "09:00", "09:30", 4, NULL, NULL},              /* likewise */
};

static void test_slot_check(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(check_rows); i++) {
		errs_t e = ERRS_INIT;
		slot_spec_t s;
		bool ok = appt_slot_check(check_rows[i].date, check_rows[i].start, check_rows[i].end, check_rows[i].capacity,
					  NOW_MS, &s, &e);
		if (!check_rows[i].field) {
			if (!ok)
				fail_msg("row %zu: unexpected error %s/%s", i, e.v[0].field, e.v[0].code);
			assert_int_equal(e.n, 0);
			if (check_rows[i].capacity != NO_CAP)
				assert_int_equal(s.capacity, (int)check_rows[i].capacity);
			if (check_rows[i].date) {
				day_t d;
				assert_true(date_parse(check_rows[i].date, &d));
				assert_int_equal(s.day, d);
			}
			assert_true(s.start < s.end);
		} else {
			assert_false(ok);
			if (!errs_has(&e, check_rows[i].field, check_rows[i].code))
				fail_msg("row %zu: expected %s/%s, got %s/%s", i, check_rows[i].field, check_rows[i].code,
					 e.n ? e.v[0].field : "-", e.n ? e.v[0].code : "-");
			assert_int_equal(e.n, 1); /* exactly the one problem of the row */
		}
		errs_clear(&e);
	}
}

static void test_slot_check_reports_everything(void **state)
{
	(void)state;
	errs_t e = ERRS_INIT;
	slot_spec_t s;
	assert_false(appt_slot_check("2026-13-01", "7", "25:00", 0, NOW_MS, &s, &e));
	assert_true(errs_has(&e, "date", "invalid_date"));
	assert_true(errs_has(&e, "start", "invalid_time"));
	assert_true(errs_has(&e, "end", "invalid_time"));
	assert_true(errs_has(&e, "capacity", "too_small"));
	assert_int_equal(e.n, 4);
	errs_clear(&e);
	/* the past check needs a valid date; with a bad start it still judges the day */
	assert_false(appt_slot_check("2026-11-20", "x", "10:00", 2, NOW_MS, &s, &e));
	assert_true(errs_has(&e, "date", "past"));
	assert_true(errs_has(&e, "start", "invalid_time"));
	errs_clear(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_parse),
		cmocka_unit_test(test_time_round_trip),
		cmocka_unit_test(test_local_ms),
		cmocka_unit_test(test_slot_is_past),
		cmocka_unit_test(test_slot_check),
		cmocka_unit_test(test_slot_check_reports_everything),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
