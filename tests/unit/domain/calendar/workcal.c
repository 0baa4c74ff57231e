/* workcal.c — unit tests of domain/calendar/workcal and deadline: region
 * calendars from the database and the deadlines that follow them.
 *
 * The rules: a region follows, for each year, the nearest region from
 * itself upwards (district, city, national) that has loaded that year's
 * notice; a deadline that runs into a year nobody above it has loaded counts
 * weekends only and is provisional; loading that year recomputes every
 * provisional deadline, audits each, tells the owner when the date moved,
 * and the recomputed deadline is no longer provisional.
 *
 * The calendars used here (weekdays checked against a printed calendar):
 *   national 2030: 国庆 off Tue 10-01 … Mon 10-07, working Sun 09-29, Sat 10-12
 *   Shanghai 2031 (its own notice): off Wed 01-01 … Fri 01-03
 *   national 2031 (loaded in the recompute test): off Wed 01-01 only */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "unit/tempstore.h"

#include "base/crypto.h"
#include "domain/calendar/workcal.h"
#include "domain/core/audit.h"
#include "domain/core/geo.h"
#include "domain/core/message.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

static const char NATIONAL_2030[] =
	"{\"year\": 2030, \"source\": \"national 2030\", \"holidays\": [{\"name\": \"国庆节\", \"name_en\": "
	"\"National Day\", \"off\": [\"2030-10-01\", \"2030-10-07\"], "
	"\"workdays\": [\"2030-09-29\", \"2030-10-12\"]}]}";
static const char SHANGHAI_2031[] =
	"{\"year\": 2031, \"source\": \"shanghai 2031\", \"holidays\": [{\"name\": \"元旦\", \"name_en\": "
	"\"New Year\", \"off\": [\"2031-01-01\", \"2031-01-03\"], \"workdays\": []}]}";
static const char NATIONAL_2031[] =
	"{\"year\": 2031, \"source\": \"national 2031\", \"holidays\": [{\"name\": \"元旦\", \"name_en\": "
	"\"New Year\", \"off\": [\"2031-01-01\", \"2031-01-01\"], \"workdays\": []}]}";

typedef struct {
	char dir[TEMPSTORE_DIR_LEN];
	store_t *st;
	actor_t admin;
} fx_t;

static const geo_region_t REGIONS[] = {
	{"000000", "全国", "National", NULL, "national"},
	{"310000", "上海市", "Shanghai", "000000", "province"},
	{"310104", "徐汇区", "Xuhui", "310000", "district"},
	{"110000", "北京市", "Beijing", "000000", "province"},
	{"110101", "东城区", "Dongcheng", "110000", "district"},
};

static int add_regions(dbc_t *c, void *arg)
{
	for (size_t i = 0; i < N_ROWS(REGIONS); i++)
		if (geo_region_add(c, &REGIONS[i]) != 1)
			return -1;
	int rc = db_exec(c, "INSERT INTO accounts (id, kind, username, password_hash, display_name, "
			    "created_at) VALUES ('a1', 'person', 'u1', 'x', '甲', 0)");
	return rc == DB_OK ? 0 : -1;
}

static errcode_t load(fx_t *f, const char *region, int year, const char *json, int *moved)
{
	errs_t e = ERRS_INIT;
	errcode_t rc = workcal_load_year(f->st, &f->admin, region, year, json, strlen(json), &e, moved);
	errs_clear(&e);
	return rc;
}

static int setup(void **state)
{
	fx_t *f = calloc(1, sizeof *f);
	workcal_invalidate();   /* the cache is per process; each test has a new database */
	f->st = tempstore_open("workcal", f->dir);
	if (!f->st || store_write(f->st, add_regions, NULL) != 0)
		return -1;
	actor_system(&f->admin, "test");
	if (load(f, NATIONAL_REGION, 2030, NATIONAL_2030, NULL) != E_OK ||
	    load(f, "310000", 2031, SHANGHAI_2031, NULL) != E_OK)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx_t *f = *state;
	tempstore_close(f->st, f->dir);
	workcal_invalidate();
	free(f);
	return 0;
}

struct set_ctx {
	const char *entity, *entity_id, *purpose, *region, *start, *owner;
	int workdays;
	deadline_t out;
	int rc;
};

