/* geo_store.h — the SQL of regions and departments (internal to domain/core;
 * other subsystems use geo.h). Row callbacks get borrowed rows valid only
 * during the call. */
#ifndef ONESTOP_GEO_STORE_H
#define ONESTOP_GEO_STORE_H

#include "domain/core/geo.h"

typedef void (*geo_region_fn)(const geo_region_t *r, void *ctx);
typedef void (*geo_department_fn)(const geo_department_t *d, void *ctx);

void geo_store_each_region(dbc_t *c, geo_region_fn fn, void *ctx);
/* region NULL: every department. */
void geo_store_each_department(dbc_t *c, const char *region, geo_department_fn fn, void *ctx);
bool geo_store_region_exists(dbc_t *c, const char *code);
bool geo_store_department_exists(dbc_t *c, const char *code);
/* Copies a department's region / a region's parent; false when no row or NULL. */
bool geo_store_department_region(dbc_t *c, const char *code, char out[REGION_CODE_LEN]);
/* The department's Chinese name into name (n bytes) and its region; false when unknown. */
bool geo_store_department_name(dbc_t *c, const char *code, char *name, size_t n,
			       char region[REGION_CODE_LEN]);
bool geo_store_region_parent(dbc_t *c, const char *code, char out[REGION_CODE_LEN]);
/* 1 added, 0 existed, -1 error. */
int geo_store_region_insert(dbc_t *c, const geo_region_t *r);
int geo_store_department_insert(dbc_t *c, const geo_department_t *d);

#endif
