/* appointment.c — unit tests of domain/appointments/appointment.c: booking a
 * slot, cancelling, checking in, and the refusals counted as unmet demand.
 * Each step states the outcome the rules promise (appointment.h); the
 * database is a throwaway one. */
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

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

/* The rows the appointments rules lean on (test setup, written as the
 * identity subsystem would): a region, two departments, two applicants and
 * a window clerk of each department. */
static int add_people(dbc_t *c, void *arg)
{
	(void)arg;
	return db_exec(c, "INSERT INTO regions (code, name_zh, name_en, parent, level) VALUES "
			  "('000000', '全国', 'China', NULL, 'national');"
			  "INSERT INTO departments (code, name_zh, name_en, region, kind) VALUES "
			  "('amr', '市场监管局', 'Market Regulation', '000000', 'bureau'), "
			  "('psb', '公安局', 'Public Security', '000000', 'bureau');"
			  "INSERT INTO accounts (id, kind, username, password_hash, display_name, department, roles, "
			  "created_at) VALUES "
			  "('p1', 'person', 'p1', 'x', '张三', NULL, '', 0), "
			  "('p2', 'person', 'p2', 'x', '李四', NULL, '', 0), "
			  "('clerk-amr', 'staff', 'ca', 'x', '王五', 'amr', 'window_clerk', 0), "
			  "('clerk-psb', 'staff', 'cp', 'x', '赵六', 'psb', 'window_clerk', 0);") == DB_OK ? 0 : -1;
}

/* Moves a slot to another day: the appointment's day has come (the unit
 * programs run on the real clock, which they cannot move), and back. */
struct move {
	const char *slot;
	day_t day;
};

static int slot_move(dbc_t *c, void *arg)
{
	const struct move *m = arg;
	char day[DATE_STR_LEN];
	date_format(m->day, day);
	return db_run(c, "UPDATE slots SET day = ? WHERE id = ?", day, m->slot) == DB_DONE ? 0 : -1;
}

static actor_t who(const char *id, unsigned roles, const char *dept)
{
	actor_t a = {0};
	snprintf(a.id, sizeof a.id, "%s", id);
	a.roles = roles;
	snprintf(a.department, sizeof a.department, "%s", dept);
	return a;
}

static int64_t scalar(store_t *st, const char *sql)
{
	dbs_t *s = db_prep(store_reader(st), sql);
	int64_t v = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
	db_reset(s);
	return v;
}

static int64_t slot_field(store_t *st, const char *slot, const char *field)
{
	json_t *o = slot_json(store_reader(st), slot, clock_now_ms());
	assert_non_null(o);
	int64_t v = json_integer_value(json_object_get(o, field));
	json_decref(o);
	return v;
}

static int64_t appt_version(store_t *st, const char *id)
{
	json_t *o = appointment_json(store_reader(st), id);
	assert_non_null(o);
	int64_t v = json_integer_value(json_object_get(o, "version"));
	json_decref(o);
	return v;
}

