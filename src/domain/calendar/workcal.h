/* workcal.h — working calendars of the platform's regions, backed by the
 * database, with provisional deadlines that follow them.
 *
 * Calendars are stored per region and year; for each year a region uses the
 * nearest region from itself upwards (district, city, national "000000")
 * that has loaded that year.
 * The in-memory calendars are built from the database on first use and
 * rebuilt when a year is loaded.
 *
 * The deadlines that follow these calendars are registered through
 * deadline.h, included here for the callers that have always found
 * deadline_set in this header. */
#ifndef ONESTOP_WORKCAL_H
#define ONESTOP_WORKCAL_H

#include <jansson.h>
#include "domain/core/actor.h"
#include "domain/calendar/calendar.h"
#include "domain/calendar/deadline.h"
#include "domain/core/errcode.h"
#include "base/errs.h"
#include "store/store.h"

#define NATIONAL_REGION "000000"

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

/* A new calendar of the region as this connection sees it (not the cache:
 * inside a write that loads a year). Years the region does not define come
 * from the nearest region upwards that does; an unknown region gets the
 * national calendar. Free it with calendar_free. */
calendar_t *workcal_build(dbc_t *c, const char *region);

/* True when the region has loaded `year` itself (an ancestor's does not count). */
bool workcal_year_loaded(dbc_t *c, const char *region, int year);

/* Warnings for administrators (a JSON array; empty when none): from 1 October,
 * next year's calendar missing. */
json_t *workcal_warnings(dbc_t *c, int64_t now_ms);
/* Background job: logs the warning once a day while it holds. */
int workcal_job_warn_missing_year(store_t *st);
/* Drops the in-memory calendars (after a load by another process). */
void workcal_invalidate(void);

#endif
