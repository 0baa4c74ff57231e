/* objection.h — after the inspection: results published within 20 working
 * days of the end of the plan's inspection period (national calendar), an
 * overdue plan marked once and put under supervision (督办); the inspected
 * enterprise's view of its own inspections, with its correction orders
 * (责令改正), and its objection (异议) within 15 working days of publication,
 * which a department of the plan answers (upheld or rejected, with a reason). */
#ifndef ONESTOP_INSP_OBJECTION_H
#define ONESTOP_INSP_OBJECTION_H

#include <jansson.h>
#include <stdbool.h>
#include "base/date.h"
#include "base/errs.h"
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "store/store.h"

#define INSP_PUBLISH_WORKDAYS 20   /* results public by this many working days after the period */
#define INSP_OBJECTION_WORKDAYS 15 /* an objection within this many working days of publication */

/* The last day for publishing the results of a plan whose period ends on period_end (YYYY-MM-DD);
 * false when the date or the calendar fails. */
bool insp_publish_due(dbc_t *c, const char *period_end, day_t *due);
/* The last day for objecting to results published at published_at (UTC ms); false on failure. */
bool insp_objection_due(dbc_t *c, int64_t published_at, day_t *due);
/* Background job: plans committed but unpublished after their publication day are marked overdue
 * and get one supervision order (subject_type "inspection_plan"). The count marked, or -1. */
int insp_job_publish_overdue(store_t *st);

/* The enterprise's objection to its results of a plan: {reason} (5–1000 characters). E_NOT_FOUND
 * when the plan did not draw the caller; E_STATE (errs: field "plan", code not_published or
 * objection_period_over) outside the period; E_CONFLICT when it objected already. id_out: 33 bytes. */
errcode_t insp_objection_file(store_t *st, const actor_t *by, const char *plan, const json_t *body, errs_t *e,
			      char *id_out);
/* Answers a pending objection: {decision: upheld | rejected, reason (2–1000 characters)}. Staff of a
 * department of the plan (head, reviewer, approver): E_FORBIDDEN for others; E_CONFLICT when answered. */
errcode_t insp_objection_answer(store_t *st, const actor_t *by, const char *id, const json_t *body,
				errs_t *e);

/* The caller's (an enterprise's) inspections: {credit_code, items: [...]} (a new object). */
json_t *insp_my_inspections(dbc_t *c, const actor_t *by);
/* The objections a caller may see: those to plans of its department; a supervisor's, all
 * (a new object {items: [...]}). */
json_t *insp_objection_list(dbc_t *c, const actor_t *by);
/* Whether the staff member works for one of the plan's departments in a role that answers objections. */
bool insp_answers_for(const actor_t *by, const json_t *rules);

#endif
