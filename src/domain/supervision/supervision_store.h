/* supervision_store.h — the SQL of supervision orders (internal to domain/supervision/). */
#ifndef ONESTOP_SUPERVISION_STORE_H
#define ONESTOP_SUPERVISION_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "store/store.h"

/* Inserts the order unless one of that subject and kind exists: 1 inserted, 0 existed, -1. */
int supervision_insert(dbc_t *c, const char *subject_type, const char *subject_id, const char *department,
		       const char *kind, int64_t now);
bool supervision_row_exists(dbc_t *c, const char *subject_type, const char *subject_id, const char *kind);

#endif
