/* test_workflow.c — the case transition table, tested as data:
 * every row works for its roles and guard; every (state, action) pair that
 * has no row is refused; every row refuses roles it does not name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "domain/core/actor.h"
#include "domain/cases/case_flow.h"

static const unsigned ALL_WHO[] = {ROLE_PERSON, ROLE_ENTERPRISE, ROLE_WINDOW_CLERK, ROLE_REVIEWER, ROLE_APPROVER,
				   ROLE_DEPT_HEAD, ROLE_DISPATCHER, ROLE_SUPERVISOR, ROLE_ADMIN, ROLE_SYSTEM, WHO_OWNER};

static void facts_for(wf_guard_t g, bool hold, wf_facts_t *f)
{
	memset(f, 0, sizeof *f);
	switch (g) {
	case G_IMMEDIATE: f->immediate = hold; break;
	case G_NOT_IMMEDIATE: f->immediate = !hold; break;
	case G_HAS_RESULT: f->has_result = hold; break;
	case G_NO_RESULT: f->has_result = !hold; break;
	case G_NOT_EXTENDED: f->extended = !hold; break;
	case G_INTAKE_OVERDUE: f->intake_overdue = hold; break;
	case G_NONE: break;
	}
}

static wf_result_t find_as(unsigned who, const char *st, const char *act, const wf_facts_t *f, const wf_row_t **row)
{
	bool owner = who == WHO_OWNER;
	return wf_find(st, act, owner ? 0 : who, owner, f, row);
}

/* Every row: each role it names succeeds when the guard holds, fails when it does not. */
static void every_row_works(void **state)
{
	size_t n;
	const wf_row_t *t = wf_table(&n);
	for (size_t i = 0; i < n; i++) {
		for (size_t w = 0; w < sizeof ALL_WHO / sizeof ALL_WHO[0]; w++) {
			unsigned who = ALL_WHO[w];
			wf_facts_t f;
			facts_for(t[i].guard, true, &f);
			const wf_row_t *row = NULL;
			wf_result_t r = find_as(who, t[i].from, t[i].action, &f, &row);
			if (t[i].who & who) {
				assert_int_equal(r, WF_OK);
				assert_string_equal(row->to, t[i].to);
				if (t[i].guard != G_NONE) {
					facts_for(t[i].guard, false, &f);
					/* another row for the same pair may hold under the opposite guard (accept vs handle_now are different actions, so none do) */
					assert_int_not_equal(find_as(who, t[i].from, t[i].action, &f, &row), WF_OK);
				}
			} else {
				/* a role the row does not name is refused, unless another row of the same pair names it */
				bool other = false;
				for (size_t j = 0; j < n; j++)
					if (j != i && !strcmp(t[j].from, t[i].from) && !strcmp(t[j].action, t[i].action) && (t[j].who & who))
						other = true;
				if (!other)
					assert_int_not_equal(r, WF_OK);
			}
		}
	}
}

/* Every action from every state: refused unless the table has a row. */
static void every_other_pair_is_refused(void **state)
{
	size_t ns, na, n;
	const char *const *states = wf_states(&ns);
	const char *const *actions = wf_actions(&na);
	const wf_row_t *t = wf_table(&n);
	int refused = 0, allowed = 0;
	for (size_t s = 0; s < ns; s++)
		for (size_t a = 0; a < na; a++) {
			bool has_row = false;
			for (size_t i = 0; i < n; i++)
				has_row |= !strcmp(t[i].from, states[s]) && !strcmp(t[i].action, actions[a]);
			for (size_t w = 0; w < sizeof ALL_WHO / sizeof ALL_WHO[0]; w++) {
				for (int hold = 0; hold < 2; hold++) {
					wf_facts_t f = {hold, hold, !hold, hold};
					const wf_row_t *row;
					wf_result_t r = find_as(ALL_WHO[w], states[s], actions[a], &f, &row);
					if (!has_row) {
						assert_int_equal(r, WF_NOT_NOW);
						refused++;
					} else if (r == WF_OK)
						allowed++;
				}
			}
		}
	assert_true(refused > 100);
	assert_true(allowed > 20);
	const wf_row_t *row;
	wf_facts_t f = {0};
	assert_int_equal(wf_find("accepted", "fly", ROLE_ADMIN, false, &f, &row), WF_NO_SUCH_ACTION);
}

/* Every state in the table is a known state, and final states have no exits. */
static void states_are_consistent(void **state)
{
	size_t ns, n;
	const char *const *states = wf_states(&ns);
	const wf_row_t *t = wf_table(&n);
	for (size_t i = 0; i < n; i++) {
		bool from_ok = false, to_ok = !strcmp(t[i].to, WF_SAME) || !strcmp(t[i].to, WF_PREVIOUS);
		for (size_t s = 0; s < ns; s++) {
			from_ok |= !strcmp(states[s], t[i].from);
			to_ok |= !strcmp(states[s], t[i].to);
		}
		assert_true(from_ok);
		assert_true(to_ok);
		assert_false(wf_is_final(t[i].from));
	}
	/* no staff role may decide its own applications: only the owner submits, withdraws, resubmits */
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].action, "submit") || !strcmp(t[i].action, "withdraw") || !strcmp(t[i].action, "resubmit"))
			assert_int_equal(t[i].who, WHO_OWNER);
	/* refusal exists only at intake, and never from an in-person "go online" state */
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].action, "refuse"))
			assert_string_equal(t[i].from, "submitted");
}

static void tasks_follow_states(void **state)
{
	const char *kind, *role;
	assert_true(wf_task_for("submitted", false, &kind, &role));
	assert_string_equal(kind, "intake");
	assert_string_equal(role, "window_clerk");
	assert_true(wf_task_for("approved", true, &kind, &role));
	assert_string_equal(kind, "issue");
	assert_true(wf_task_for("approved", false, &kind, &role));
	assert_string_equal(kind, "complete");
	assert_false(wf_task_for("completed", false, &kind, &role));
	assert_false(wf_task_for("correction", false, &kind, &role));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_row_works),
		cmocka_unit_test(every_other_pair_is_refused),
		cmocka_unit_test(states_are_consistent),
		cmocka_unit_test(tasks_follow_states),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
