/* complaint_flow.c (test) — the 12345 machine checked against the issue's
 * life cycle, written out here by hand: received → dispatched → signed →
 * handling → replied → callback → closed; a return (退单) by the body, then
 * re-dispatch or arbitration by the dispatcher, never a return of an
 * arbitrated assignment; "not resolved" at callback reopens it to the body;
 * an enquiry may be answered directly by the operator; an unsigned request
 * is escalated by the system only after its hour; a duplicate is merged by
 * the dispatcher before a body has signed for it, and follows the lead's
 * reply (the system); a request in hand past its reply deadline gets one
 * supervision order from the system. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "domain/complaints/complaint.h"
#include "domain/complaints/complaint_flow.h"

/* body: the lead body's staff; hotline: operator and dispatcher */
static const struct {
	const char *from, *action, *who, *cond, *to;
} RULES[] = {
	{"received", "dispatch", "dispatcher system", "", "dispatched"},
	{"received", "answer_directly", "operator", "enquiry", "closed"},
	{"received", "merge", "dispatcher", "", "merged"},
	{"dispatched", "merge", "dispatcher", "", "merged"},
	{"returned", "merge", "dispatcher", "", "merged"},
	{"merged", "follow", "system", "", "replied"},
	{"dispatched", "supervise", "system", "reply overdue unsupervised", "dispatched"},
	{"signed", "supervise", "system", "reply overdue unsupervised", "signed"},
	{"handling", "supervise", "system", "reply overdue unsupervised", "handling"},
	{"dispatched", "sign", "clerk reviewer approver head", "", "signed"},
	{"dispatched", "return", "clerk reviewer approver head", "not arbitrated", "returned"},
	{"dispatched", "redispatch", "dispatcher", "", "dispatched"},
	{"dispatched", "escalate", "system", "sign overdue", "dispatched"},
	{"signed", "start", "clerk reviewer approver head", "", "handling"},
	{"signed", "return", "clerk reviewer approver head", "not arbitrated", "returned"},
	{"handling", "reply", "clerk reviewer approver head", "", "replied"},
	{"returned", "redispatch", "dispatcher", "", "dispatched"},
	{"returned", "arbitrate", "dispatcher", "", "dispatched"},
	{"replied", "callback", "caller operator", "", "callback"},
	{"callback", "close", "operator dispatcher system", "resolved", "closed"},
	{"callback", "reopen", "caller operator dispatcher system", "not resolved", "handling"},
};

static const char *const STATES[] = {"received", "dispatched", "signed",   "handling", "returned",
				     "merged",   "replied",    "callback", "closed"};
static const char *const ACTIONS[] = {"dispatch", "answer_directly", "sign",     "return",    "redispatch",
				      "escalate", "start",	     "reply",    "arbitrate", "callback",
				      "close",    "reopen",	     "merge",    "follow",    "supervise"};

