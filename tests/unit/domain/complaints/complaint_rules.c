/* complaint_rules.c (test) — the responsibility list's matching and the time
 * classes' deadlines, as the issue states them (以事件定责: the most
 * specific row wins, no row falls back to the district government; urgent 2
 * and utility 24 clock hours around the clock, general 7 and complex 15
 * working days on the region's calendar). Expected values are worked out by
 * hand on a wall calendar for 2026 with a National Day week written here
 * (1–7 October off, Saturday 10 October a working day), not taken from
 * the code. Times are Asia/Shanghai (UTC+8). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "base/date.h"
#include "domain/calendar/calendar.h"
#include "domain/complaints/complaint_rules.h"

#define H (3600 * 1000LL)

/* UTC ms of a local (UTC+8) time "YYYY-MM-DD" hh:mm */
static int64_t local(const char *day, int hh, int mm)
{
	day_t d;
	if (!date_parse(day, &d))
		fail_msg("bad date %s", day);
	return (int64_t)d * 24 * H + (hh - 8) * H + mm * 60 * 1000LL;
}

/* the last millisecond of a local day */
static int64_t end_of(const char *day) { return local(day, 24, 0) - 1; }

static const duty_row_t ROWS[] = {
	{"noise", "S1", "street-1"},     /* a street's own row */
	{"city", "D1", "district-1-gov"}, /* the parent category in district D1 */
	{"city", "C", "city-body"},      /* the parent category city-wide */
	{"food", "C", "city-amr"},
	{"market", "D1", "district-1-amr"},
};

static void test_matching(void **state)
{
	static const struct {
		const char *cats[3];
		const char *street, *district, *want;
	} CASES[] = {
	    {{"noise", "city"}, "S1", "D1", "street-1"},        /* the street beats its district */
	    {{"noise", "city"}, "S2", "D1", "district-1-gov"},  /* another street: the district's row */
	    {{"noise", "city"}, NULL, "D1", "district-1-gov"},  /* no street known */
	    {{"noise", "city"}, "S9", "D2", "city-body"},       /* a district without rows: the city's */
	    {{"food", "market"}, "S1", "D1", "district-1-amr"}, /* a district row beats a city row of the leaf */
	    {{"food", "market"}, NULL, "D2", "city-amr"},
	    {{"heating", "utilities"}, "S1", "D1", NULL},       /* no row: the caller's fallback */
	};
	for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
		const char *places[3] = {CASES[i].street, CASES[i].district, "C"};
		const char *got = complaint_duty_match(ROWS, sizeof ROWS / sizeof ROWS[0], CASES[i].cats, places);
		if (!CASES[i].want)
			assert_null(got);
		else {
			assert_non_null(got);
			assert_string_equal(got, CASES[i].want);
		}
	}
}

/* At the same place the category's own row beats its parent's. */
static void test_category_specific_beats_parent(void **state)
{
	static const duty_row_t rows[] = {{"city", "D1", "gov"}, {"noise", "D1", "env"}};
	const char *cats[] = {"noise", "city", NULL}, *places[3] = {NULL, "D1", "C"};
	assert_string_equal(complaint_duty_match(rows, 2, cats, places), "env");
	static const duty_row_t reversed[] = {{"noise", "D1", "env"}, {"city", "D1", "gov"}};
	assert_string_equal(complaint_duty_match(reversed, 2, cats, places), "env");
}

static calendar_t *cal2026(void)
{
	calendar_t *c = calendar_new();
	calendar_override_t ov[8];
	size_t n = 0;
	for (int d = 1; d <= 7; d++) {
		ov[n] = (calendar_override_t){date_from_ymd(2026, 10, d), false, "国庆节"};
		n++;
	}
	ov[n++] = (calendar_override_t){date_from_ymd(2026, 10, 10), true, "调休"};
	assert_int_equal(calendar_load_year(c, 2026, ov, n), 0);
	return c;
}

