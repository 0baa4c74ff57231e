/* test_case_clock.c — the statutory clock of a case (domain/case_clock),
 * table-driven, on a real calendar: a temporary store migrated and seeded
 * with the reference data (the national region and the 2026 notice), plus
 * region 310000 under 000000.
 *
 * Each row: accepted day, promised days, extension, working days paused in
 * earlier suspensions, the day of a suspension still running, the day the
 * case finished, today -> deadline, provisional, days used, days left,
 * colour. The expectations were counted by hand on the 2026 notice and
 * checked with an independent script (not with calendar.c):
 *   中秋 9/25-9/27 off; 国庆 10/1-10/7 off, 9/20 (Sun) and 10/10 (Sat) worked;
 *   春节 2/15-2/23 off, 2/14 (Sat) and 2/28 (Sat) worked; 劳动节 5/1-5/5 off,
 *   5/9 (Sat) worked. 2027 is not loaded: weekends only, provisional.
 * So accepted 2026-09-25 (a holiday) + 10 counts 9/28, 9/29, 9/30, 10/8,
 * 10/9, 10/10 (Sat, 调休), 10/12, 10/13, 10/14, 10/15. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "unit/tempstore.h"

#include "base/date.h"
#include "domain/cases/case_clock.h"
#include "domain/seed.h"
#include "store/store.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

struct fx {
	char dir[64];
	store_t *st;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->st = tempstore_open("case-clock", f->dir);
	if (!f->st)
		return -1;
	if (seed_reference(f->st) != 0) {
		fprintf(stderr, "seed_reference failed\n");
		return -1;
	}
	dbc_t *c = store_reader(f->st);
	int rc = db_exec(c, "INSERT INTO regions (code, name_zh, name_en, parent, level) VALUES "
			    "('310000', '上海市', 'Shanghai', '000000', 'city')");
	if (rc != DB_OK && rc != DB_DONE) {
		fprintf(stderr, "db_exec: %s\n", db_errmsg(c));
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	tempstore_close(f->st, f->dir);
	free(f);
	return 0;
}

static day_t D(const char *s)
{
	day_t d = 0;
	if (!date_parse(s, &d))
		fail_msg("bad date in the table: %s", s);
	return d;
}

static const struct row {
	const char *what;
	const char *accepted;
	int promised, extension, paused_workdays;
	const char *paused_day, *finished_day, *today;
	/* expected */
	const char *due;
	bool provisional;
	int used, left;
	const char *colour;
} ROWS[] = {
	/* 中秋 and 国庆: accepted on a holiday, counting through the Golden Week and the Saturday 调休 */
	{"accepted on 中秋", "2026-09-25", 10, 0, 0, NULL, NULL, "2026-09-25", "2026-10-15", false, 0, 10, "green"},
	{"Golden Week does not count", "2026-09-25", 10, 0, 0, NULL, NULL, "2026-10-07", "2026-10-15", false, 3, 7, "green"},
	{"10/8 and 10/9 count", "2026-09-25", 10, 0, 0, NULL, NULL, "2026-10-09", "2026-10-15", false, 5, 5, "green"},
	{"Saturday 10/10 is a working day", "2026-09-25", 10, 0, 0, NULL, NULL, "2026-10-10", "2026-10-15", false, 6, 4, "green"},
	{"Sunday 10/11 is not", "2026-09-25", 10, 0, 0, NULL, NULL, "2026-10-11", "2026-10-15", false, 6, 4, "green"},
	{"two left: yellow", "2026-09-25", 10, 0, 0, NULL, NULL, "2026-10-13", "2026-10-15", false, 8, 2, "yellow"},
	{"the deadline day itself", "2026-09-25", 10, 0, 0, NULL, NULL, "2026-10-15", "2026-10-15", false, 10, 0, "yellow"},
	{"a day late: red", "2026-09-25", 10, 0, 0, NULL, NULL, "2026-10-16", "2026-10-15", false, 11, -1, "red"},
	/* Sunday 9/20 is a 调休 working day */
	/* the day it is accepted a 1-day matter has lost no time: green, not amber */
	{"1-day matter on its acceptance day", "2026-09-18", 1, 0, 0, NULL, NULL, "2026-09-18", "2026-09-20", false, 0, 1,
	 "green"},
	{"deadline on Sunday 9/20", "2026-09-18", 1, 0, 0, NULL, NULL, "2026-09-19", "2026-09-20", false, 0, 1, "yellow"},
	{"Sunday 9/20 counted", "2026-09-18", 1, 0, 0, NULL, NULL, "2026-09-21", "2026-09-20", false, 2, -1, "red"},
	/* 春节: Saturday 2/14 worked, 2/15-2/23 off */
	{"Spring Festival", "2026-02-13", 5, 0, 0, NULL, NULL, "2026-02-24", "2026-02-27", false, 2, 3, "green"},
	/* 劳动节: 5/1-5/5 off, Saturday 5/9 worked */
	{"Labour Day, 5/9 worked", "2026-04-30", 3, 0, 0, NULL, NULL, "2026-05-09", "2026-05-08", false, 4, -1, "red"},
	/* deemed acceptance as of a holiday */
	{"accepted on 10/4 (holiday)", "2026-10-04", 5, 0, 0, NULL, NULL, "2026-10-12", "2026-10-13", false, 4, 1, "yellow"},
	/* a Friday deadline is missed on Saturday, though no working day passed */
	{"5 days, 3 left", "2026-11-20", 5, 0, 0, NULL, NULL, "2026-11-24", "2026-11-27", false, 2, 3, "green"},
	{"5 days, 2 left", "2026-11-20", 5, 0, 0, NULL, NULL, "2026-11-25", "2026-11-27", false, 3, 2, "yellow"},
	{"Friday deadline, on Friday", "2026-11-20", 5, 0, 0, NULL, NULL, "2026-11-27", "2026-11-27", false, 5, 0, "yellow"},
	{"Friday deadline, on Saturday", "2026-11-20", 5, 0, 0, NULL, NULL, "2026-11-28", "2026-11-27", false, 5, 0, "red"},
	{"Friday deadline, on Monday", "2026-11-20", 5, 0, 0, NULL, NULL, "2026-11-30", "2026-11-27", false, 6, -1, "red"},
	/* an extension adds to the total */
	{"extended by 10", "2026-11-23", 10, 10, 0, NULL, NULL, "2026-12-14", "2026-12-21", false, 15, 5, "green"},
	/* 20 % of 20 is 4 */
	{"20 days, 4 left", "2026-11-02", 20, 0, 0, NULL, NULL, "2026-11-24", "2026-11-30", false, 16, 4, "yellow"},
	{"20 days, 3 left", "2026-11-02", 20, 0, 0, NULL, NULL, "2026-11-25", "2026-11-30", false, 17, 3, "yellow"},
	{"20 days, 5 left", "2026-11-02", 20, 0, 0, NULL, NULL, "2026-11-23", "2026-11-30", false, 15, 5, "green"},
	{"10 days, 3 left", "2026-11-02", 10, 0, 0, NULL, NULL, "2026-11-11", "2026-11-16", false, 7, 3, "green"},
	/* suspended earlier for 3 working days: the deadline moves by 3 */
	{"after a suspension", "2026-11-02", 10, 0, 3, NULL, NULL, "2026-11-17", "2026-11-19", false, 8, 2, "yellow"},
	{"after a suspension, late", "2026-11-02", 10, 0, 3, NULL, NULL, "2026-11-20", "2026-11-19", false, 11, -1, "red"},
	/* suspended now: the clock stands, the deadline moves with today */
	{"suspended since 11/6", "2026-11-02", 10, 0, 0, "2026-11-06", NULL, "2026-11-20", "2026-11-30", false, 4, 6, "green"},
	{"suspended over Golden Week", "2026-09-21", 10, 0, 0, "2026-09-24", NULL, "2026-10-12", "2026-10-21", false, 3, 7, "green"},
	{"suspended after running late", "2026-11-02", 5, 0, 0, "2026-11-16", NULL, "2026-11-20", "2026-11-13", false, 10, -5, "red"},
	{"suspended on the deadline, at the weekend", "2026-11-20", 5, 0, 0, "2026-11-27", NULL, "2026-11-28", "2026-11-27", false, 5, 0, "yellow"},
	/* finished: the clock stops at the finish, no colour */
	{"finished", "2026-11-02", 10, 0, 0, NULL, "2026-11-10", "2026-12-31", "2026-11-16", false, 6, 4, "none"},
	{"finished late", "2026-11-02", 5, 0, 0, NULL, "2026-11-20", "2026-12-31", "2026-11-09", false, 14, -9, "none"},
	/* into 2027, which is not loaded: weekends only, provisional */
	{"deadline in 2027", "2026-12-20", 10, 0, 0, NULL, NULL, "2026-12-21", "2027-01-01", true, 1, 9, "green"},
	{"in 2027, on the deadline", "2026-12-24", 10, 0, 0, NULL, NULL, "2027-01-07", "2027-01-07", true, 10, 0, "yellow"},
	{"in 2027, late", "2026-12-24", 10, 0, 0, NULL, NULL, "2027-01-08", "2027-01-07", true, 11, -1, "red"},
	{"suspended across the new year", "2026-12-31", 3, 0, 0, "2026-12-31", NULL, "2027-01-05", "2027-01-08", true, 0, 3, "green"},
	{"inside 2026, not provisional", "2026-12-01", 10, 0, 0, NULL, NULL, "2026-12-02", "2026-12-15", false, 1, 9, "green"},
};

