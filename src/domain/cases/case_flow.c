/* case_flow.c — the transition table of cases (see case_flow.h). Read it as
 * the rules: who may do what, from which state, to which state. */
#include "domain/cases/case_flow.h"
#include "domain/cases/case_act.h"
#include "domain/core/actor.h"
#include <stdio.h>
#include <string.h>

#define CLERK ROLE_WINDOW_CLERK
#define REVIEWER ROLE_REVIEWER
#define APPROVER ROLE_APPROVER
#define OWNER WF_OWNER
#define SYSTEM ROLE_SYSTEM

enum {
	G_NONE,
	G_IMMEDIATE,
	G_NOT_IMMEDIATE,
	G_HAS_RESULT_PAID,
	G_NO_RESULT_PAID,
	G_NOT_EXTENDED,
	G_INTAKE_OVERDUE,
	G_NOT_SEPARATE,
	G_ELECTRONIC,
	G_NOT_ELECTRONIC
};

static bool immediate(const void *f) { return ((const case_facts_t *)f)->immediate; }
static bool not_immediate(const void *f) { return !((const case_facts_t *)f)->immediate; }
/* The result goes out only once a fee the matter makes it wait for is paid. */
static bool has_result_paid(const void *f)
{
	return ((const case_facts_t *)f)->has_result && !((const case_facts_t *)f)->fee_unpaid;
}
static bool no_result_paid(const void *f)
{
	return !((const case_facts_t *)f)->has_result && !((const case_facts_t *)f)->fee_unpaid;
}
static bool not_extended(const void *f) { return !((const case_facts_t *)f)->extended; }
static bool intake_overdue(const void *f) { return ((const case_facts_t *)f)->intake_overdue; }
static bool not_separate(const void *f) { return !((const case_facts_t *)f)->separate_approval; }
static bool electronic(const void *f) { return ((const case_facts_t *)f)->electronic; }
static bool not_electronic(const void *f) { return !((const case_facts_t *)f)->electronic; }

static const wf_guard_t GUARDS[] = {
	[G_NONE] = {"", NULL},
	[G_IMMEDIATE] = {"immediate matter", immediate},
	[G_NOT_IMMEDIATE] = {"not an immediate matter", not_immediate},
	[G_HAS_RESULT_PAID] = {"matter has a result; its fee paid where the result waits for it",
			       has_result_paid},
	[G_NO_RESULT_PAID] = {"matter has no result document; its fee paid where the result waits for it",
			      no_result_paid},
	[G_NOT_EXTENDED] = {"not extended before", not_extended},
	[G_INTAKE_OVERDUE] = {"intake overdue (5 working days)", intake_overdue},
	[G_NOT_SEPARATE] = {"the matter does not separate review from approval", not_separate},
	[G_ELECTRONIC] = {"electronic delivery: the platform delivers into the applicant's account",
			  electronic},
	[G_NOT_ELECTRONIC] = {"delivery by post or at the window", not_electronic},
};

static const wf_row_t ROWS[] = {
	/* from          action               to            who                          guard */
	{"draft",       "submit",            "submitted",  OWNER,                       G_NONE},
	{"draft",       "withdraw",          "withdrawn",  OWNER,                       G_NONE},

	{"submitted",   "accept",            "accepted",   CLERK | REVIEWER,            G_NOT_IMMEDIATE},
	{"submitted",   "handle_now",        "completed",  CLERK | REVIEWER,            G_IMMEDIATE},
	{"submitted",   "refuse",            "refused",    CLERK | REVIEWER,            G_NONE},
	{"submitted",   "request_correction","correction", CLERK | REVIEWER,            G_NONE},
	{"submitted",   "deem_accept",       "accepted",   SYSTEM,                      G_INTAKE_OVERDUE},
	{"submitted",   "withdraw",          "withdrawn",  OWNER,                       G_NONE},

	{"correction",  "resubmit",          "submitted",  OWNER,                       G_NONE},
	{"correction",  "withdraw",          "withdrawn",  OWNER,                       G_NONE},

	{"accepted",    "review",            "in_review",  REVIEWER,                    G_NONE},
	{"accepted",    "suspend",           "suspended",  REVIEWER | APPROVER,         G_NONE},
	{"accepted",    "extend",            WF_SAME,      APPROVER,                    G_NOT_EXTENDED},
	{"accepted",    "withdraw",          "withdrawn",  OWNER,                       G_NONE},

	{"in_review",   "approve",           "approved",   APPROVER,                    G_NONE},
	{"in_review",   "approve",           "approved",   REVIEWER,                    G_NOT_SEPARATE},
	{"in_review",   "deny",              "denied",     APPROVER,                    G_NONE},
	{"in_review",   "deny",              "denied",     REVIEWER,                    G_NOT_SEPARATE},
	{"in_review",   "suspend",           "suspended",  REVIEWER | APPROVER,         G_NONE},
	{"in_review",   "extend",            WF_SAME,      APPROVER,                    G_NOT_EXTENDED},
	{"in_review",   "withdraw",          "withdrawn",  OWNER,                       G_NONE},

	{"suspended",   "resume",            WF_PREVIOUS,  REVIEWER | APPROVER,         G_NONE},
	{"suspended",   "extend",            WF_SAME,      APPROVER,                    G_NOT_EXTENDED},
	{"suspended",   "withdraw",          "withdrawn",  OWNER,                       G_NONE},

	{"approved",    "issue",             "issued",     REVIEWER | APPROVER,         G_HAS_RESULT_PAID},
	{"approved",    "complete",          "completed",  CLERK | REVIEWER | APPROVER, G_NO_RESULT_PAID},
	/* electronic delivery is the platform's, the moment the result is issued (no click) */
	{"issued",      "deliver",           "delivered",  CLERK | REVIEWER,            G_NOT_ELECTRONIC},
	{"issued",      "deliver",           "delivered",  SYSTEM,                      G_ELECTRONIC},
	{"delivered",   "complete",          "completed",  CLERK | REVIEWER | APPROVER, G_NOT_ELECTRONIC},
	{"delivered",   "complete",          "completed",  SYSTEM,                      G_ELECTRONIC},
	{"denied",      "complete",          "completed",  CLERK | REVIEWER | APPROVER, G_NONE},
};

