/* workflow.h — the case life cycle as data.
 *
 * One table of transitions {from, action, to, who, guard}. Moving a case
 * means finding the row for (status, action) whose `who` matches the caller
 * and whose guard holds; the table is what docs/workflow.md prints and what
 * the tests walk (every action from every state). `to` may be WF_PREVIOUS
 * (resume returns to the state the case was suspended from) or WF_SAME. */
#ifndef ONESTOP_WORKFLOW_H
#define ONESTOP_WORKFLOW_H

#include <stdbool.h>
#include <stddef.h>

#define WF_PREVIOUS "@previous"
#define WF_SAME "@same"

/* The owner of a case acts as this pseudo-role (not an account role). */
#define WHO_OWNER (1u << 15)

/* What a guard may look at. */
typedef struct {
	bool immediate;          /* 即办件 */
	bool has_result;         /* the matter's result is a certificate or document */
	bool extended;           /* the one extension was granted */
	bool intake_overdue;     /* 5 working days passed since submission */
} wf_facts_t;

typedef enum { G_NONE, G_IMMEDIATE, G_NOT_IMMEDIATE, G_HAS_RESULT, G_NO_RESULT, G_NOT_EXTENDED, G_INTAKE_OVERDUE } wf_guard_t;

typedef struct {
	const char *from;
	const char *action;
	const char *to;
	unsigned who;            /* role_t bits | WHO_OWNER */
	wf_guard_t guard;
} wf_row_t;

const wf_row_t *wf_table(size_t *n);
const char *const *wf_states(size_t *n);
const char *const *wf_actions(size_t *n);

typedef enum { WF_OK, WF_NO_SUCH_ACTION, WF_NOT_NOW, WF_NOT_YOURS, WF_GUARD } wf_result_t;

/* Finds the row for status+action that the caller (roles, owner) may take.
 * WF_NOT_NOW: no row from this status; WF_NOT_YOURS: rows exist but not for
 * this caller; WF_GUARD: the guard fails. */
wf_result_t wf_find(const char *status, const char *action, unsigned roles, bool owner, const wf_facts_t *f,
		    const wf_row_t **row);
bool wf_guard_holds(wf_guard_t g, const wf_facts_t *f);
const char *wf_guard_name(wf_guard_t g);
/* Labels for statuses and actions. */
const char *wf_status_zh(const char *status);
const char *wf_status_en(const char *status);
/* Terminal states: nothing but reading is left. */
bool wf_is_final(const char *status);

/* The task (kind, role) a state puts in the department's queue; false when none. */
bool wf_task_for(const char *status, bool has_result, const char **kind, const char **role);

#endif
