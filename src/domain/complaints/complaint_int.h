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

/* Checks every field of an intake against the rules and the reference data (complaint.c);
 * appends every problem; tc receives the category's time class. */
void complaint_check_new(dbc_t *c, const actor_t *by, const complaint_new_t *in, char tc[16], errs_t *e);

/* One intake inside the caller's transaction (complaint.c): the abuse limit, the row, its timeline
 * entry, the hotspot counter and the audit entry, then the automatic dispatch (or the direct
 * answer) and `in->also`, every step at `now`. complaint_create sets now from the clock inside its
 * write; the demo history (complaint_history.c) sets a time in the past. */
typedef struct {
	const actor_t *by;
	const complaint_new_t *in; /* passed complaint_check_new */
	const char *tc;            /* the time class complaint_check_new gave */
	const char *phone_sealed;  /* the caller's phone sealed (base/seal.h), or NULL */
	int64_t now;               /* when it is taken (UTC ms) */
	bool limit;                /* counted against the abuse limits (false: the demo history) */
	char id[ENTITY_ID_LEN];    /* out: the new request's id */
} complaint_intake_t;
/* 0, an errcode (E_RATE_LIMITED, E_VALIDATION, E_STATE …) or -1. */
int complaint_intake_write(dbc_t *c, complaint_intake_t *x);

/* The body the responsibility list names for a category at a place (street "" or NULL when none),
 * or the district government (兜底): 0, E_VALIDATION when the district has none, or -1. */
int complaint_duty_body(dbc_t *c, const char *category, const char *district, const char *street,
			char out[DEPT_CODE_LEN]);

/* Counts the step for 三率 (complaint_stats.c), in the step's transaction. */
int complaint_stats_count(dbc_t *c, const complaint_row_t *r, const char *action, const actor_t *by,
			  int64_t now);

#endif
