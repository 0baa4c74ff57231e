/* geo.h — regions (GB/T 2260) and departments: the reference data every
 * other subsystem points at. Reads take the caller's connection; the two
 * adds run inside the caller's write (seeding, administration). */
#ifndef ONESTOP_GEO_H
#define ONESTOP_GEO_H

#include <jansson.h>
#include <stdbool.h>
#include "store/store.h"

#include "domain/core/ids.h"   /* REGION_CODE_LEN */

/* A region as stored; the strings are borrowed from the caller (or, in a
 * row callback, valid only during the call). parent is NULL at the top. */
typedef struct {
	const char *code, *name_zh, *name_en, *parent, *level;
} geo_region_t;

typedef struct {
	const char *code, *name_zh, *name_en, *region, *kind, *address, *phone, *hours;
	const char *address_en, *hours_en; /* English forms; NULL or "" when none */
} geo_department_t;

/* JSON views (geo_read.c): every region by code; the departments of one
 * region (NULL: all) by code. New arrays. */
json_t *geo_region_list(dbc_t *c);
json_t *geo_department_list(dbc_t *c, const char *region);

bool geo_department_exists(dbc_t *c, const char *code);
bool geo_region_known(dbc_t *c, const char *code);
/* Writes the department's region into out; false when unknown. */
bool geo_department_region(dbc_t *c, const char *code, char out[REGION_CODE_LEN]);
/* Writes the department's Chinese name (n bytes) and its region; false, and
 * nothing written, when the department is unknown. */
bool geo_department_name(dbc_t *c, const char *code, char *name, size_t n, char region[REGION_CODE_LEN]);
/* Writes the region's parent into out ("" at the top); false when the
 * region is unknown or has no parent. */
bool geo_region_parent(dbc_t *c, const char *code, char out[REGION_CODE_LEN]);

/* Adds a region / department unless its code exists (then nothing changes).
 * Returns 1 when added, 0 when it existed, -1 on a database error. The
 * caller writes the audit entry. */
int geo_region_add(dbc_t *c, const geo_region_t *r);
int geo_department_add(dbc_t *c, const geo_department_t *d);

#endif