static int set_write(dbc_t *c, void *arg)
{
	struct set_ctx *x = arg;
	day_t start;
	if (!date_parse(x->start, &start))
		return -1;
	x->rc = deadline_set(c, x->entity, x->entity_id, x->purpose, x->region, start, x->workdays, x->owner,
			     &x->out);
	return 0;
}

static const struct {
	const char *region, *start;
	int workdays;
	const char *due;
	bool provisional;
	const char *why;
} DEADLINES[] = {
	{"310104", "2030-09-27", 5, "2030-10-10", false,
	  "district follows the national 2030 notice (two levels up)"},
	{"110101", "2030-09-27", 5, "2030-10-10", false, "so does a Beijing district"},
	{"000000", "2030-09-27", 0, "2030-09-27", false, "zero working days is the start day"},
	{"310104", "2030-12-30", 3, "2031-01-07", false, "district follows Shanghai's own 2031 notice"},
	{"310000", "2030-12-30", 3, "2031-01-07", false, "Shanghai itself"},
	{"110000", "2030-12-30", 3, "2031-01-02", true, "Beijing: nobody above has 2031, weekends only"},
	{"110101", "2030-12-30", 3, "2031-01-02", true, "Beijing district: the same"},
	{"000000", "2030-12-30", 3, "2031-01-02", true, "national: 2031 not loaded"},
	{"000000", "2030-12-27", 1, "2030-12-30", false, "over a weekend inside a loaded year"},
	{"310104", "2029-12-28", 1, "2029-12-31", true, "a year before any notice"},
};

static void test_deadlines_follow_the_nearest_calendar(void **state)
{
	fx_t *f = *state;
	for (size_t i = 0; i < N_ROWS(DEADLINES); i++) {
		char eid[16];
		snprintf(eid, sizeof eid, "k%zu", i);
		struct set_ctx x = {"complaint", eid, "answer", DEADLINES[i].region, DEADLINES[i].start, NULL,
				    DEADLINES[i].workdays};
		assert_int_equal(store_write(f->st, set_write, &x), 0);
		if (x.rc != 0)
			fail_msg("%s: deadline_set failed", DEADLINES[i].why);
		char due[DATE_STR_LEN];
		date_format(x.out.due, due);
		if (strcmp(due, DEADLINES[i].due) != 0 || x.out.provisional != DEADLINES[i].provisional)
			fail_msg("%s: due %s%s, expected %s%s", DEADLINES[i].why, due,
				 x.out.provisional ? " (provisional)" : "", DEADLINES[i].due,
				 DEADLINES[i].provisional ? " (provisional)" : "");
	}
	struct set_ctx bad = {"complaint", "kx", "answer", "999999", "2030-09-27", NULL, 5};
	assert_int_equal(store_write(f->st, set_write, &bad), 0);
	assert_int_equal(bad.rc, -1);
}

static void test_year_loaded_is_per_region(void **state)
{
	fx_t *f = *state;
	dbc_t *c = store_reader(f->st);
	static const struct {
		const char *region;
		int year;
		bool loaded;
	} Y[] = {
		{"000000", 2030, true}, {"000000", 2031, false}, {"310000", 2031, true},
		{"310000", 2030, false}, {"310104", 2030, false}, {"310104", 2031, false},
		{"999999", 2030, false},
	};
	for (size_t i = 0; i < N_ROWS(Y); i++)
		assert_int_equal(workcal_year_loaded(c, Y[i].region, Y[i].year), Y[i].loaded);
}

/* One deadlines row as stored (read behind the API, as a user would check). */
static void stored(fx_t *f, const char *entity_id, char due[DATE_STR_LEN], int *provisional, int *version)
{
	dbc_t *c = store_connect(f->st);
	dbs_t *s = db_prep(c, "SELECT due_day, provisional, version FROM deadlines WHERE entity_id = ?");
	db_bind(s, entity_id);
	assert_int_equal(db_step(s), DB_ROW);
	db_col_str(s, 0, due, DATE_STR_LEN);
	*provisional = (int)db_col_int(s, 1);
	*version = (int)db_col_int(s, 2);
	db_reset(s);
	store_disconnect(c);
}

