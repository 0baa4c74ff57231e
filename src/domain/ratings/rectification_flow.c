/* rectification_flow.c — the rectification machine (see rectification.h):
 * read the rows as the rules. The department head records the callback to
 * the rater, then what was fixed; escalation past a deadline is a mark the
 * job sets (escalated_at), not a state, so the work goes on where it stood. */
#include "domain/ratings/rectification.h"
#include "domain/ratings/rectification_store.h"
#include <stdio.h>
#include <string.h>

#define HEAD ROLE_DEPT_HEAD

static const wf_state_t STATES[] = {
    {"open", "待回访", "Awaiting the callback", false},
    {"called_back", "已回访，整改中", "Called back, being fixed", false},
    {"fixed", "已整改", "Fixed", true},
};

/* clang-format off */
static const wf_row_t ROWS[] = {
	/* from          action             to              who   guard */
	{"open",        "record_callback", "called_back",  HEAD, 0},
	{"called_back", "record_fix",      "fixed",        HEAD, 0},
};
/* clang-format on */

static const wf_guard_t GUARDS[] = {{"", NULL}};

static void note_spec(void *input, jfield_t spec[WF_SPEC_MAX])
{
	rect_input_t *in = input;
	spec[0] = (jfield_t){"note", JF_TEXT, true, 1, 2000, &in->note, NULL};
	spec[1] = (jfield_t)JF_END;
}

static int apply_callback(void *ctx, void *item, const void *input, json_t *note)
{
	rect_row_t *r = item;
	const rect_input_t *in = input;
	snprintf(r->callback_note, sizeof r->callback_note, "%s", in->note);
	r->callback_at = *(const int64_t *)ctx;
	return 0;
}

static int apply_fix(void *ctx, void *item, const void *input, json_t *note)
{
	rect_row_t *r = item;
	const rect_input_t *in = input;
	snprintf(r->fix_note, sizeof r->fix_note, "%s", in->note);
	r->fixed_at = *(const int64_t *)ctx;
	return 0;
}

static const wf_action_t ACTIONS[] = {
    {"record_callback", note_spec, NULL, apply_callback, 0},
    {"record_fix", note_spec, NULL, apply_fix, 0},
};

const wf_action_t *rectification_action(const char *name)
{
	for (size_t i = 0; i < sizeof ACTIONS / sizeof ACTIONS[0]; i++)
		if (!strcmp(ACTIONS[i].name, name))
			return &ACTIONS[i];
	return NULL;
}

const wf_machine_t rectification_machine = {
    .name = "rectification",
    .title = "Rectification workflow 整改流程",
    .intro = "A rating of 1 or 2 opens a rectification for the rated department: call the rater back "
	     "within 1 working day, fix the cause within 15, record what was done; then the rater may "
	     "re-rate once. Past either deadline it is escalated to the supervisors "
	     "(`POST /api/v1/rectifications/{id}/actions/{action}`).",
    .states = STATES,
    .nstates = sizeof STATES / sizeof STATES[0],
    .rows = ROWS,
    .nrows = sizeof ROWS / sizeof ROWS[0],
    .actions = ACTIONS,
    .nactions = sizeof ACTIONS / sizeof ACTIONS[0],
    .guards = GUARDS,
    .nguards = sizeof GUARDS / sizeof GUARDS[0],
};
