/* case_flow.c (test) — the case machine checked against the rules as the
 * law and the service guide state them, written out here by hand and
 * independently of src/domain/cases/case_flow.c: who may take which action
 * from which state, under which condition, and where it leads. A wrong role,
 * a dropped guard or a wrong target in the table fails here, because the
 * expectations do not come from the table itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "domain/core/actor.h"
#include "domain/cases/case_flow.h"

/* One line per permitted move. who: applicant (the owner), clerk, reviewer,
 * approver, system. cond: what must hold (see cond_holds). */
static const struct {
	const char *from, *action, *who, *cond, *to;
} RULES[] = {
	{"draft", "submit", "applicant", "", "submitted"},
	{"draft", "withdraw", "applicant", "", "withdrawn"},
	/* intake (受理) by the window or a reviewer; an immediate matter is done at once */
	{"submitted", "accept", "clerk reviewer", "not immediate", "accepted"},
	{"submitted", "handle_now", "clerk reviewer", "immediate", "completed"},
	{"submitted", "refuse", "clerk reviewer", "", "refused"},
	{"submitted", "request_correction", "clerk reviewer", "", "correction"},
	/* Art. 32: no notice within 5 working days means accepted — only the platform does it */
	{"submitted", "deem_accept", "system", "intake overdue", "accepted"},
	{"submitted", "withdraw", "applicant", "", "withdrawn"},
	{"correction", "resubmit", "applicant", "", "submitted"},
	{"correction", "withdraw", "applicant", "", "withdrawn"},
	{"accepted", "review", "reviewer", "", "in_review"},
	{"accepted", "suspend", "reviewer approver", "", "suspended"},
	/* Art. 42: one extension, approved by the head of the agency (the approver) */
	{"accepted", "extend", "approver", "not extended", "accepted"},
	{"accepted", "withdraw", "applicant", "", "withdrawn"},
	/* the decision: the reviewer may take it, unless the matter separates review from approval (审批分离) */
	{"in_review", "approve", "approver", "", "approved"},
	{"in_review", "approve", "reviewer", "not separate", "approved"},
	{"in_review", "deny", "approver", "", "denied"},
	{"in_review", "deny", "reviewer", "not separate", "denied"},
	{"in_review", "suspend", "reviewer approver", "", "suspended"},
	{"in_review", "extend", "approver", "not extended", "in_review"},
	{"in_review", "withdraw", "applicant", "", "withdrawn"},
	{"suspended", "resume", "reviewer approver", "", "@previous"},
	{"suspended", "extend", "approver", "not extended", "suspended"},
	{"suspended", "withdraw", "applicant", "", "withdrawn"},
	/* the result goes out only once a fee the matter makes it wait for is paid (docs/payments.md) */
	{"approved", "issue", "reviewer approver", "has result, fee settled", "issued"},
	{"approved", "complete", "clerk reviewer approver", "no result, fee settled", "completed"},
	/* electronic delivery is the platform's alone, at once; post and window are staff's */
	{"issued", "deliver", "clerk reviewer", "not electronic", "delivered"},
	{"issued", "deliver", "system", "electronic", "delivered"},
	{"delivered", "complete", "clerk reviewer approver", "not electronic", "completed"},
	{"delivered", "complete", "system", "electronic", "completed"},
	{"denied", "complete", "clerk reviewer approver", "", "completed"},
};

static const char *const STATES[] = {"draft", "submitted", "correction", "accepted", "in_review", "suspended",
				     "approved", "denied", "issued", "delivered", "completed", "refused", "withdrawn"};
static const char *const FINAL[] = {"completed", "refused", "withdrawn"};
static const char *const ACTIONS[] = {"submit", "accept", "handle_now", "refuse", "request_correction", "deem_accept",
				      "resubmit", "review", "approve", "deny", "suspend", "resume", "extend", "issue",
				      "deliver", "complete", "withdraw"};

