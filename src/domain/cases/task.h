/* tasks.h — the workbench queue. Each case state that needs staff puts one
 * task in the handling department's queue (workflow.h: wf_task_for); staff
 * claim tasks, release them, and heads (or the claimer) assign them to a
 * colleague. A claimed task is its holder's: a colleague may act on the case
 * only after release or reassignment. */
#ifndef ONESTOP_TASKS_H
#define ONESTOP_TASKS_H

#include <jansson.h>
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "base/errs.h"
#include "store/store.h"

typedef struct {
	const char *role, *status, *matter, *colour;
	int limit;            /* 1 to 200 */
	const char *cursor;   /* the next_cursor of the page before, or NULL */
} task_query_t;

/* A page of the department's tasks: open and claimed ones by the deadline that binds each (the
 * case's, or the intake term's before acceptance; none last), done ones newest first:
 * {"items", "next_cursor"} (null on the last page). A cursor that is not one of this list's is
 * a validation error naming "cursor". */
errcode_t task_list(dbc_t *c, const actor_t *viewer, const task_query_t *q, json_t **out, errs_t *e);
/* action: claim | release | assign (to = colleague id for assign). if_version:
 * the version the caller saw (0: none); another is E_STALE, decided after who
 * may act and before whether the action fits the task's state. */
errcode_t task_act(store_t *st, const actor_t *by, const char *task_id, const char *action, const char *to,
		   int64_t if_version, errs_t *e);
/* Colleagues in a department (id, name, roles). */
json_t *task_colleagues(dbc_t *c, const char *department);

#endif
