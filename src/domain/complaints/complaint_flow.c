/* complaint_flow.c — the transition table of 12345 requests: who may do
 * what, from which state, to which state. The descriptors are in
 * complaint_act.c. */
#include "domain/complaints/complaint.h"
#include "domain/complaints/complaint_flow.h"
#include "domain/core/actor.h"

#define BODY COMPLAINT_BODY_ROLES
#define DISPATCHER ROLE_DISPATCHER
#define OPERATOR ROLE_OPERATOR
#define CALLER WF_OWNER
#define SYSTEM ROLE_SYSTEM
#define HOTLINE (ROLE_OPERATOR | ROLE_DISPATCHER)

enum { G_NONE, G_ENQUIRY, G_NOT_ARBITRATED, G_SIGN_OVERDUE, G_RESOLVED, G_NOT_RESOLVED, G_REPLY_OVERDUE };

static bool enquiry(const void *f) { return ((const complaint_facts_t *)f)->enquiry; }
static bool not_arbitrated(const void *f) { return !((const complaint_facts_t *)f)->arbitrated; }
static bool sign_overdue(const void *f) { return ((const complaint_facts_t *)f)->sign_overdue; }
static bool resolved(const void *f) { return ((const complaint_facts_t *)f)->resolved; }
static bool not_resolved(const void *f) { return !((const complaint_facts_t *)f)->resolved; }
static bool reply_overdue(const void *f)
{
	const complaint_facts_t *x = f;
	return x->reply_overdue && !x->supervised;
}

static const wf_guard_t GUARDS[] = {
	[G_NONE] = {"", NULL},
	[G_ENQUIRY] = {"an enquiry (咨询)", enquiry},
	[G_NOT_ARBITRATED] = {"not arbitrated", not_arbitrated},
	[G_SIGN_OVERDUE] = {"not signed for within 1 hour", sign_overdue},
	[G_RESOLVED] = {"resolved at callback", resolved},
	[G_NOT_RESOLVED] = {"not resolved at callback", not_resolved},
	[G_REPLY_OVERDUE] = {"past the reply deadline, not yet supervised", reply_overdue},
};

static const wf_row_t ROWS[] = {
	/* from         action             to            who                          guard */
	{"received",   "dispatch",        "dispatched", DISPATCHER | SYSTEM,         G_NONE},
	{"received",   "answer_directly", "closed",     OPERATOR,                    G_ENQUIRY},
	{"received",   "merge",           "merged",     DISPATCHER,                  G_NONE},

	{"dispatched", "sign",            "signed",     BODY,                        G_NONE},
	{"dispatched", "return",          "returned",   BODY,                        G_NOT_ARBITRATED},
	{"dispatched", "redispatch",      WF_SAME,      DISPATCHER,                  G_NONE},
	{"dispatched", "escalate",        WF_SAME,      SYSTEM,                      G_SIGN_OVERDUE},
	{"dispatched", "merge",           "merged",     DISPATCHER,                  G_NONE},
	{"dispatched", "supervise",       WF_SAME,      SYSTEM,                      G_REPLY_OVERDUE},

	{"signed",     "start",           "handling",   BODY,                        G_NONE},
	{"signed",     "return",          "returned",   BODY,                        G_NOT_ARBITRATED},
	{"signed",     "supervise",       WF_SAME,      SYSTEM,                      G_REPLY_OVERDUE},

	{"handling",   "reply",           "replied",    BODY,                        G_NONE},
	{"handling",   "supervise",       WF_SAME,      SYSTEM,                      G_REPLY_OVERDUE},

	{"returned",   "redispatch",      "dispatched", DISPATCHER,                  G_NONE},
	{"returned",   "arbitrate",       "dispatched", DISPATCHER,                  G_NONE},
	{"returned",   "merge",           "merged",     DISPATCHER,                  G_NONE},

	{"merged",     "follow",          "replied",    SYSTEM,                      G_NONE},

	{"replied",    "callback",        "callback",   CALLER | OPERATOR,           G_NONE},

	{"callback",   "close",           "closed",     HOTLINE | SYSTEM,            G_RESOLVED},
	{"callback",   "reopen",          "handling",   CALLER | HOTLINE | SYSTEM,   G_NOT_RESOLVED},
};

static const wf_state_t STATES[] = {
	{"received", "已受理", "Received", false},
	{"dispatched", "已派单，待签收", "Dispatched, awaiting sign-for", false},
	{"signed", "已签收", "Signed for", false},
	{"handling", "办理中", "In hand", false},
	{"returned", "已退单，待改派或裁定", "Returned, awaiting re-dispatch or arbitration", false},
	{"merged", "已合并办理", "Merged with an earlier request on the same matter", false},
	{"replied", "已答复，待回访", "Replied, awaiting callback", false},
	{"callback", "已回访", "Called back", false},
	{"closed", "已办结", "Closed", true},
};

const wf_machine_t complaint_machine = {
	.name = "complaint",
	.title = "12345 request workflow 接诉即办流程",
	.intro = "The life cycle of a 12345 request (`POST /api/v1/complaints/{id}/actions/{action}`). "
		 "Intake dispatches it at once by the responsibility list (the system takes `dispatch`); "
		 "an enquiry the knowledge base answers is closed by the operator (`answer_directly`). "
		 "The lead body signs for it within 1 hour (7×24; unsigned, the system escalates it to "
		 "the dispatcher), handles it and replies within its time class. A return (退单) needs a "
		 "reason and its legal basis; the dispatcher re-dispatches or arbitrates, and an "
		 "arbitrated assignment cannot be returned again. At the callback (回访) the caller or "
		 "the hotline records whether it was resolved and whether the caller is satisfied; the "
		 "system then closes it, or reopens it to the same body when not resolved. A duplicate "
		 "(same category and place, filed within 7 days of a request in hand) may be merged into "
		 "that request by the dispatcher (`merge`, with `into`); it then follows its handling, "
		 "and when that request is replied the system replies it with the same answer "
		 "(`follow`) and its own caller is called back. A request in hand past its reply "
		 "deadline gets a supervision order (督办) from the system (`supervise`). The roles "
		 "window_clerk, reviewer, approver and dept_head below act only as staff of the lead body.",
	.states = STATES,
	.nstates = sizeof STATES / sizeof STATES[0],
	.rows = ROWS,
	.nrows = sizeof ROWS / sizeof ROWS[0],
	.actions = complaint_actions,
	.nactions = COMPLAINT_NACTIONS,
	.guards = GUARDS,
	.nguards = sizeof GUARDS / sizeof GUARDS[0],
};