static void test_deadlines(void **state)
{
	calendar_t *c = cal2026();
	static const struct {
		const char *tc, *day;
		int hh, mm;
		const char *due_day; /* working-day classes: due at the end of this day */
		int64_t hours;       /* clock-hour classes */
	} CASES[] = {
	    /* Friday night: two hours later is Saturday 01:30 — nights and weekends count */
	    {"urgent", "2026-12-04", 23, 30, NULL, 2},
	    {"utility", "2026-12-05", 10, 0, NULL, 24},
	    /* Friday: Mon 7 … Fri 11, Mon 14, Tue 15 */
	    {"general", "2026-12-04", 15, 0, "2026-12-15", 0},
	    /* received on a Saturday: the same seven working days */
	    {"general", "2026-12-05", 9, 0, "2026-12-15", 0},
	    /* 00:30 Friday in Shanghai is still Thursday in UTC: the local day counts */
	    {"general", "2026-12-04", 0, 30, "2026-12-15", 0},
	    /* across National Day: Wed 30 Sep; 8, 9, Sat 10 (调休), 12, 13, 14 Oct */
	    {"general", "2026-09-29", 10, 0, "2026-10-14", 0},
	    /* and on to 15, 16, 19, 20, 21, 22, 23, 26 Oct */
	    {"complex", "2026-09-29", 10, 0, "2026-10-26", 0},
	};
	for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
		int64_t at = local(CASES[i].day, CASES[i].hh, CASES[i].mm);
		bool prov = true;
		int64_t due = complaint_reply_due(c, CASES[i].tc, at, &prov);
		int64_t want = CASES[i].due_day ? end_of(CASES[i].due_day) : at + CASES[i].hours * H;
		if (due != want)
			fail_msg("%s at %s %02d:%02d: due %lld, want %lld", CASES[i].tc, CASES[i].day, CASES[i].hh,
				 CASES[i].mm, (long long)due, (long long)want);
		assert_false(prov);
	}
	assert_int_equal(complaint_reply_due(c, "someday", 0, NULL), -1);
	calendar_free(c);
}

static void test_sign_for_hour_and_colours(void **state)
{
	assert_int_equal(COMPLAINT_SIGN_MS, H);
	assert_string_equal(complaint_colour(0, 100, 10), "green");
	assert_string_equal(complaint_colour(0, 100, 75), "yellow"); /* a quarter left */
	assert_string_equal(complaint_colour(0, 100, 101), "red");
	assert_string_equal(complaint_colour(0, 0, 5), "none");
}

/* 未诉先办: a day is a spike when it has at least 3 requests and more than
 * factor times the mean of the 7 days before it. Worked by hand. */
static void test_spikes(void **state)
{
	(void)state;
	const int64_t flat2[7] = {2, 2, 2, 2, 2, 2, 2}, zeros[7] = {0}, week[7] = {1, 1, 1, 1, 1, 1, 2};
	/* mean 2, factor 2: 4 is not more than 4, 5 is */
	assert_false(complaint_spike(4, flat2, 7, 2.0, 3));
	assert_true(complaint_spike(5, flat2, 7, 2.0, 3));
	/* factor 1.5: more than 3 */
	assert_false(complaint_spike(3, flat2, 7, 1.5, 3));
	assert_true(complaint_spike(4, flat2, 7, 1.5, 3));
	/* nothing before: the minimum decides */
	assert_false(complaint_spike(2, zeros, 7, 2.0, 3));
	assert_true(complaint_spike(3, zeros, 7, 2.0, 3));
	/* mean 8/7: 3 > 16/7, and 2 is under the minimum however quiet the week */
	assert_true(complaint_spike(3, week, 7, 2.0, 3));
	assert_false(complaint_spike(2, zeros, 7, 1.0, 3));
	/* a busy street is not a spike for being busy: mean 10, 19 is under 2 × 10 */
	const int64_t busy[7] = {10, 10, 10, 10, 10, 10, 10};
	assert_false(complaint_spike(19, busy, 7, 2.0, 3));
	assert_true(complaint_spike(21, busy, 7, 2.0, 3));
	/* the days of the window count equally: a burst a week ago weighs as much as yesterday */
	const int64_t old[7] = {14, 0, 0, 0, 0, 0, 0}, recent[7] = {0, 0, 0, 0, 0, 0, 14};
	assert_int_equal(complaint_spike(5, old, 7, 2.0, 3), complaint_spike(5, recent, 7, 2.0, 3));
	assert_false(complaint_spike(4, old, 7, 2.0, 3));  /* 4 = 2 × 14/7 */
	assert_true(complaint_spike(5, old, 7, 2.0, 3));
	/* no window: never */
	assert_false(complaint_spike(100, NULL, 0, 2.0, 3));
}

