/* workcal.h — working calendars of the platform's regions, backed by the
 * database, with provisional deadlines that follow them.
 *
 * Calendars are stored per region and year; for each year a region uses the
 * nearest region from itself upwards (district, city, national "000000")
 * that has loaded that year.
 * The in-memory calendars are built from the database on first use and
 * rebuilt when a year is loaded.
 *
 * Deadlines (a case's decision date, a complaint's answer date) are
 * registered with deadline_set in the writer's transaction. One that runs
 * into a year not yet loaded is computed with weekends only and marked
 * provisional; loading that year recomputes every provisional deadline of
 * the region, writes an audit entry for each, and — when the date moves —
 * a message to the owner. */
#ifndef ONESTOP_WORKCAL_H
#define ONESTOP_WORKCAL_H

#include <jansson.h>
#include "domain/core/actor.h"
#include "domain/calendar/calendar.h"
#include "domain/core/errcode.h"
#include "base/errs.h"
#include "store/store.h"

#define NATIONAL_REGION "000000"

typedef struct {
	day_t due;
	bool provisional;
} deadline_t;

/* Adds working days in a region's calendar (the caller's read connection). */
errcode_t workcal_add(dbc_t *c, const char *region, day_t from, int n, deadline_t *out);
errcode_t workcal_between(dbc_t *c, const char *region, day_t a, day_t b, int *out, bool *provisional);

/* The calendar of a region and year as JSON: loaded or not, source, the
 * non-working weekdays and working weekend days, and the count of working
 * days. E_NOT_FOUND for an unknown region. */
errcode_t workcal_year_json(dbc_t *c, const char *region, int year, json_t **out);

/* Loads a year's notice (the data/calendar/ JSON format) for a region, then
 * recomputes provisional deadlines. *recomputed receives how many moved. */
errcode_t workcal_load_year(store_t *st, const actor_t *by, const char *region, int year, const char *json,
			    size_t len, errs_t *errs, int *recomputed);

/* Registers (or replaces) a deadline inside a write transaction. */
int deadline_set(dbc_t *c, const char *entity, const char *entity_id, const char *purpose, const char *region,
		 day_t start, int workdays, const char *owner_account, deadline_t *out);

/* Warnings for administrators (a JSON array; empty when none): from 1 October,
 * next year's calendar missing. */
json_t *workcal_warnings(dbc_t *c, int64_t now_ms);
/* Background job: logs the warning once a day while it holds. */
int workcal_job_warn_missing_year(store_t *st);
/* Drops the in-memory calendars (after a load by another process). */
void workcal_invalidate(void);

#endif
