/* workcal_int.h — the calendar cache and region walk of workcal.c, for the
 * views in workcal_read.c (internal to domain/calendar). */
#ifndef ONESTOP_WORKCAL_INT_H
#define ONESTOP_WORKCAL_INT_H

#include "domain/calendar/workcal.h"
#include "domain/core/geo.h"

/* The nearest region, from `region` up, that has calendar years of its own;
 * NATIONAL_REGION when none has. */
void workcal_owner(dbc_t *c, const char *region, char owner[REGION_CODE_LEN]);
/* The region, from `owner` up, whose notice defines `year`; false when none does. */
bool workcal_year_region(dbc_t *c, const char *owner, int year, char out[REGION_CODE_LEN]);
/* Runs fn with the region's (cached) calendar. E_NOT_FOUND for an unknown region. */
errcode_t workcal_with(dbc_t *c, const char *region, void (*fn)(const calendar_t *, void *), void *arg);

#endif
