/* appointment_seed.c — unit tests of domain/appointments/appointment_seed.c:
 * the demo's slots follow the opening rules (working days 09:00–12:00 and
 * 13:30–17:00 in half hours, Saturday mornings, Sundays closed), only for
 * departments that exist, and seeding twice adds nothing.
 *
 * The three weeks from today are checked day by day. Days the calendar
 * marks otherwise (public holidays, 调休) are skipped, so the test holds
 * whatever the date; the department's region has no calendar of its own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/clock.h"
#include "base/date.h"
#include "domain/appointments/appointment.h"
#include "unit/tempstore.h"

static int add_department(dbc_t *c, void *arg)
{
	(void)arg;
	return db_exec(c, "INSERT INTO regions (code, name_zh, name_en, parent, level) VALUES "
			  "('000000', '全国', 'China', NULL, 'national'), "
			  "('990000', '测试省', 'Test province', '000000', 'province');"
			  "INSERT INTO departments (code, name_zh, name_en, region, kind) VALUES "
			  "('psb', '公安局', 'Public Security', '990000', 'bureau');") == DB_OK
		       ? 0
		       : -1;
}

static int64_t scalar(store_t *st, const char *sql, const char *arg)
{
	dbs_t *s = db_prep(store_reader(st), sql);
	db_bind_text(s, 1, arg);
	int64_t v = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
	db_reset(s);
	return v;
}

static void test_seed(void **state)
{
	(void)state;
	char dir[TEMPSTORE_DIR_LEN];
	store_t *st = tempstore_open("appt-seed", dir);
	assert_non_null(st);
	assert_int_equal(store_write(st, add_department, NULL), 0);
	assert_int_equal(appointment_seed_demo(st), 0);
	day_t today = date_from_ms(clock_now_ms());
	int checked = 0;
	for (day_t d = today; d < today + 21; d++) {
		char ds[DATE_STR_LEN];
		date_format(d, ds);
		if (scalar(st, "SELECT COUNT(*) FROM calendar_days WHERE day = ?", ds) > 0)
			continue;   /* a holiday or a working weekend day: the calendar decides */
		int wd = date_weekday(d);
		int64_t want = wd <= 5 ? 13 : wd == 6 ? 6 : 0;
		int64_t got = scalar(st, "SELECT COUNT(*) FROM slots WHERE department = 'psb' AND day = ?", ds);
		if (got != want)
			fail_msg("%s (weekday %d): %lld slots, want %lld", ds, wd, (long long)got, (long long)want);
		if (want) {
			json_t *list = NULL;
			assert_int_equal(slot_list_for_day(store_reader(st), "psb", d, 0, &list), E_OK);
			json_t *slots = json_object_get(list, "slots");
			json_t *first = json_array_get(slots, 0), *last = json_array_get(slots, json_array_size(slots) - 1);
			assert_string_equal(json_string_value(json_object_get(first, "start")), "09:00");
			assert_string_equal(json_string_value(json_object_get(first, "end")), "09:30");
			assert_string_equal(json_string_value(json_object_get(last, "end")), wd == 6 ? "12:00" : "17:00");
			assert_int_equal(json_integer_value(json_object_get(first, "capacity")), 4);
			json_decref(list);
		}
		checked++;
	}
	assert_true(checked >= 10);
	/* amr and health do not exist here: no slots for them */
	assert_int_equal(scalar(st, "SELECT COUNT(*) FROM slots WHERE department <> ?", "psb"), 0);
	/* twice: nothing more */
	int64_t n = scalar(st, "SELECT COUNT(*) FROM slots WHERE department = ?", "psb");
	assert_int_equal(appointment_seed_demo(st), 0);
	assert_int_equal(scalar(st, "SELECT COUNT(*) FROM slots WHERE department = ?", "psb"), n);
	tempstore_close(st, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed),
	};
	return cmocka_run_group_tests_name("appointments/appointment_seed", tests, NULL, NULL);
}
