/* visit.c — unit tests of domain/appointments/visit.c: the kinds of visit,
 * what a visit must name, and a case's visits as the case view shows them
 * ([{at (ISO text), kind, department}], oldest first). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain/appointments/visit.h"
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

static void test_kinds(void **state)
{
	(void)state;
	static const struct {
		const char *kind;
		bool ok;
	} rows[] = {
		{"appointment_checkin", true}, {"window_intake", true}, {"pickup", true},
		{"Pickup", false}, {"pickup ", false}, {"", false}, {NULL, false}, {"visit", false},
	};
	for (size_t i = 0; i < N_ROWS(rows); i++)
		if (visit_kind_valid(rows[i].kind) != rows[i].ok)
			fail_msg("row %zu: %s", i, rows[i].kind ? rows[i].kind : "(null)");
}

struct rec {
	const char *account, *department, *kind, *case_id, *by;
	int want;
};

static int record_rows(dbc_t *c, void *arg)
{
	static const struct rec rows[] = {
		{"p1", "amr", VISIT_WINDOW_INTAKE, "case-1", "clerk-amr", 0},
		{"p1", "amr", VISIT_PICKUP, "case-1", "clerk-amr", 0},
		{"p2", "psb", VISIT_WINDOW_INTAKE, "case-2", "clerk-psb", 0},
		/* refused: an unknown kind, or an account, department or recorder missing */
		{"p1", "amr", "visit", "case-1", "clerk-amr", -1},
		{"", "amr", VISIT_PICKUP, "case-1", "clerk-amr", -1},
		{NULL, "amr", VISIT_PICKUP, "case-1", "clerk-amr", -1},
		{"p1", "", VISIT_PICKUP, "case-1", "clerk-amr", -1},
		{"p1", NULL, VISIT_PICKUP, "case-1", "clerk-amr", -1},
		{"p1", "amr", VISIT_PICKUP, "case-1", "", -1},
		{"p1", "amr", VISIT_PICKUP, "case-1", NULL, -1},
	};
	(void)arg;
	for (size_t i = 0; i < N_ROWS(rows); i++)
		if (visit_record(c, rows[i].account, rows[i].department, rows[i].kind, rows[i].case_id, NULL,
				 rows[i].by) != rows[i].want)
			return (int)i + 1;
	return 0;
}

static void test_record_and_list(void **state)
{
	(void)state;
	char dir[TEMPSTORE_DIR_LEN];
	store_t *st = tempstore_open("visit", dir);
	assert_non_null(st);
	assert_int_equal(store_write(st, add_people, NULL), 0);
	assert_int_equal(store_write(st, record_rows, NULL), 0);
	dbc_t *c = store_reader(st);
	assert_int_equal(visit_count_for_case(c, "case-1"), 2);
	assert_int_equal(visit_count_for_case(c, "case-2"), 1);
	assert_int_equal(visit_count_for_case(c, "case-none"), 0);
	json_t *v = visit_list_for_case(c, "case-1");
	assert_int_equal(json_array_size(v), 2);
	static const char *const kinds[] = {"window_intake", "pickup"};
	for (size_t i = 0; i < 2; i++) {
		json_t *o = json_array_get(v, i);
		assert_int_equal(json_object_size(o), 3);
		assert_string_equal(json_string_value(json_object_get(o, "kind")), kinds[i]);
		assert_string_equal(json_string_value(json_object_get(o, "department")), "amr");
		const char *at = json_string_value(json_object_get(o, "at"));
		assert_non_null(at);
		/* ISO 8601 with a zone: 2026-12-02T15:04:05... */
		assert_true(strlen(at) >= 20 && at[4] == '-' && at[7] == '-' && at[10] == 'T');
	}
	json_decref(v);
	v = visit_list_for_case(c, "case-none");
	assert_true(json_is_array(v));
	assert_int_equal(json_array_size(v), 0);
	json_decref(v);
	tempstore_close(st, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_record_and_list),
	};
	return cmocka_run_group_tests_name("appointments/visit", tests, NULL, NULL);
}