static void test_book_cancel_checkin(void **state)
{
	(void)state;
	char dir[TEMPSTORE_DIR_LEN];
	store_t *st = tempstore_open("appt", dir);
	assert_non_null(st);
	assert_int_equal(store_write(st, add_people, NULL), 0);
	actor_t p1 = who("p1", ROLE_PERSON, ""), p2 = who("p2", ROLE_PERSON, "");
	actor_t head = who("head-amr", ROLE_DEPT_HEAD, "amr");
	actor_t clerk = who("clerk-amr", ROLE_WINDOW_CLERK, "amr");
	actor_t other_clerk = who("clerk-psb", ROLE_WINDOW_CLERK, "psb");

	/* a slot the day after tomorrow, one place */
	slot_spec_t spec = {.day = date_from_ms(clock_now_ms()) + 2, .start = 9 * 60, .end = 9 * 60 + 30, .capacity = 1};
	char slot[APPT_ID_LEN], id[APPT_ID_LEN], id2[APPT_ID_LEN];
	errs_t e = ERRS_INIT;
	assert_int_equal(slot_publish(st, &head, "amr", &spec, slot, &e), E_OK);
	assert_int_equal(slot_publish(st, &head, "nowhere", &spec, id, &e), E_NOT_FOUND);
	/* the same start again, and an overlapping one: refused with the field named */
	assert_int_equal(slot_publish(st, &head, "amr", &spec, id, &e), E_CONFLICT);
	assert_true(errs_has(&e, "start", "taken"));
	errs_clear(&e);
	slot_spec_t overlap = spec;
	overlap.start += 15;
	overlap.end += 15;
	assert_int_equal(slot_publish(st, &head, "amr", &overlap, id, &e), E_CONFLICT);
	assert_true(errs_has(&e, "start", "overlap"));
	errs_clear(&e);
	slot_spec_t later = spec;
	later.start += 30;
	later.end += 30;
	assert_int_equal(slot_publish(st, &head, "amr", &later, id, &e), E_OK);   /* adjacent is fine */

	/* refusals before any write */
	static const struct {
		const char *slot, *matter, *channel, *field, *code;
	} bad[] = {
		{"no-such-slot", NULL, "online", "slot", "not_found"},
		{NULL, NULL, "fax", "channel", "invalid"},
		{NULL, NULL, NULL, "channel", "invalid"},
		{NULL, "NO-SUCH", "online", "matter", "not_found"},
	};
	for (size_t i = 0; i < N_ROWS(bad); i++) {
		assert_int_equal(appointment_book(st, &p1, bad[i].slot ? bad[i].slot : slot, bad[i].matter,
						  bad[i].channel, &e, id),
				 E_VALIDATION);
		if (!errs_has(&e, bad[i].field, bad[i].code))
			fail_msg("row %zu: no %s/%s", i, bad[i].field, bad[i].code);
		errs_clear(&e);
	}

	/* booked; the same person again is a conflict; the slot is then full for another */
	assert_int_equal(appointment_book(st, &p1, slot, NULL, "online", &e, id), E_OK);
	assert_int_equal(slot_field(st, slot, "available"), 0);
	assert_int_equal(appointment_book(st, &p1, slot, NULL, "online", &e, id2), E_CONFLICT);
	assert_int_equal(appointment_book(st, &p2, slot, NULL, "mobile", &e, id2), E_SLOT_FULL);
	assert_int_equal(scalar(st, "SELECT SUM(count) FROM unmet_demand WHERE reason = 'full' AND channel = 'mobile'"),
			 1);
	assert_int_equal(scalar(st, "SELECT hour FROM unmet_demand"), 9);

	/* cancelling: only one's own, only the current version */
	int64_t v = appt_version(st, id);
	assert_int_equal(appointment_cancel(st, &p2, id, 0), E_NOT_FOUND);
	assert_int_equal(appointment_cancel(st, &p1, "no-such-id", 0), E_NOT_FOUND);
	assert_int_equal(appointment_cancel(st, &p1, id, v + 1), E_STALE);
	assert_int_equal(appointment_cancel(st, &p1, id, v), E_OK);
	assert_int_equal(appt_version(st, id), v + 1);
	assert_int_equal(appointment_cancel(st, &p1, id, 0), E_STATE);
	assert_int_equal(slot_field(st, slot, "available"), 1);   /* the place went back */

	/* the freed place is taken; check-in by the department's clerk only, once */
	assert_int_equal(appointment_book(st, &p2, slot, NULL, "window", &e, id2), E_OK);
	assert_int_equal(appointment_checkin(st, &other_clerk, id2, 0), E_FORBIDDEN);
	assert_int_equal(appointment_checkin(st, &p2, id2, 0), E_FORBIDDEN);
	/* not before the appointment's day (the check-in records the visit) */
	assert_int_equal(appointment_checkin(st, &clerk, id2, 0), E_STATE);
	struct move today = {slot, date_from_ms(clock_now_ms())}, back = {slot, spec.day};
	assert_int_equal(store_write(st, slot_move, &today), 0);
	assert_int_equal(appointment_checkin(st, &clerk, id2, 0), E_OK);
	assert_int_equal(store_write(st, slot_move, &back), 0);
	assert_int_equal(appointment_checkin(st, &clerk, id2, 0), E_STATE);
	assert_int_equal(appointment_cancel(st, &p2, id2, 0), E_STATE);
	assert_int_equal(scalar(st, "SELECT COUNT(*) FROM visits WHERE kind = 'appointment_checkin' "
				    "AND account_id = 'p2' AND department = 'amr'"),
			 1);
	/* a message for each of: booked (p1), cancelled (p1), booked (p2), checked in (p2) */
	assert_int_equal(scalar(st, "SELECT COUNT(*) FROM messages WHERE account_id = 'p1'"), 2);
	assert_int_equal(scalar(st, "SELECT COUNT(*) FROM messages WHERE account_id = 'p2'"), 2);

	/* the views */
	char owner[APPT_ACCOUNT_LEN], dept[APPT_DEPT_LEN];
	assert_true(appointment_owner(store_reader(st), id2, owner, dept));
	assert_string_equal(owner, "p2");
	assert_string_equal(dept, "amr");
	assert_false(appointment_owner(store_reader(st), "no-such-id", owner, dept));
	json_t *o = appointment_json(store_reader(st), id2);
	assert_string_equal(json_string_value(json_object_get(o, "status")), "checked_in");
	assert_string_equal(json_string_value(json_object_get(json_object_get(o, "status_label"), "zh")), "已签到");
	assert_true(json_is_string(json_object_get(o, "checked_in_at")));
	assert_true(json_is_null(json_object_get(o, "cancelled_at")));
	assert_true(json_is_null(json_object_get(o, "matter")));
	json_decref(o);
	json_t *mine = appointment_list_of_account(store_reader(st), "p1");
	assert_int_equal(json_array_size(mine), 1);
	json_decref(mine);
	json_t *day = NULL;
	assert_int_equal(appointment_list_for_day(store_reader(st), "amr", spec.day, &day), E_OK);
	assert_int_equal(json_array_size(json_object_get(day, "items")), 2);
	json_decref(day);
	assert_int_equal(appointment_list_for_day(store_reader(st), "nowhere", spec.day, &day), E_NOT_FOUND);
	assert_int_equal(slot_list_for_day(store_reader(st), "amr", spec.day, clock_now_ms(), &day), E_OK);
	assert_int_equal(json_array_size(json_object_get(day, "slots")), 2);
	json_decref(day);
	assert_true(appointment_department_exists(store_reader(st), "psb"));
	assert_false(appointment_department_exists(store_reader(st), "nowhere"));
	tempstore_close(st, dir);
}