static void test_loading_the_year_recomputes_provisional_deadlines(void **state)
{
	fx_t *f = *state;
	struct set_ctx moves = {"complaint", "k-move", "answer", "110000", "2030-12-30", "a1", 3};
	struct set_ctx stays = {"complaint", "k-stay", "answer", "110101", "2031-01-06", "a1", 2};
	struct set_ctx fixed = {"complaint", "k-fixed", "answer", "310104", "2030-12-30", "a1", 3};
	assert_int_equal(store_write(f->st, set_write, &moves), 0);
	assert_int_equal(store_write(f->st, set_write, &stays), 0);
	assert_int_equal(store_write(f->st, set_write, &fixed), 0);
	assert_true(moves.out.provisional && stays.out.provisional && !fixed.out.provisional);

	char due[DATE_STR_LEN];
	int prov, version;
	stored(f, "k-move", due, &prov, &version);
	assert_string_equal(due, "2031-01-02");
	assert_int_equal(prov, 1);

	int moved = -1;
	assert_int_equal(load(f, NATIONAL_REGION, 2031, NATIONAL_2031, &moved), E_OK);
	assert_int_equal(moved, 1);

	static const struct {
		const char *id, *due;
		int version;
	} AFTER[] = {
		{"k-move", "2031-01-03", 2},   /* 01-01 is now a holiday: one day later */
		{"k-stay", "2031-01-08", 2},   /* no holiday in its span: same date, no longer provisional */
		{"k-fixed", "2031-01-07", 1},  /* was never provisional: untouched */
	};
	for (size_t i = 0; i < N_ROWS(AFTER); i++) {
		stored(f, AFTER[i].id, due, &prov, &version);
		assert_string_equal(due, AFTER[i].due);
		assert_int_equal(prov, 0);
		assert_int_equal(version, AFTER[i].version);
	}

	/* the owner is told about the moved one only */
	dbc_t *c = store_reader(f->st);
	json_t *inbox = message_list(c, "a1", 0, 10);
	assert_int_equal(json_array_size(inbox), 1);
	json_t *m = json_array_get(inbox, 0);
	assert_string_equal(json_string_value(json_object_get(m, "kind")), "deadline_moved");
	assert_string_equal(json_string_value(json_object_get(json_object_get(m, "entity"), "id")), "k-move");
	assert_non_null(
		strstr(json_string_value(json_object_get(json_object_get(m, "body"), "en")), "2031-01-03"));
	json_decref(inbox);

	/* both recomputations are audited, with the old and the new date */
	json_t *log = audit_list(c, "complaint", "k-move", 0, 10);
	assert_int_equal(json_array_size(log), 1);
	json_t *d = json_object_get(json_array_get(log, 0), "detail");
	assert_string_equal(json_string_value(json_object_get(json_array_get(log, 0), "action")),
			    "deadline.recompute");
	assert_string_equal(json_string_value(json_object_get(d, "from")), "2031-01-02");
	assert_string_equal(json_string_value(json_object_get(d, "to")), "2031-01-03");
	json_decref(log);
	log = audit_list(c, "complaint", "k-stay", 0, 10);
	assert_int_equal(json_array_size(log), 1);
	json_decref(log);
	log = audit_list(c, "complaint", "k-fixed", 0, 10);
	assert_int_equal(json_array_size(log), 0);
	json_decref(log);

	/* new deadlines now use the loaded year */
	struct set_ctx later = {"complaint", "k-new", "answer", "110000", "2030-12-30", NULL, 3};
	assert_int_equal(store_write(f->st, set_write, &later), 0);
	char d2[DATE_STR_LEN];
	date_format(later.out.due, d2);
	assert_string_equal(d2, "2031-01-03");
	assert_false(later.out.provisional);
}

static void test_load_refuses_a_wrong_year_or_region(void **state)
{
	fx_t *f = *state;
	assert_int_equal(load(f, NATIONAL_REGION, 2032, NATIONAL_2031, NULL), E_VALIDATION);
	assert_int_equal(load(f, "999999", 2031, NATIONAL_2031, NULL), E_NOT_FOUND);
	assert_int_equal(load(f, NATIONAL_REGION, 2031, "{\"year\": 2031", NULL), E_VALIDATION);
	assert_false(workcal_year_loaded(store_reader(f->st), NATIONAL_REGION, 2031));
	assert_false(workcal_year_loaded(store_reader(f->st), NATIONAL_REGION, 2032));
}

int main(void)
{
	crypto_setup();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_deadlines_follow_the_nearest_calendar, setup, teardown),
		cmocka_unit_test_setup_teardown(test_year_loaded_is_per_region, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loading_the_year_recomputes_provisional_deadlines, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_load_refuses_a_wrong_year_or_region, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
