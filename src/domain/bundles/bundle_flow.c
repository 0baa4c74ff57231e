/* bundle_flow.c — the transition table of bundle cases (see bundle_flow.h).
 * Read it as the rules: the applicant may withdraw while it runs; the
 * system closes it when its last step is decided — completed when every
 * step completed approved, partially_completed otherwise. */
#include "domain/bundles/bundle_flow.h"
#include "domain/core/role.h"
#include <stddef.h>

enum { G_NONE, G_ALL_APPROVED, G_SOME_NOT };

static bool all_approved(const void *f) { return ((const bundle_facts_t *)f)->all_approved; }
static bool some_not(const void *f)
{
	const bundle_facts_t *x = f;
	return x->all_decided && !x->all_approved;
}

static const wf_guard_t GUARDS[] = {
    [G_NONE] = {"", NULL},
    [G_ALL_APPROVED] = {"every step completed approved", all_approved},
    [G_SOME_NOT] = {"every step decided, one or more not approved", some_not},
};

/* clang-format off */
static const wf_row_t ROWS[] = {
	/* from           action      to                     who          guard */
	{"in_progress",   "withdraw", "withdrawn",           WF_OWNER,    G_NONE},
	{"in_progress",   "complete", "completed",           ROLE_SYSTEM, G_ALL_APPROVED},
	{"in_progress",   "close",    "partially_completed", ROLE_SYSTEM, G_SOME_NOT},
};

static const wf_state_t STATES[] = {
	{"in_progress", "办理中", "In progress", false},
	{"completed", "全部办结", "Completed", true},
	{"partially_completed", "部分办结", "Partially completed", true},
	{"withdrawn", "已撤回", "Withdrawn", true},
};
/* clang-format on */

static int apply_nothing(void *cx, void *item, const void *input, json_t *note)
{
	(void)cx, (void)item, (void)input, (void)note;
	return 0;
}

static const wf_action_t ACTIONS[] = {
    {"withdraw", NULL, NULL, apply_nothing, 0},
    {"complete", NULL, NULL, apply_nothing, 0},
    {"close", NULL, NULL, apply_nothing, 0},
};

const wf_machine_t bundle_machine = {
    .name = "bundle",
    .title = "Bundle workflow 一件事办件",
    .intro = "A bundle case (`POST /api/v1/bundles/{code}/cases`): one sub-case per matter, each on the case "
	     "machine, started as its prerequisites allow (docs/bundles.md). Withdrawing "
	     "(`POST /api/v1/bundle-cases/{id}/withdraw`) withdraws every sub-case not yet decided; the "
	     "system closes the bundle when its last step is decided.",
    .states = STATES,
    .nstates = sizeof STATES / sizeof STATES[0],
    .rows = ROWS,
    .nrows = sizeof ROWS / sizeof ROWS[0],
    .actions = ACTIONS,
    .nactions = sizeof ACTIONS / sizeof ACTIONS[0],
    .guards = GUARDS,
    .nguards = sizeof GUARDS / sizeof GUARDS[0],
};
