/* supervision_flow.c — the supervision machine (see supervision.h): read the
 * rows as the rules. The department's head answers an order, open or
 * escalated; a supervisor closes an answered order or sends it back, to be
 * answered again; the system escalates an order still open after its
 * deadline. An order's own effects (who answered, when, the notes) are the
 * descriptors' apply functions; messages and the audit are supervision.c's. */
#include "domain/supervision/supervision_int.h"
#include "domain/core/role.h"
#include <stdio.h>
#include <string.h>

#define HEAD ROLE_DEPT_HEAD
#define SUPERVISOR ROLE_SUPERVISOR
#define SYSTEM ROLE_SYSTEM

enum { G_NONE, G_PAST_DEADLINE };

static bool past_deadline(const void *f) { return ((const sv_facts_t *)f)->past_deadline; }

static const wf_guard_t GUARDS[] = {
    [G_NONE] = {"", NULL},
    [G_PAST_DEADLINE] = {"unanswered after its deadline", past_deadline},
};

static const wf_state_t STATES[] = {
    {"open", "待答复", "Awaiting the answer", false},
    {"escalated", "逾期未答复，已升级", "Escalated: unanswered after its deadline", false},
    {"answered", "已答复，待审核", "Answered, awaiting review", false},
    {"closed", "已办结", "Closed", true},
};

/* clang-format off */
static const wf_row_t ROWS[] = {
	/* from         action       to           who         guard */
	{"open",        "answer",    "answered",  HEAD,       G_NONE},
	{"escalated",   "answer",    "answered",  HEAD,       G_NONE},
	{"open",        "escalate",  "escalated", SYSTEM,     G_PAST_DEADLINE},
	{"answered",    "close",     "closed",    SUPERVISOR, G_NONE},
	{"answered",    "send_back", "open",      SUPERVISOR, G_NONE},
};
/* clang-format on */

static void answer_spec(void *input, jfield_t spec[WF_SPEC_MAX])
{
	sv_input_t *in = input;
	spec[0] = (jfield_t){"answer", JF_TEXT, true, 1, SV_TEXT_MAX, &in->answer, NULL};
	spec[1] = (jfield_t)JF_END;
}

static void close_spec(void *input, jfield_t spec[WF_SPEC_MAX])
{
	sv_input_t *in = input;
	spec[0] = (jfield_t){"note", JF_TEXT, false, 0, SV_NOTE_MAX, &in->note, NULL};
	spec[1] = (jfield_t)JF_END;
}

static void send_back_spec(void *input, jfield_t spec[WF_SPEC_MAX])
{
	sv_input_t *in = input;
	spec[0] = (jfield_t){"note", JF_TEXT, true, 1, SV_NOTE_MAX, &in->note, NULL};
	spec[1] = (jfield_t){"deadline", JF_STRING, false, 10, 10, &in->deadline, NULL};
	spec[2] = (jfield_t){"deadline_days", JF_INT, false, 1, SV_DAYS_MAX, &in->deadline_days, NULL};
	spec[3] = (jfield_t)JF_END;
}

static int apply_answer(void *ctx, void *item, const void *input, json_t *note)
{
	const sv_apply_t *x = ctx;
	sv_row_t *r = item;
	const sv_input_t *in = input;
	snprintf(r->answer, sizeof r->answer, "%s", in->answer);
	snprintf(r->answered_by, sizeof r->answered_by, "%s", x->by);
	r->answered_at = x->now;
	return 0;
}

static int apply_escalate(void *ctx, void *item, const void *input, json_t *note)
{
	((sv_row_t *)item)->escalated_at = ((const sv_apply_t *)ctx)->now;
	return 0;
}

static int apply_close(void *ctx, void *item, const void *input, json_t *note)
{
	sv_row_t *r = item;
	const sv_input_t *in = input;
	snprintf(r->review_note, sizeof r->review_note, "%s", in && in->note ? in->note : "");
	r->resolved_at = ((const sv_apply_t *)ctx)->now;
	return 0;
}

/* Sent back: answered again from scratch; a new deadline (already resolved
 * into in->deadline by supervision.c) replaces the old, and clears the mark. */
static int apply_send_back(void *ctx, void *item, const void *input, json_t *note)
{
	sv_row_t *r = item;
	const sv_input_t *in = input;
	snprintf(r->review_note, sizeof r->review_note, "%s", in->note);
	r->answer[0] = '\0';
	r->answered_by[0] = '\0';
	r->answered_at = 0;
	if (in->deadline && *in->deadline) {
		snprintf(r->deadline, sizeof r->deadline, "%s", in->deadline);
		r->escalated_at = 0;
	}
	return 0;
}

static const wf_action_t ACTIONS[] = {
    {"answer", answer_spec, NULL, apply_answer, 0},
    {"escalate", NULL, NULL, apply_escalate, 0},
    {"close", close_spec, NULL, apply_close, 0},
    {"send_back", send_back_spec, NULL, apply_send_back, 0},
};

const wf_action_t *supervision_action(const char *name)
{
	for (size_t i = 0; i < sizeof ACTIONS / sizeof ACTIONS[0]; i++)
		if (!strcmp(ACTIONS[i].name, name))
			return &ACTIONS[i];
	return NULL;
}

const wf_machine_t supervision_machine = {
    .name = "supervision",
    .title = "Supervision order workflow 督办流程",
    .intro = "A supervision order (督办) to a department: opened by the system about overdue work (a red "
	     "case, a 12345 request past its reply deadline, an overdue rectification or inspection plan), "
	     "or issued by a supervisor with a deadline (`POST /api/v1/supervision/orders`). The "
	     "department's head answers it with what was done (`POST …/{id}/answer`); a supervisor closes "
	     "it or sends it back (`…/close`, `…/send-back`). An issued order unanswered after its "
	     "deadline is escalated by the system, with a message to the supervisors and the heads.",
    .states = STATES,
    .nstates = sizeof STATES / sizeof STATES[0],
    .rows = ROWS,
    .nrows = sizeof ROWS / sizeof ROWS[0],
    .actions = ACTIONS,
    .nactions = sizeof ACTIONS / sizeof ACTIONS[0],
    .guards = GUARDS,
    .nguards = sizeof GUARDS / sizeof GUARDS[0],
};