static void test_rows(void **state)
{
	struct fx *f = *state;
	dbc_t *c = store_reader(f->st);
	for (size_t i = 0; i < N_ROWS(ROWS); i++) {
		const struct row *r = &ROWS[i];
		clock_in_t in = {"310000", r->promised, r->extension, r->paused_workdays, r->accepted, r->paused_day,
				 r->finished_day};
		clock_out_t k;
		case_clock(c, &in, D(r->today), &k);
		char due[DATE_STR_LEN];
		date_format(k.due, due);
		if (!k.started || strcmp(due, r->due) || k.provisional != r->provisional || k.used != r->used ||
		    k.left != r->left || strcmp(k.colour, r->colour) || k.total != r->promised + r->extension ||
		    k.paused != (r->paused_day != NULL) || k.finished != (r->finished_day != NULL))
			fail_msg("row %zu (%s): got due %s%s used %d left %d total %d colour %s paused %d finished %d; "
				 "expected due %s%s used %d left %d colour %s",
				 i, r->what, due, k.provisional ? " (provisional)" : "", k.used, k.left, k.total, k.colour,
				 k.paused, k.finished, r->due, r->provisional ? " (provisional)" : "", r->used, r->left, r->colour);
	}
}

/* The same rows in a district: 310101 has no calendar of its own and uses the national one via 310000. */
static void test_district_inherits(void **state)
{
	struct fx *f = *state;
	dbc_t *c = store_reader(f->st);
	assert_int_equal(db_exec(c, "INSERT INTO regions (code, name_zh, name_en, parent, level) VALUES "
				    "('310101', '黄浦区', 'Huangpu', '310000', 'district')"), DB_OK);
	clock_in_t in = {"310101", 10, 0, 0, "2026-09-25", NULL, NULL};
	clock_out_t k;
	case_clock(c, &in, D("2026-10-13"), &k);
	char due[DATE_STR_LEN];
	date_format(k.due, due);
	assert_string_equal(due, "2026-10-15");
	assert_int_equal(k.used, 8);
	assert_string_equal(k.colour, "yellow");
}

