/* rectification.h — 整改 after a bad rating (1 or 2): the rated department
 * calls the rater back within 1 working day and removes the cause within 15,
 * recording what it did; then the rater may re-rate once (rating.h). The life
 * cycle is a machine of the workflow engine (rectification_flow.c); the
 * department head acts, supervisors read every department's, and a
 * rectification past either deadline is escalated to the supervisors once
 * (rectification_job_escalate). */
#ifndef ONESTOP_RECTIFICATION_H
#define ONESTOP_RECTIFICATION_H

#include <jansson.h>
#include <stdbool.h>
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "domain/core/wf.h"
#include "base/errs.h"
#include "base/page.h"
#include "store/store.h"

#define RECT_CALLBACK_WORKDAYS 1
#define RECT_FIX_WORKDAYS 15

extern const wf_machine_t rectification_machine;

/* The input of the rectification actions. */
typedef struct {
	const char *note;
} rect_input_t;

const wf_action_t *rectification_action(const char *name);

/* Inside a writer, for a first rating of 1 or 2: opens the subject's
 * rectification with its two deadlines from the rating's day. 0 or -1. */
int rectification_open(dbc_t *c, const char *kind, const char *subject_id, const char *label,
		       const char *rating_id, const char *department, const char *region, int64_t now);

/* Takes an action (If-Match: if_version). E_NOT_FOUND, E_FORBIDDEN (another
 * department's), E_STATE (*allowed: the caller's actions now), E_STALE. */
errcode_t rectification_act(store_t *st, const actor_t *by, const char *id, const wf_action_t *a,
			    int64_t if_version, const rect_input_t *in, errs_t *e, json_t **allowed);

/* A page of the rectifications a viewer sees (department head: the department's;
 * supervisors: all), newest first, below the cursor: {items: [...], next_cursor}.
 * status may be NULL. NULL on a store error. */
json_t *rectification_list(dbc_t *c, const actor_t *viewer, const char *status, bool escalated_only,
			   int limit, const page_cursor_t *after);
/* One rectification as JSON; NULL when absent. */
json_t *rectification_json(dbc_t *c, const char *id, const actor_t *viewer);

/* Whether the subject's rectification is fixed (the rater may re-rate). */
bool rectification_fixed(dbc_t *c, const char *kind, const char *subject_id);

/* Background job: escalates rectifications past a deadline. How many, < 0 on error. */
int rectification_job_escalate(store_t *st);

#endif
