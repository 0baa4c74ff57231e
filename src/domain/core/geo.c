/* geo.c — the questions other subsystems ask about regions and departments
 * (see geo.h); the statements are in geo_store.c, the JSON in geo_read.c. */
#include "domain/core/geo.h"
#include "domain/core/geo_store.h"

bool geo_department_exists(dbc_t *c, const char *code) { return geo_store_department_exists(c, code); }
bool geo_region_known(dbc_t *c, const char *code) { return geo_store_region_exists(c, code); }

bool geo_department_region(dbc_t *c, const char *code, char out[REGION_CODE_LEN])
{
	return geo_store_department_region(c, code, out);
}

bool geo_department_name(dbc_t *c, const char *code, char *name, size_t n, char region[REGION_CODE_LEN])
{
	return geo_store_department_name(c, code, name, n, region);
}

bool geo_region_parent(dbc_t *c, const char *code, char out[REGION_CODE_LEN])
{
	return geo_store_region_parent(c, code, out) && out[0];
}

/* The caller audits what was added (seeding does, per row). */
int geo_region_add(dbc_t *c, const geo_region_t *r) { return geo_store_region_insert(c, r); }
int geo_department_add(dbc_t *c, const geo_department_t *d) { return geo_store_department_insert(c, d); }
