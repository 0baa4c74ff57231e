/* task_store.h — the task queue's SQL (internal to domain/cases/). */
#ifndef ONESTOP_TASK_STORE_H
#define ONESTOP_TASK_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "domain/core/ids.h"
#include "store/store.h"

typedef struct {
	char id[ENTITY_ID_LEN], department[DEPT_CODE_LEN], status[16], claimed_by[ACCOUNT_ID_LEN], role[32],
		case_id[ENTITY_ID_LEN];
	int64_t version;
} task_row_t;

bool task_load(dbc_t *c, const char *id, task_row_t *out);
/* Sets status and claimer (NULL: none) if the version is still `version`; 0, or -1. */
int task_save(dbc_t *c, const char *id, const char *status, const char *claimed_by, int64_t version);

/* One row of the department's queue, as the workbench lists it. */
typedef struct {
	const char *id, *case_id, *case_number, *matter_code, *matter_zh, *matter_en, *kind, *role, *status,
		*claimed_by, *claimed_name, *due_day, *colour, *case_status, *channel;
	const char *submitted_day, *region; /* the intake term's start, for a case not yet accepted */
	const char *applicant_name, *applicant_kind;
	int64_t created_at, submitted_at; /* UTC ms; submitted_at 0 when not submitted */
	const char *queue_due;            /* the deadline it is queued by ("9999-12-31": none) */
	int64_t done_at;                  /* done tasks: when */
} task_item_t;

/* Where a page of the queue starts: after the open task of this queue date, arrival and id, or
 * (done tasks, newest first) before the done task of this time and id. */
typedef struct {
	bool set;
	char due[11];
	int64_t at;
	char id[ENTITY_ID_LEN];
} task_after_t;

typedef struct {
	const char *department, *role, *status, *matter, *colour;
	int limit;
	task_after_t after;
} task_filter_t;

/* Calls fn for each task of the filter after `after`, open ones by the deadline they are queued
 * by, then arrival, then id (none last); done ones newest first. Strings live during the call. */
int task_scan(dbc_t *c, const task_filter_t *f, void (*fn)(const task_item_t *t, void *ctx), void *ctx);


#endif
