/* workcal_store.h — the SQL of the region calendars (internal to
 * domain/calendar): which years a region has loaded, their days, and the
 * record of each load. Regions themselves are asked of domain/core/geo.h. */
#ifndef ONESTOP_WORKCAL_STORE_H
#define ONESTOP_WORKCAL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/calendar/calendar.h"
#include "store/store.h"

/* True when the region has loaded any year of its own. */
bool workcal_store_has_years(dbc_t *c, const char *region);
/* True when the region has loaded `year` itself. */
bool workcal_store_has_year(dbc_t *c, const char *region, int year);
/* The years the region has loaded itself, ascending, at most max; returns how many. */
int workcal_store_years(dbc_t *c, const char *region, int *years, int max);
/* The stored days of one year of a region (at most max); returns how many.
 * Rows whose day does not parse are skipped. */
size_t workcal_store_days(dbc_t *c, const char *region, int year, calendar_override_t *ov, size_t max);
/* The source text of a loaded year (a new string for the caller to free) and
 * when it was loaded; NULL when the region has not loaded that year. */
char *workcal_store_year_source(dbc_t *c, const char *region, int year, int64_t *loaded_at);
/* Replaces the stored days of one year of a region. Returns 0 or -1. */
int workcal_store_replace_days(dbc_t *c, const char *region, int year, const calendar_override_t *ov,
			       size_t n);
/* Records (or re-records) the load of a year. Returns 0 or -1. */
int workcal_store_put_year(dbc_t *c, const char *region, int year, const char *source, int64_t now_ms,
			   const char *by);

#endif
