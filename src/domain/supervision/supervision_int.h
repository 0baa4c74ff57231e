/* supervision_int.h — what the supervision modules share (internal to domain/supervision/). */
#ifndef ONESTOP_SUPERVISION_INT_H
#define ONESTOP_SUPERVISION_INT_H

#include "domain/supervision/supervision.h"
#include "domain/supervision/supervision_store.h"

/* The context of the machine's apply functions: the time and who acts. */
typedef struct {
	int64_t now;
	const char *by;
} sv_apply_t;

/* Whether the order is past its deadline on `today` (YYYY-MM-DD). */
bool sv_past_deadline(const sv_row_t *r, const char *today);
/* The roles the viewer acts on this order with: a supervisor's, or the
 * department's head's on their own department's orders; 0 otherwise. */
unsigned sv_who(const actor_t *viewer, const sv_row_t *r);

#endif
