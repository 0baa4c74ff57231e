/* objection_store.h — the SQL of the publication deadline's overdue marks and
 * of the enterprises' objections (异议) to their inspection results. */
#ifndef ONESTOP_OBJECTION_STORE_H
#define ONESTOP_OBJECTION_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "store/store.h"

typedef struct {
	char id[33], plan_id[33], target[40], status[12];
} insp_objection_t;

/* Ids of plans committed but not published whose period ended before `today` (YYYY-MM-DD) and that
 * carry no overdue mark yet (a new array). */
json_t *insp_store_unpublished_after(dbc_t *c, const char *today, int limit);
/* Marks the plan overdue once: DB_DONE, DB_CONSTRAINT when it had a mark already. */
int insp_store_mark_overdue(dbc_t *c, const char *plan, int64_t now);
/* The plan's overdue mark (UTC ms), 0 when none. */
int64_t insp_store_overdue_at(dbc_t *c, const char *plan);

/* Whether the enterprise account is a drawn target of the plan. */
bool insp_store_target_drawn(dbc_t *c, const char *plan, const char *account);
/* Ids of the plans inspecting or published that drew the account, newest period first (a new array). */
json_t *insp_store_plans_of_target(dbc_t *c, const char *account);

/* DB_DONE, DB_CONSTRAINT when the enterprise objected to this plan already. */
int insp_store_objection_insert(dbc_t *c, const char *id, const char *plan, const char *target,
				const char *reason, int64_t now);
/* DB_ROW (o filled), DB_DONE when unknown, DB_ERR. */
int insp_store_objection_get(dbc_t *c, const char *id, insp_objection_t *o);
/* Answers a pending objection: DB_DONE, DB_CONSTRAINT when it was answered already. */
int insp_store_objection_answer(dbc_t *c, const char *id, const char *status, const char *answer,
				const char *by, const char *department, int64_t now);
/* {id, status, reason, answer, created_at, answered_at} of the enterprise's objection to the plan,
 * NULL when none (a new object). */
json_t *insp_store_objection_of(dbc_t *c, const char *plan, const char *target);
/* [{id, plan_id, target_account, reason, status, answer, created_at, answered_at}], pending first,
 * then newest (a new array). */
json_t *insp_store_objections(dbc_t *c, int limit);

#endif
