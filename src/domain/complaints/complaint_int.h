/* complaint_int.h — what the files of domain/complaints/ share among themselves. */
#ifndef ONESTOP_COMPLAINT_INT_H
#define ONESTOP_COMPLAINT_INT_H

#include <stdint.h>
#include "domain/complaints/complaint.h"
#include "domain/complaints/complaint_store.h"

#define COMPLAINT_ACT_SYSTEM_ONLY 1u /* taken by the background job only */

typedef struct {
	dbc_t *c;
	const actor_t *by;
	const char *id; /* the request acted on */
} complaint_check_ctx_t;

typedef struct {
	dbc_t *c;
	const actor_t *by;
	int64_t now;
} complaint_apply_ctx_t;

/* Takes action a with the roles `who` on the loaded request inside the write:
 * the table, the effects, the save, the timeline, the caller's message, the
 * audit entry. 0, an errcode, or -1. */
int complaint_step(complaint_apply_ctx_t *x, complaint_row_t *r, const wf_action_t *a, unsigned who,
		   const complaint_input_t *in);

/* Counts the step for 三率 (complaint_stats.c), in the step's transaction. */
int complaint_stats_count(dbc_t *c, const complaint_row_t *r, const char *action, const actor_t *by,
			  int64_t now);

#endif
