/* data_use_store.h — the statements on data_uses (data_use_store.c).
 * Internal to domain/sharing/. Strings given to a callback are valid only
 * during the call. */
#ifndef ONESTOP_DATA_USE_STORE_H
#define ONESTOP_DATA_USE_STORE_H

#include <stdint.h>
#include "store/store.h"

typedef struct {
	const char *id, *subject_account, *kind, *actor_id, *actor_role, *department, *case_id, *case_number,
	    *certificate_id, *material_key, *purpose, *purpose_name /* JSON */, *fields /* JSON */,
	    *share_id /* NULL: not through a share link */;
	int64_t at;
	const char *department_zh, *department_en; /* read only: the department's names */
} data_use_row_t;

int data_use_store_insert(dbc_t *c, const data_use_row_t *r);
/* The subject's records, newest first, at most limit. 0 or -1. */
int data_use_store_of_subject(dbc_t *c, const char *account, int limit,
			      void (*fn)(const data_use_row_t *r, void *ctx), void *ctx);

#endif