static void test_not_started(void **state)
{
	struct fx *f = *state;
	dbc_t *c = store_reader(f->st);
	clock_in_t in = {"310000", 10, 0, 0, NULL, NULL, NULL};
	clock_out_t k;
	case_clock(c, &in, D("2026-11-23"), &k);
	assert_false(k.started);
	assert_string_equal(k.colour, "none");
	assert_int_equal(k.used, 0);
	assert_int_equal(k.left, 0);
	json_t *j = case_clock_json(&k, false);
	assert_false(json_is_true(json_object_get(j, "started")));
	assert_string_equal(json_string_value(json_object_get(j, "colour")), "none");
	assert_null(json_object_get(j, "deadline"));
	json_decref(j);
	/* a malformed accepted day is "not started", never a crash */
	in.accepted_day = "2026-13-01";
	case_clock(c, &in, D("2026-11-23"), &k);
	assert_false(k.started);
}

static void test_json(void **state)
{
	struct fx *f = *state;
	dbc_t *c = store_reader(f->st);
	clock_in_t in = {"310000", 10, 5, 0, "2026-12-24", NULL, NULL};
	clock_out_t k;
	case_clock(c, &in, D("2026-12-28"), &k);
	json_t *j = case_clock_json(&k, true);
	assert_true(json_is_true(json_object_get(j, "started")));
	assert_string_equal(json_string_value(json_object_get(j, "accepted_on")), "2026-12-24");
	assert_true(json_is_true(json_object_get(j, "provisional")));
	assert_int_equal(json_integer_value(json_object_get(j, "total_days")), 15);
	assert_int_equal(json_integer_value(json_object_get(j, "days_used")), 2);
	assert_int_equal(json_integer_value(json_object_get(j, "days_left")), 13);
	assert_true(json_is_true(json_object_get(j, "extended")));
	assert_false(json_is_true(json_object_get(j, "paused")));
	assert_string_equal(json_string_value(json_object_get(j, "colour")), "green");
	/* 12/25, 12/28-12/31, then 2027 by weekdays: 1/1, 1/4-1/8, 1/11-1/14 */
	assert_string_equal(json_string_value(json_object_get(j, "deadline")), "2027-01-14");
	json_decref(j);
}

static void test_colour_thresholds(void **state)
{
	(void)state;
	static const struct {
		int left, total;
		bool overdue;
		const char *colour;
	} T[] = {
		{10, 10, false, "green"}, {3, 10, false, "green"}, {2, 10, false, "yellow"}, {0, 10, false, "yellow"},
		{-1, 10, true, "red"},    {5, 20, false, "green"}, {4, 20, false, "yellow"}, {6, 30, false, "yellow"},
		{7, 30, false, "green"},  {1, 1, false, "yellow"}, {0, 1, true, "red"},      {3, 3, false, "green"},
		{2, 5, false, "yellow"},  {3, 5, false, "green"},  {3, 15, false, "yellow"}, {4, 15, false, "green"},
	};
	for (size_t i = 0; i < N_ROWS(T); i++)
		if (strcmp(clock_colour(T[i].left, T[i].total, T[i].overdue), T[i].colour))
			fail_msg("row %zu: left %d of %d%s -> %s, expected %s", i, T[i].left, T[i].total,
				 T[i].overdue ? " overdue" : "", clock_colour(T[i].left, T[i].total, T[i].overdue), T[i].colour);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_district_inherits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_started, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test(test_colour_thresholds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
