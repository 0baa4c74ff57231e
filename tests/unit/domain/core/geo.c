/* geo.c — unit tests of domain/core/geo: regions (GB/T 2260) and
 * departments. Adding is idempotent (an existing code is left as it was and
 * reported as not added); lists are ordered by code; a department list can
 * be narrowed to one region; a region's parent is what the calendar follows
 * upwards, and the national root has none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "unit/tempstore.h"

#include "domain/core/geo.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

typedef struct {
	char dir[TEMPSTORE_DIR_LEN];
	store_t *st;
} fx_t;

/* Parents first (the table has a foreign key), not in code order. */
static const geo_region_t REGIONS[] = {
	{"000000", "全国", "National", NULL, "national"},
	{"310000", "上海市", "Shanghai", "000000", "province"},
	{"110000", "北京市", "Beijing", "000000", "province"},
	{"310104", "徐汇区", "Xuhui", "310000", "district"},
};

static const geo_department_t DEPTS[] = {
	{"psb", "上海市公安局", "Shanghai PSB", "310000", "agency", "中山北一路815号", "021-63570110", "9-17"},
	{"amr", "上海市市场监督管理局", "Shanghai AMR", "310000", "agency", "", "", ""},
	{"xh-center", "徐汇区行政服务中心", "Xuhui service centre", "310104", "centre", "", "", ""},
};

static int add_all(dbc_t *c, void *arg)
{
	int *added = arg;
	*added = 0;
	for (size_t i = 0; i < N_ROWS(REGIONS); i++) {
		int r = geo_region_add(c, &REGIONS[i]);
		if (r < 0)
			return -1;
		*added += r;
	}
	for (size_t i = 0; i < N_ROWS(DEPTS); i++) {
		int r = geo_department_add(c, &DEPTS[i]);
		if (r < 0)
			return -1;
		*added += r;
	}
	return 0;
}

static int setup(void **state)
{
	fx_t *f = calloc(1, sizeof *f);
	f->st = tempstore_open("geo", f->dir);
	int added = 0;
	if (!f->st || store_write(f->st, add_all, &added) != 0 || added != 7)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx_t *f = *state;
	tempstore_close(f->st, f->dir);
	free(f);
	return 0;
}

static int add_renamed(dbc_t *c, void *arg)
{
	int *r = arg;
	geo_region_t g = REGIONS[1];
	g.name_en = "Renamed";
	geo_department_t d = DEPTS[0];
	d.region = "110000";
	r[0] = geo_region_add(c, &g);
	r[1] = geo_department_add(c, &d);
	return 0;
}

static void test_adding_again_changes_nothing(void **state)
{
	fx_t *f = *state;
	int added = -1;
	assert_int_equal(store_write(f->st, add_all, &added), 0);
	assert_int_equal(added, 0);
	int r[2] = {-1, -1};
	assert_int_equal(store_write(f->st, add_renamed, r), 0);
	assert_int_equal(r[0], 0);
	assert_int_equal(r[1], 0);
	json_t *l = geo_region_list(store_reader(f->st));
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(json_array_get(l, 2), "name"), "en")),
		"Shanghai");
	json_decref(l);
	char region[REGION_CODE_LEN];
	assert_true(geo_department_region(store_reader(f->st), "psb", region));
	assert_string_equal(region, "310000");
}

static void test_region_list(void **state)
{
	fx_t *f = *state;
	json_t *l = geo_region_list(store_reader(f->st));
	static const struct {
		const char *code, *zh, *parent, *level;
	} want[] = {
		{"000000", "全国", NULL, "national"},
		{"110000", "北京市", "000000", "province"},
		{"310000", "上海市", "000000", "province"},
		{"310104", "徐汇区", "310000", "district"},
	};
	assert_int_equal(json_array_size(l), N_ROWS(want));
	for (size_t i = 0; i < N_ROWS(want); i++) {
		json_t *r = json_array_get(l, i);
		assert_string_equal(json_string_value(json_object_get(r, "code")), want[i].code);
		assert_string_equal(json_string_value(json_object_get(json_object_get(r, "name"), "zh")),
				    want[i].zh);
		assert_string_equal(json_string_value(json_object_get(r, "level")), want[i].level);
		json_t *p = json_object_get(r, "parent");
		if (want[i].parent)
			assert_string_equal(json_string_value(p), want[i].parent);
		else
			assert_true(json_is_null(p));
	}
	json_decref(l);
}

static void test_department_list_by_region(void **state)
{
	fx_t *f = *state;
	dbc_t *c = store_reader(f->st);
	static const struct {
		const char *region;
		const char *codes[4];   /* NULL-terminated, by code */
	} Q[] = {
		{NULL, {"amr", "psb", "xh-center", NULL}},
		{"310000", {"amr", "psb", NULL}},
		{"310104", {"xh-center", NULL}},
		{"110000", {NULL}},
		{"999999", {NULL}},
	};
	for (size_t i = 0; i < N_ROWS(Q); i++) {
		json_t *l = geo_department_list(c, Q[i].region);
		size_t n = 0;
		while (Q[i].codes[n])
			n++;
		if (json_array_size(l) != n)
			fail_msg("region %s: %zu departments, expected %zu",
				 Q[i].region ? Q[i].region : "(all)", json_array_size(l), n);
		for (size_t k = 0; k < n; k++)
			assert_string_equal(json_string_value(json_object_get(json_array_get(l, k), "code")),
					    Q[i].codes[k]);
		json_decref(l);
	}
	json_t *l = geo_department_list(c, "310000");
	json_t *psb = json_array_get(l, 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(psb, "name"), "en")),
			    "Shanghai PSB");
	assert_string_equal(json_string_value(json_object_get(psb, "region")), "310000");
	assert_string_equal(json_string_value(json_object_get(psb, "kind")), "agency");
	assert_string_equal(json_string_value(json_object_get(psb, "address")), "中山北一路815号");
	assert_string_equal(json_string_value(json_object_get(psb, "phone")), "021-63570110");
	assert_string_equal(json_string_value(json_object_get(psb, "hours")), "9-17");
	json_decref(l);
}

static void test_questions(void **state)
{
	fx_t *f = *state;
	dbc_t *c = store_reader(f->st);
	assert_true(geo_region_known(c, "310104"));
	assert_true(geo_region_known(c, "000000"));
	assert_false(geo_region_known(c, "310105"));
	assert_false(geo_region_known(c, "amr"));          /* a department is not a region */
	assert_true(geo_department_exists(c, "amr"));
	assert_false(geo_department_exists(c, "AMR"));
	assert_false(geo_department_exists(c, "310000"));

	static const struct {
		const char *code;
		bool ok;
		const char *parent;
	} P[] = {
		{"310104", true, "310000"}, {"310000", true, "000000"}, {"110000", true, "000000"},
		{"000000", false, ""}, {"999999", false, ""},
	};
	for (size_t i = 0; i < N_ROWS(P); i++) {
		char out[REGION_CODE_LEN] = "junk";
		assert_int_equal(geo_region_parent(c, P[i].code, out), P[i].ok);
		assert_string_equal(out, P[i].parent);
	}
	char out[REGION_CODE_LEN];
	assert_true(geo_department_region(c, "xh-center", out));
	assert_string_equal(out, "310104");
	assert_false(geo_department_region(c, "nowhere", out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_adding_again_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_region_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_department_list_by_region, setup, teardown),
		cmocka_unit_test_setup_teardown(test_questions, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