static const struct {
	const char *name;
	unsigned bit;
} WHO[] = {
	{"applicant", WF_OWNER}, {"clerk", ROLE_WINDOW_CLERK}, {"reviewer", ROLE_REVIEWER}, {"approver", ROLE_APPROVER},
	{"system", ROLE_SYSTEM}, {"head", ROLE_DEPT_HEAD}, {"dispatcher", ROLE_DISPATCHER},
	{"supervisor", ROLE_SUPERVISOR}, {"admin", ROLE_ADMIN}, {"person", ROLE_PERSON}, {"enterprise", ROLE_ENTERPRISE},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static bool named(const char *list, const char *who)
{
	char buf[64];
	snprintf(buf, sizeof buf, " %s ", list);
	char w[32];
	snprintf(w, sizeof w, " %s ", who);
	return strstr(buf, w) != NULL;
}

static bool cond_holds(const char *cond, const case_facts_t *f)
{
	if (!*cond) return true;
	if (!strcmp(cond, "immediate")) return f->immediate;
	if (!strcmp(cond, "not immediate")) return !f->immediate;
	if (!strcmp(cond, "has result")) return f->has_result;
	if (!strcmp(cond, "no result")) return !f->has_result;
	if (!strcmp(cond, "not extended")) return !f->extended;
	if (!strcmp(cond, "intake overdue")) return f->intake_overdue;
	if (!strcmp(cond, "not separate")) return !f->separate_approval;
	if (!strcmp(cond, "has result, fee settled")) return f->has_result && !f->fee_unpaid;
	if (!strcmp(cond, "no result, fee settled")) return !f->has_result && !f->fee_unpaid;
	if (!strcmp(cond, "electronic")) return f->electronic;
	if (!strcmp(cond, "not electronic")) return !f->electronic;
	fail_msg("unknown condition %s", cond);
	return false;
}

/* Every state × action × caller × facts: allowed exactly when a rule says so, to the rule's state. */
static void the_table_is_the_rules(void **state)
{
	int allowed = 0, refused = 0;
	for (size_t s = 0; s < N(STATES); s++)
		for (size_t a = 0; a < N(ACTIONS); a++)
			for (size_t w = 0; w < N(WHO); w++)
				for (unsigned bits = 0; bits < 128; bits++) {
					case_facts_t f = {bits & 1, (bits >> 1) & 1, (bits >> 2) & 1, (bits >> 3) & 1,
							  (bits >> 4) & 1, (bits >> 5) & 1, (bits >> 6) & 1};
					const char *expect = NULL;
					for (size_t i = 0; i < N(RULES); i++)
						if (!strcmp(RULES[i].from, STATES[s]) && !strcmp(RULES[i].action, ACTIONS[a]) &&
						    named(RULES[i].who, WHO[w].name) && cond_holds(RULES[i].cond, &f))
							expect = RULES[i].to;
					const wf_row_t *row = NULL;
					wf_result_t r = wf_find(&case_machine, STATES[s], ACTIONS[a], WHO[w].bit, &f, &row);
					if (expect) {
						if (r != WF_OK)
							fail_msg("%s may %s from %s (facts %u) but the table refuses (%d)", WHO[w].name,
								 ACTIONS[a], STATES[s], bits, r);
						const char *to = wf_target(row, STATES[s], "@previous");
						if (strcmp(to, expect) != 0)
							fail_msg("%s from %s leads to %s, not %s", ACTIONS[a], STATES[s], to, expect);
						allowed++;
					} else {
						if (r == WF_OK)
							fail_msg("%s may not %s from %s (facts %u) but the table allows it", WHO[w].name,
								 ACTIONS[a], STATES[s], bits);
						refused++;
					}
				}
	assert_true(allowed > 100);
	assert_true(refused > 10000);
}

/* The states, their labels and which are final. */
static void states_and_labels(void **state)
{
	assert_int_equal(case_machine.nstates, N(STATES));
	for (size_t s = 0; s < N(STATES); s++) {
		assert_non_null(wf_state(&case_machine, STATES[s]));
		bool final = false;
		for (size_t i = 0; i < N(FINAL); i++)
			final |= !strcmp(FINAL[i], STATES[s]);
		assert_int_equal(wf_is_final(&case_machine, STATES[s]), final);
	}
	assert_string_equal(wf_state_zh(&case_machine, "refused"), "不予受理");
	assert_string_equal(wf_state_en(&case_machine, "suspended"), "Special procedure (clock stopped)");
	char why[160];
	assert_true(wf_validate(&case_machine, why, sizeof why));
}

/* Errors tell 403 from 409: an action never yours, not yours here, not now, guard failing. */
static void refusals_are_told_apart(void **state)
{
	const wf_row_t *row;
	case_facts_t f = {0};
	assert_int_equal(wf_find(&case_machine, "accepted", "fly", ROLE_ADMIN, &f, &row), WF_NO_SUCH_ACTION);
	assert_int_equal(wf_find(&case_machine, "in_review", "approve", WF_OWNER, &f, &row), WF_NEVER_YOURS);
	assert_int_equal(wf_find(&case_machine, "submitted", "deem_accept", ROLE_WINDOW_CLERK, &f, &row), WF_NEVER_YOURS);
	assert_int_equal(wf_find(&case_machine, "accepted", "approve", ROLE_APPROVER, &f, &row), WF_NOT_NOW);
	f.extended = true;
	assert_int_equal(wf_find(&case_machine, "in_review", "extend", ROLE_APPROVER, &f, &row), WF_GUARD);
	/* a fee the result waits for, unpaid: not now (409), whoever asks */
	f.has_result = true;
	f.fee_unpaid = true;
	assert_int_equal(wf_find(&case_machine, "approved", "issue", ROLE_REVIEWER, &f, &row), WF_GUARD);
	assert_int_equal(wf_find(&case_machine, "in_review", "extend", ROLE_REVIEWER, &f, &row), WF_NEVER_YOURS);
}

static void actions_have_descriptors(void **state)
{
	assert_int_equal(case_machine.nactions, N(ACTIONS));
	for (size_t a = 0; a < N(ACTIONS); a++) {
		const wf_action_t *d = wf_action(&case_machine, ACTIONS[a]);
		assert_non_null(d);
		assert_non_null(d->apply);
	}
	assert_true(wf_action(&case_machine, "deem_accept")->flags & CASE_ACT_SYSTEM_ONLY);
	assert_true(wf_action(&case_machine, "submit")->flags & CASE_ACT_INTAKE_CLOCK);
	assert_true(wf_action(&case_machine, "resubmit")->flags & CASE_ACT_INTAKE_CLOCK);
}

static void tasks_follow_states(void **state)
{
	const char *kind, *role;
	assert_true(case_task_for("submitted", false, &kind, &role));
	assert_string_equal(kind, "intake");
	assert_string_equal(role, "window_clerk");
	assert_true(case_task_for("accepted", false, &kind, &role));
	assert_string_equal(kind, "review");
	assert_string_equal(role, "reviewer");
	assert_true(case_task_for("approved", true, &kind, &role));
	assert_string_equal(kind, "issue");
	assert_string_equal(role, "reviewer");
	assert_true(case_task_for("approved", false, &kind, &role));
	assert_string_equal(kind, "complete");
	assert_string_equal(role, "window_clerk");
	assert_false(case_task_for("completed", false, &kind, &role));
	assert_false(case_task_for("correction", false, &kind, &role));
	assert_false(case_task_for("draft", false, &kind, &role));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_table_is_the_rules),
		cmocka_unit_test(states_and_labels),
		cmocka_unit_test(refusals_are_told_apart),
		cmocka_unit_test(actions_have_descriptors),
		cmocka_unit_test(tasks_follow_states),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
