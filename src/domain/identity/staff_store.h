/* staff_store.h — the SQL of staff administration (internal to domain/identity). */
#ifndef ONESTOP_STAFF_STORE_H
#define ONESTOP_STAFF_STORE_H

#include <jansson.h>
#include "store/store.h"

/* The active staff accounts of `department` (NULL: any) and of `id` (NULL:
 * any) as staff_list shows them, by display name then id: a new array. */
json_t *staff_store_rows(dbc_t *c, const char *department, const char *id);
/* The stored roles, department and version of an active staff account; false when none. */
bool staff_store_current(dbc_t *c, const char *id, char *roles, size_t rn, char *department, size_t dn,
			 int64_t *version);
/* Sets roles and department, version + 1. 0, or -1 when no active staff account has that id. */
int staff_store_set(dbc_t *c, const char *id, const char *roles, const char *department);

#endif
