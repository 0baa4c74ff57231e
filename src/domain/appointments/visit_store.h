/* visit_store.h — the SQL of visits (see visit.h). Internal to
 * domain/appointments; other subsystems call visit.h. */
#ifndef ONESTOP_VISIT_STORE_H
#define ONESTOP_VISIT_STORE_H

#include <stdint.h>
#include "store/store.h"

#define VISIT_KIND_LEN 32
#define VISIT_DEPT_LEN 32

typedef struct {
	int64_t at;
	char kind[VISIT_KIND_LEN];
	char department[VISIT_DEPT_LEN];
} visit_row_t;

typedef void (*visit_row_fn)(const visit_row_t *r, void *ctx);

/* Appends a visit row. 0, or -1 on a database error. */
int visit_store_insert(dbc_t *c, const char *account_id, const char *department, const char *kind,
		       const char *case_id, const char *appointment_id, int64_t at, const char *recorded_by);
/* Calls fn for each visit of the case, oldest first. DB_DONE or DB_ERR. */
int visit_store_of_case(dbc_t *c, const char *case_id, visit_row_fn fn, void *ctx);
/* How many visits the case has had; -1 on error. */
int visit_store_count_for_case(dbc_t *c, const char *case_id);

#endif
