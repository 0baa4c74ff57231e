/* inspection_flow.c (test) — the inspection plan's machine against the life
 * cycle the issue states, written out here: each step once, by the supervisor
 * alone, in order; after the draw no way back to drawing (a redraw after the
 * reveal needs a new plan); published is final. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "domain/inspections/inspection.h"

static const struct {
	const char *from, *action, *to;
} STEPS[] = {
    {"draft", "commit", "committed"},       {"committed", "draw", "drawn"},
    {"drawn", "reveal", "revealed"},        {"revealed", "start", "inspecting"},
    {"inspecting", "publish", "published"},
};
static const char *const STATES[] = {"draft", "committed", "drawn", "revealed", "inspecting", "published"};

static void test_table_is_sound(void **state)
{
	char why[256];
	assert_true(wf_validate(&inspection_machine, why, sizeof why));
	assert_true(wf_is_final(&inspection_machine, "published"));
}

static void test_each_step_once_by_the_supervisor(void **state)
{
	const unsigned others[] = {ROLE_PERSON,   ROLE_ENTERPRISE, ROLE_WINDOW_CLERK, ROLE_REVIEWER,
				   ROLE_APPROVER, ROLE_DEPT_HEAD,  ROLE_ADMIN,        WF_OWNER};
	for (size_t s = 0; s < sizeof STATES / sizeof STATES[0]; s++)
		for (size_t a = 0; a < sizeof STEPS / sizeof STEPS[0]; a++) {
			bool allowed = !strcmp(STEPS[a].from, STATES[s]);
			const wf_row_t *row = NULL;
			wf_result_t r = wf_find(&inspection_machine, STATES[s], STEPS[a].action,
						ROLE_SUPERVISOR, NULL, &row);
			assert_int_equal(r == WF_OK, allowed);
			if (allowed)
				assert_string_equal(wf_target(row, STATES[s], STATES[s]), STEPS[a].to);
			for (size_t o = 0; o < sizeof others / sizeof others[0]; o++)
				assert_int_not_equal(wf_find(&inspection_machine, STATES[s], STEPS[a].action,
							     others[o], NULL, &row),
						     WF_OK);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_is_sound),
	    cmocka_unit_test(test_each_step_once_by_the_supervisor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
