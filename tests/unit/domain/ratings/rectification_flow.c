/* The rectification machine and the rating tables, stated from the rules of
 * issue 13: the department head records the callback, then the fix; nobody
 * else moves it, and nothing leaves "fixed". Levels 1–5 and their names; the
 * tag sets of the two channels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "domain/core/actor.h"
#include "domain/ratings/rating.h"
#include "domain/ratings/rectification.h"

static const struct {
	const char *from, *action;
	unsigned who;
	bool allowed;
	const char *to;
} MOVES[] = {
    {"open", "record_callback", ROLE_DEPT_HEAD, true, "called_back"},
    {"called_back", "record_fix", ROLE_DEPT_HEAD, true, "fixed"},
    {"open", "record_fix", ROLE_DEPT_HEAD, false, NULL},  /* the callback comes first */
    {"fixed", "record_fix", ROLE_DEPT_HEAD, false, NULL}, /* fixed is final */
    {"fixed", "record_callback", ROLE_DEPT_HEAD, false, NULL},
    {"open", "record_callback", ROLE_SUPERVISOR, false, NULL}, /* supervisors change nothing */
    {"open", "record_callback", ROLE_WINDOW_CLERK, false, NULL},
    {"open", "record_callback", ROLE_REVIEWER | ROLE_APPROVER, false, NULL},
    {"called_back", "record_fix", ROLE_ADMIN, false, NULL},
};

static void test_the_machine_is_valid(void **state)
{
	char why[200] = "";
	assert_true(wf_validate(&rectification_machine, why, sizeof why));
	assert_true(wf_is_final(&rectification_machine, "fixed"));
	assert_false(wf_is_final(&rectification_machine, "open"));
}

static void test_who_moves_it_where(void **state)
{
	for (size_t i = 0; i < sizeof MOVES / sizeof MOVES[0]; i++) {
		const wf_row_t *row = NULL;
		wf_result_t r =
		    wf_find(&rectification_machine, MOVES[i].from, MOVES[i].action, MOVES[i].who, NULL, &row);
		if (MOVES[i].allowed != (r == WF_OK))
			fail_msg("%s --%s--> by %u: %s", MOVES[i].from, MOVES[i].action, MOVES[i].who,
				 MOVES[i].allowed ? "refused" : "allowed");
		if (MOVES[i].allowed)
			assert_string_equal(wf_target(row, MOVES[i].from, NULL), MOVES[i].to);
	}
}

static void test_levels_and_tags(void **state)
{
	static const char *const ZH[] = {NULL, "非常不满意", "不满意", "基本满意", "满意", "非常满意", NULL};
	for (int l = 0; l <= 6; l++) {
		if (!ZH[l])
			assert_null(rating_level_zh(l));
		else
			assert_string_equal(rating_level_zh(l), ZH[l]);
	}
	assert_string_equal(rating_channel_of("online"), "online");
	assert_string_equal(rating_channel_of("mobile"), "online");
	assert_string_equal(rating_channel_of("window"), "in_person");
	assert_string_equal(rating_channel_of("assisted"), "in_person");
	static const char *const ONLINE[] = {"效率", "指南准确", "便利", "平台易用"};
	static const char *const IN_PERSON[] = {"效率", "服务水平", "态度"};
	json_t *on = rating_tags("online"), *in = rating_tags("in_person");
	assert_int_equal(json_array_size(on), 4);
	assert_int_equal(json_array_size(in), 3);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(json_string_value(json_object_get(json_array_get(on, i), "zh")),
				    ONLINE[i]);
	for (size_t i = 0; i < 3; i++)
		assert_string_equal(json_string_value(json_object_get(json_array_get(in, i), "zh")),
				    IN_PERSON[i]);
	json_decref(on);
	json_decref(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_the_machine_is_valid),
	    cmocka_unit_test(test_who_moves_it_where),
	    cmocka_unit_test(test_levels_and_tags),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
