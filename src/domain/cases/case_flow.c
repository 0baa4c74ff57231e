/* workflow.c — the transition table of cases (see workflow.h). Read it as
 * the rules: who may do what, from which state, to which state. */
#include "domain/cases/case_flow.h"
#include "domain/core/actor.h"
#include <string.h>

#define CLERK ROLE_WINDOW_CLERK
#define REVIEWER ROLE_REVIEWER
#define APPROVER ROLE_APPROVER
#define OWNER WHO_OWNER
#define SYSTEM ROLE_SYSTEM

static const wf_row_t TABLE[] = {
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

	{"in_review",   "approve",           "approved",   REVIEWER | APPROVER,         G_NONE},
	{"in_review",   "deny",              "denied",     REVIEWER | APPROVER,         G_NONE},
	{"in_review",   "suspend",           "suspended",  REVIEWER | APPROVER,         G_NONE},
	{"in_review",   "extend",            WF_SAME,      APPROVER,                    G_NOT_EXTENDED},
	{"in_review",   "withdraw",          "withdrawn",  OWNER,                       G_NONE},

	{"suspended",   "resume",            WF_PREVIOUS,  REVIEWER | APPROVER,         G_NONE},
	{"suspended",   "extend",            WF_SAME,      APPROVER,                    G_NOT_EXTENDED},
	{"suspended",   "withdraw",          "withdrawn",  OWNER,                       G_NONE},

	{"approved",    "issue",             "issued",     REVIEWER | APPROVER,         G_HAS_RESULT},
	{"approved",    "complete",          "completed",  CLERK | REVIEWER | APPROVER, G_NO_RESULT},
	{"issued",      "deliver",           "delivered",  CLERK | REVIEWER,            G_NONE},
	{"delivered",   "complete",          "completed",  CLERK | REVIEWER | APPROVER, G_NONE},
	{"denied",      "complete",          "completed",  CLERK | REVIEWER | APPROVER, G_NONE},
};

static const char *const STATES[] = {"draft", "submitted", "correction", "accepted", "in_review", "suspended",
				     "approved", "denied", "issued", "delivered", "completed", "refused", "withdrawn"};
static const char *const ACTIONS[] = {"submit", "accept", "handle_now", "refuse", "request_correction", "deem_accept",
				      "resubmit", "review", "approve", "deny", "suspend", "resume", "extend", "issue",
				      "deliver", "complete", "withdraw"};

static const struct { const char *s, *zh, *en; } LABELS[] = {
	{"draft", "草稿", "Draft"},
	{"submitted", "已提交，待受理", "Submitted, awaiting intake"},
	{"correction", "待补正", "Correction requested"},
	{"accepted", "已受理", "Accepted"},
	{"in_review", "审查中", "Under review"},
	{"suspended", "特别程序中（计时暂停）", "Special procedure (clock stopped)"},
	{"approved", "准予许可", "Approved"},
	{"denied", "不予许可", "Denied"},
	{"issued", "已制证", "Result issued"},
	{"delivered", "已送达", "Delivered"},
	{"completed", "已办结", "Completed"},
	{"refused", "不予受理", "Not accepted"},
	{"withdrawn", "已撤回", "Withdrawn"},
};

const wf_row_t *wf_table(size_t *n)
{
	*n = sizeof TABLE / sizeof TABLE[0];
	return TABLE;
}

const char *const *wf_states(size_t *n)
{
	*n = sizeof STATES / sizeof STATES[0];
	return STATES;
}

const char *const *wf_actions(size_t *n)
{
	*n = sizeof ACTIONS / sizeof ACTIONS[0];
	return ACTIONS;
}

bool wf_guard_holds(wf_guard_t g, const wf_facts_t *f)
{
	switch (g) {
	case G_NONE: return true;
	case G_IMMEDIATE: return f->immediate;
	case G_NOT_IMMEDIATE: return !f->immediate;
	case G_HAS_RESULT: return f->has_result;
	case G_NO_RESULT: return !f->has_result;
	case G_NOT_EXTENDED: return !f->extended;
	case G_INTAKE_OVERDUE: return f->intake_overdue;
	}
	return false;
}

const char *wf_guard_name(wf_guard_t g)
{
	static const char *const N[] = {"", "immediate matter", "not an immediate matter", "matter has a result",
					"matter has no result document", "not extended before", "intake overdue (5 working days)"};
	return N[g];
}

wf_result_t wf_find(const char *status, const char *action, unsigned roles, bool owner, const wf_facts_t *f,
		    const wf_row_t **row)
{
	bool known = false, from_here = false, permitted = false;
	for (size_t i = 0; i < sizeof ACTIONS / sizeof ACTIONS[0]; i++)
		known |= strcmp(ACTIONS[i], action) == 0;
	if (!known)
		return WF_NO_SUCH_ACTION;
	unsigned who = roles | (owner ? WHO_OWNER : 0);
	for (size_t i = 0; i < sizeof TABLE / sizeof TABLE[0]; i++) {
		const wf_row_t *r = &TABLE[i];
		if (strcmp(r->from, status) || strcmp(r->action, action))
			continue;
		from_here = true;
		if (!(r->who & who))
			continue;
		permitted = true;
		if (wf_guard_holds(r->guard, f)) {
			*row = r;
			return WF_OK;
		}
	}
	return !from_here ? WF_NOT_NOW : !permitted ? WF_NOT_YOURS : WF_GUARD;
}

const char *wf_status_zh(const char *s)
{
	for (size_t i = 0; i < sizeof LABELS / sizeof LABELS[0]; i++)
		if (!strcmp(LABELS[i].s, s))
			return LABELS[i].zh;
	return s;
}

const char *wf_status_en(const char *s)
{
	for (size_t i = 0; i < sizeof LABELS / sizeof LABELS[0]; i++)
		if (!strcmp(LABELS[i].s, s))
			return LABELS[i].en;
	return s;
}

bool wf_is_final(const char *s)
{
	return !strcmp(s, "completed") || !strcmp(s, "refused") || !strcmp(s, "withdrawn");
}

bool wf_task_for(const char *status, bool has_result, const char **kind, const char **role)
{
	static const struct { const char *s, *kind, *role; } T[] = {
		{"submitted", "intake", "window_clerk"},
		{"accepted", "review", "reviewer"},
		{"in_review", "decide", "reviewer"},
		{"suspended", "resume", "reviewer"},
		{"issued", "deliver", "window_clerk"},
		{"delivered", "complete", "window_clerk"},
		{"denied", "complete", "window_clerk"},
	};
	if (!strcmp(status, "approved")) {
		*kind = has_result ? "issue" : "complete";
		*role = has_result ? "reviewer" : "window_clerk";
		return true;
	}
	for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
		if (!strcmp(T[i].s, status)) {
			*kind = T[i].kind;
			*role = T[i].role;
			return true;
		}
	return false;
}