/* A slot in 2020 (a Monday), written directly: publishing would refuse it. */
static int add_old_slot(dbc_t *c, void *arg)
{
	(void)arg;
	int rc = db_exec(c, "INSERT INTO slots (id, department, day, start_time, end_time, capacity, booked, "
			    "created_at, created_by) VALUES "
			    "('old-slot', 'amr', '2020-01-06', '09:00', '09:30', 4, 0, 0, 'system')");
	return rc == DB_OK ? 0 : -1;
}

/* A slot that has begun cannot be booked; the refusal is counted as "past". */
static void test_book_past(void **state)
{
	(void)state;
	char dir[TEMPSTORE_DIR_LEN];
	store_t *st = tempstore_open("appt-past", dir);
	assert_non_null(st);
	assert_int_equal(store_write(st, add_people, NULL), 0);
	assert_int_equal(store_write(st, add_old_slot, NULL), 0);
	actor_t p1 = who("p1", ROLE_PERSON, "");
	errs_t e = ERRS_INIT;
	char id[APPT_ID_LEN];
	assert_int_equal(appointment_book(st, &p1, "old-slot", NULL, "online", &e, id), E_VALIDATION);
	assert_true(errs_has(&e, "slot", "past"));
	errs_clear(&e);
	assert_int_equal(scalar(st, "SELECT count FROM unmet_demand WHERE reason = 'past' AND day = '2020-01-06'"), 1);
	tempstore_close(st, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_book_cancel_checkin),
		cmocka_unit_test(test_book_past),
	};
	return cmocka_run_group_tests_name("appointments/appointment", tests, NULL, NULL);
}
