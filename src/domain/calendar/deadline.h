/* deadline.h — the registry of working-day deadlines (a case's decision
 * date, a complaint's answer date) that follow the region calendars.
 *
 * Deadlines are registered with deadline_set in the writer's transaction.
 * One that runs into a year not yet loaded is computed with weekends only
 * and marked provisional; loading that year (workcal_load_year) recomputes
 * every provisional deadline, writes an audit entry for each, and — when the
 * date moves — a message to the owner. Included by workcal.h. */
#ifndef ONESTOP_DEADLINE_H
#define ONESTOP_DEADLINE_H

#include <stdbool.h>
#include "domain/core/actor.h"
#include "base/date.h"
#include "store/store.h"

#define DEADLINE_ENTITY_LEN 32
#define DEADLINE_ENTITY_ID_LEN 64
#define DEADLINE_PURPOSE_LEN 32

typedef struct {
	day_t due;
	bool provisional;
} deadline_t;

/* Registers (or replaces) a deadline inside a write transaction: `workdays`
 * working days after `start` in the region's calendar. owner_account (may be
 * NULL) is told when a recomputation moves it. Returns 0, or -1 for an
 * unknown region or a database error. */
int deadline_set(dbc_t *c, const char *entity, const char *entity_id, const char *purpose, const char *region,
		 day_t start, int workdays, const char *owner_account, deadline_t *out);

/* Recomputes every provisional deadline with calendars built from the
 * transaction's own view (after a year was loaded in it), audits each and
 * tells owners whose date moved. *moved receives how many moved. Returns 0
 * or -1. */
int deadline_recompute_provisional(dbc_t *c, const actor_t *by, int *moved);

#endif