static const wf_state_t STATES[] = {
	{"draft", "草稿", "Draft", false},
	{"submitted", "已提交，待受理", "Submitted, awaiting intake", false},
	{"correction", "待补正", "Correction requested", false},
	{"accepted", "已受理", "Accepted", false},
	{"in_review", "审查中", "Under review", false},
	{"suspended", "特别程序中（计时暂停）", "Special procedure (clock stopped)", false},
	{"approved", "准予许可", "Approved", false},
	{"denied", "不予许可", "Denied", false},
	{"issued", "已制证", "Result issued", false},
	{"delivered", "已送达", "Delivered", false},
	{"completed", "已办结", "Completed", true},
	{"refused", "不予受理", "Not accepted", true},
	{"withdrawn", "已撤回", "Withdrawn", true},
};

static const struct {
	const char *status, *kind, *role;
} TASKS[] = {
	{"submitted", "intake", "window_clerk"},
	{"accepted", "review", "reviewer"},
	{"in_review", "decide", "reviewer"},
	{"suspended", "resume", "reviewer"},
	{"issued", "deliver", "window_clerk"},
	{"delivered", "complete", "window_clerk"},
	{"denied", "complete", "window_clerk"},
};

bool case_task_for(const char *status, bool with_result, const char **kind, const char **role)
{
	if (!strcmp(status, "approved")) {
		*kind = with_result ? "issue" : "complete";
		*role = with_result ? "reviewer" : "window_clerk";
		return true;
	}
	for (size_t i = 0; i < sizeof TASKS / sizeof TASKS[0]; i++)
		if (!strcmp(TASKS[i].status, status)) {
			*kind = TASKS[i].kind;
			*role = TASKS[i].role;
			return true;
		}
	return false;
}

static void task_note(const char *state, char *out, size_t n)
{
	const char *k1, *r1, *k0, *r0;
	bool t1 = case_task_for(state, true, &k1, &r1), t0 = case_task_for(state, false, &k0, &r0);
	if (!t1 && !t0)
		snprintf(out, n, "—");
	else if (t1 && t0 && !strcmp(k1, k0) && !strcmp(r1, r0))
		snprintf(out, n, "%s (%s)", k1, r1);
	else
		snprintf(out, n, "%s (%s) when the matter has a result; %s (%s) otherwise", t1 ? k1 : "—",
			 t1 ? r1 : "—", t0 ? k0 : "—", t0 ? r0 : "—");
}

const wf_machine_t case_machine = {
	.name = "case",
	.title = "Case workflow 办件流程",
	.intro = "The life cycle of a case: its states, and the transitions between them "
		 "(`POST /api/v1/cases/{id}/actions/{action}`).",
	.states = STATES,
	.nstates = sizeof STATES / sizeof STATES[0],
	.rows = ROWS,
	.nrows = sizeof ROWS / sizeof ROWS[0],
	.actions = case_actions,
	.nactions = CASE_NACTIONS,
	.guards = GUARDS,
	.nguards = sizeof GUARDS / sizeof GUARDS[0],
	.state_note_title = "task queued (kind, role)",
	.state_note = task_note,
	.previous_label = "(state before suspension)",
};

void case_status_label_words(json_t *o, const char *status, const decision_words_t *w)
{
	if (!strcmp(status, "approved"))
		json_object_set_new(o, "status_label",
				    json_pack("{ss ss}", "zh", w->approve_zh, "en", w->approve_en));
	else if (!strcmp(status, "denied"))
		json_object_set_new(o, "status_label",
				    json_pack("{ss ss}", "zh", w->deny_zh, "en", w->deny_en));
}
