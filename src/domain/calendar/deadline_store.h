/* deadline_store.h — the SQL of the deadline registry (internal to domain/calendar). */
#ifndef ONESTOP_DEADLINE_STORE_H
#define ONESTOP_DEADLINE_STORE_H

#include "domain/calendar/deadline.h"
#include "domain/core/actor.h"
#include "domain/core/geo.h"

typedef struct {
	int64_t id;
	char entity[DEADLINE_ENTITY_LEN], entity_id[DEADLINE_ENTITY_ID_LEN], purpose[DEADLINE_PURPOSE_LEN];
	char region[REGION_CODE_LEN], start[DATE_STR_LEN], due[DATE_STR_LEN];
	char owner[ACTOR_ID_LEN];     /* "" when nobody is told */
	int workdays;
	int64_t version;
} deadline_row_t;

/* Inserts or replaces the (entity, entity_id, purpose) deadline; a
 * replacement bumps its version. Returns 0 or -1. */
int deadline_store_put(dbc_t *c, const char *entity, const char *entity_id, const char *purpose,
		       const char *region, day_t start, int workdays, const char *owner_account,
		       const deadline_t *d);
/* Every provisional deadline, in a new array (free it); *n receives the count. */
deadline_row_t *deadline_store_provisional(dbc_t *c, size_t *n);
/* Copies a case's decision deadline into the case row, which keeps it for
 * sorting the work queue. Returns 0 or -1. */
int deadline_store_case_due(dbc_t *c, const char *case_id, const char *due, bool provisional);
/* An intake term moved: the case's open intake task is queued by the new one. */
int deadline_store_intake_queue(dbc_t *c, const char *case_id, const char *due);

#endif