/* Duplicates: the same category at the same district and street, filed at
 * most 7 days (7 × 86,400,000 ms) apart, into a request dispatched, signed
 * for or being handled, never into itself or into one merged elsewhere. */
static void test_duplicates(void **state)
{
	const int64_t week = 7 * 86400000LL, t = 1800000000000LL;
	complaint_dup_t lead = {"a", "noise", "310101", "310101002", "dispatched", t};
	complaint_dup_t dup = {"b", "noise", "310101", "310101002", "dispatched", t + week};
	assert_int_equal(complaint_duplicate_why(&dup, &lead), DUP_OK);        /* exactly 7 days: yes */
	dup.created_at = t - week;
	assert_int_equal(complaint_duplicate_why(&dup, &lead), DUP_OK);        /* filed before it: also */
	dup.created_at = t + week + 1;
	assert_int_equal(complaint_duplicate_why(&dup, &lead), DUP_WINDOW);
	dup.created_at = t - week - 1;
	assert_int_equal(complaint_duplicate_why(&dup, &lead), DUP_WINDOW);
	dup.created_at = t;
	for (const char *const *st = (const char *const[]){"signed", "handling", NULL}; *st; st++) {
		lead.status = *st;
		assert_int_equal(complaint_duplicate_why(&dup, &lead), DUP_OK);
	}
	for (const char *const *st = (const char *const[]){"received", "returned", "replied", "callback",
							   "closed", NULL};
	     *st; st++) {
		lead.status = *st;
		assert_int_equal(complaint_duplicate_why(&dup, &lead), DUP_NOT_IN_HAND);
	}
	lead.status = "merged";
	assert_int_equal(complaint_duplicate_why(&dup, &lead), DUP_CHAINED);
	lead.status = "handling";
	dup.category = "garbage";
	assert_int_equal(complaint_duplicate_why(&dup, &lead), DUP_CATEGORY);
	dup.category = "noise";
	dup.street = "310101013";
	assert_int_equal(complaint_duplicate_why(&dup, &lead), DUP_PLACE);
	dup.street = "";                                                         /* unknown street */
	assert_int_equal(complaint_duplicate_why(&dup, &lead), DUP_PLACE);
	lead.street = NULL;                                                      /* both unknown: the same */
	assert_int_equal(complaint_duplicate_why(&dup, &lead), DUP_OK);
	dup.district = "310104";
	assert_int_equal(complaint_duplicate_why(&dup, &lead), DUP_PLACE);
	dup.district = "310101";
	dup.id = "a";
	assert_int_equal(complaint_duplicate_why(&dup, &lead), DUP_SELF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matching),
		cmocka_unit_test(test_category_specific_beats_parent),
		cmocka_unit_test(test_deadlines),
		cmocka_unit_test(test_sign_for_hour_and_colours),
		cmocka_unit_test(test_spikes),
		cmocka_unit_test(test_duplicates),
	};
	return cmocka_run_group_tests_name("complaint_rules", tests, NULL, NULL);
}