static const struct {
	const char *name;
	unsigned bit;
} WHO[] = {
	{"caller", WF_OWNER},	     {"clerk", ROLE_WINDOW_CLERK}, {"reviewer", ROLE_REVIEWER},
	{"approver", ROLE_APPROVER}, {"head", ROLE_DEPT_HEAD},	  {"dispatcher", ROLE_DISPATCHER},
	{"operator", ROLE_OPERATOR}, {"system", ROLE_SYSTEM},	  {"supervisor", ROLE_SUPERVISOR},
	{"admin", ROLE_ADMIN},	     {"person", ROLE_PERSON},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static bool named(const char *list, const char *who)
{
	char buf[96], w[32];
	snprintf(buf, sizeof buf, " %s ", list);
	snprintf(w, sizeof w, " %s ", who);
	return strstr(buf, w) != NULL;
}

static bool cond_holds(const char *cond, const complaint_facts_t *f)
{
	if (!*cond)
		return true;
	if (!strcmp(cond, "enquiry"))
		return f->enquiry;
	if (!strcmp(cond, "not arbitrated"))
		return !f->arbitrated;
	if (!strcmp(cond, "sign overdue"))
		return f->sign_overdue;
	if (!strcmp(cond, "resolved"))
		return f->resolved;
	if (!strcmp(cond, "not resolved"))
		return !f->resolved;
	if (!strcmp(cond, "reply overdue unsupervised"))
		return f->reply_overdue && !f->supervised;
	fail_msg("unknown condition %s", cond);
	return false;
}

static void the_table_is_the_rules(void **state)
{
	int allowed = 0, refused = 0;
	for (size_t s = 0; s < N(STATES); s++)
		for (size_t a = 0; a < N(ACTIONS); a++)
			for (size_t w = 0; w < N(WHO); w++)
				for (unsigned bits = 0; bits < 64; bits++) {
					complaint_facts_t f = {bits & 1,	(bits >> 1) & 1, (bits >> 2) & 1,
							       (bits >> 3) & 1, (bits >> 4) & 1, (bits >> 5) & 1};
					const char *expect = NULL;
					for (size_t i = 0; i < N(RULES); i++)
						if (!strcmp(RULES[i].from, STATES[s]) && !strcmp(RULES[i].action, ACTIONS[a]) &&
						    named(RULES[i].who, WHO[w].name) && cond_holds(RULES[i].cond, &f))
							expect = RULES[i].to;
					const wf_row_t *row = NULL;
					wf_result_t r = wf_find(&complaint_machine, STATES[s], ACTIONS[a], WHO[w].bit, &f, &row);
					if (expect) {
						if (r != WF_OK)
							fail_msg("%s may %s from %s (facts %u) but the table refuses (%d)",
								 WHO[w].name, ACTIONS[a], STATES[s], bits, r);
						const char *to = wf_target(row, STATES[s], STATES[s]);
						if (strcmp(to, expect))
							fail_msg("%s from %s leads to %s, not %s", ACTIONS[a], STATES[s], to, expect);
						allowed++;
					} else {
						if (r == WF_OK)
							fail_msg("%s may not %s from %s (facts %u) but the table allows it",
								 WHO[w].name, ACTIONS[a], STATES[s], bits);
						refused++;
					}
				}
	assert_true(allowed > 50);
	assert_true(refused > 10000);
}

static void states_and_descriptors(void **state)
{
	char why[160];
	assert_true(wf_validate(&complaint_machine, why, sizeof why));
	assert_int_equal(complaint_machine.nstates, N(STATES));
	assert_int_equal(complaint_machine.nactions, N(ACTIONS));
	for (size_t s = 0; s < N(STATES); s++)
		assert_int_equal(wf_is_final(&complaint_machine, STATES[s]), !strcmp(STATES[s], "closed"));
	for (size_t a = 0; a < N(ACTIONS); a++)
		assert_non_null(complaint_action(ACTIONS[a]));
	/* a return needs its reason and legal basis: both required fields of its input */
	complaint_input_t in = {0};
	jfield_t spec[WF_SPEC_MAX] = {JF_END};
	complaint_action("return")->spec(&in, spec);
	int required = 0;
	for (int i = 0; spec[i].name; i++)
		required += spec[i].required && (!strcmp(spec[i].name, "reason") || !strcmp(spec[i].name, "legal_basis"));
	assert_int_equal(required, 2);
}

/* The facts the guards read: overdue only after the sign-for hour; an enquiry by its kind. */
static void facts_of_a_request(void **state)
{
	complaint_row_t r = {.resolved = -1, .satisfied = -1, .dispatched_at = 1000, .sign_due = 1000 + 3600000};
	snprintf(r.kind, sizeof r.kind, "enquiry");
	complaint_facts_t f;
	complaint_facts(&r, 1000 + 3600000, &f);
	assert_false(f.sign_overdue);   /* at the hour itself: not yet */
	assert_true(f.enquiry);
	assert_false(f.resolved);
	complaint_facts(&r, 1000 + 3600001, &f);
	assert_true(f.sign_overdue);
	r.sign_due = 0;                 /* not dispatched: nothing to sign for */
	complaint_facts(&r, 1 << 30, &f);
	assert_false(f.sign_overdue);
	r.resolved = 1;
	snprintf(r.kind, sizeof r.kind, "complaint");
	complaint_facts(&r, 0, &f);
	assert_true(f.resolved);
	assert_false(f.enquiry);
	/* the reply deadline: overdue only after it, and never without one */
	r.reply_due = 5000;
	complaint_facts(&r, 5000, &f);
	assert_false(f.reply_overdue);
	complaint_facts(&r, 5001, &f);
	assert_true(f.reply_overdue);
	assert_false(f.supervised);
	r.supervised = true;
	complaint_facts(&r, 5001, &f);
	assert_true(f.supervised);
	r.reply_due = 0;
	complaint_facts(&r, 1 << 30, &f);
	assert_false(f.reply_overdue);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_table_is_the_rules),
		cmocka_unit_test(states_and_descriptors),
		cmocka_unit_test(facts_of_a_request),
	};
	return cmocka_run_group_tests_name("complaint_flow", tests, NULL, NULL);
}
