/* supervision.h — 督办: supervision orders, one table for all.
 *
 * The system opens one (kind "overdue") about a piece of overdue work — a
 * case that turned red, a 12345 request past its reply deadline, a
 * rectification after a bad rating or an inspection plan past its deadline —
 * one per subject; opening it tells the responsible department's heads and
 * every supervisor, in the caller's transaction.
 *
 * A supervisor issues one (kind "issued") to a department about a case, a
 * 12345 request, a rectification, or about nothing but its own title and
 * text, with a deadline (a date, or working days by the department's
 * region's calendar). Every order follows the supervision machine
 * (supervision_flow.c): the department's head answers it with what was done,
 * a supervisor closes it or sends it back; an issued order still unanswered
 * after its deadline is escalated by a job, with a message to the
 * supervisors and the department's heads. Supervisors read every order,
 * a department's head the department's. */
#ifndef ONESTOP_SUPERVISION_H
#define ONESTOP_SUPERVISION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "domain/core/wf.h"
#include "base/errs.h"
#include "base/page.h"
#include "store/store.h"

#define SV_TITLE_MAX 100 /* characters */
#define SV_TEXT_MAX 2000
#define SV_NOTE_MAX 500
#define SV_DAYS_MAX 60    /* a deadline in working days */
#define SV_DATE_AHEAD 366 /* a deadline date at most this many days ahead */

typedef struct {
	const char *subject_type; /* "case", "complaint", "rectification", "inspection_plan" */
	const char *subject_id;
	const char *department;                              /* whose work is overdue */
	const char *title_zh, *title_en, *text_zh, *text_en; /* the message to the overseers */
} supervision_t;

/* Opens the order (kind 'overdue') unless the subject has one; on a new one
 * (*fresh) sends the message to the department's heads and the supervisors.
 * 0 or -1. */
int supervision_open(dbc_t *c, const supervision_t *s, int64_t now, bool *fresh);
/* Whether the subject has an order of kind 'overdue'. */
bool supervision_exists(dbc_t *c, const char *subject_type, const char *subject_id);

extern const wf_machine_t supervision_machine;

/* What the machine's guard reads. */
typedef struct {
	bool past_deadline; /* the order has a deadline, and today is after it */
} sv_facts_t;

/* A supervisor's order as parsed (borrowed). subject_type NULL: free-standing
 * (then title is required). Exactly one of deadline / deadline_days. */
typedef struct {
	const char *department, *subject_type, *subject_id, *title, *text, *deadline;
	long long deadline_days; /* 0: not given */
} sv_issue_t;

/* The input of the order's actions (answer, close, send_back). */
typedef struct {
	const char *answer, *note, *deadline;
	long long deadline_days; /* send_back: a new deadline (0: keep it) */
} sv_input_t;

const wf_action_t *supervision_action(const char *name);

/* A supervisor issues an order: every problem at once (E_VALIDATION, nothing
 * written), else E_OK with id_out. */
errcode_t supervision_issue(store_t *st, const actor_t *by, const sv_issue_t *in, errs_t *e,
			    char id_out[ENTITY_ID_LEN]);

/* Takes an action (If-Match: if_version): E_NOT_FOUND, E_FORBIDDEN (another
 * department's order, or not the caller's to take), E_STATE (*allowed: the
 * caller's actions now), E_STALE, E_VALIDATION (e names the field). */
errcode_t supervision_act(store_t *st, const actor_t *by, const char *id, const wf_action_t *a,
			  int64_t if_version, const sv_input_t *in, errs_t *e, json_t **allowed);

typedef struct {
	const char *state, *department, *kind; /* NULL: any */
	int limit;
	const page_cursor_t *after; /* the page below this cursor (not set: the first) */
} sv_list_query_t;

/* A page of the orders a viewer sees (supervisors: all, optionally of one department;
 * a department head: the department's), newest first: {items: [...], next_cursor}.
 * NULL on a store error. */
json_t *supervision_list(dbc_t *c, const actor_t *viewer, const sv_list_query_t *q);
/* One order as JSON with the viewer's allowed actions. E_NOT_FOUND or
 * E_FORBIDDEN (another department's, to its head) leave *out NULL. */
errcode_t supervision_get(dbc_t *c, const char *id, const actor_t *viewer, json_t **out);

/* Background job: escalates issued orders unanswered past their deadline. How many, < 0 on error. */
int supervision_job_escalate(store_t *st);

#endif
