/* geo.h — regions (GB/T 2260) and departments. */
#ifndef ONESTOP_GEO_H
#define ONESTOP_GEO_H

#include <jansson.h>
#include <stdbool.h>
#include "store/store.h"

json_t *geo_region_list(dbc_t *c);
/* region: only departments of that region (NULL: all). */
json_t *geo_department_list(dbc_t *c, const char *region);
bool geo_department_exists(dbc_t *c, const char *code);
bool geo_region_known(dbc_t *c, const char *code);
/* Writes the department's region into out (16 bytes); false when unknown. */
bool geo_department_region(dbc_t *c, const char *code, char out[16]);

#endif
