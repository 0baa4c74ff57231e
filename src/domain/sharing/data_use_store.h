/* data_use_store.h — the statements on data_uses and data_use_objections
 * (data_use_store.c). Internal to domain/sharing/. Strings given to a
 * callback are valid only during the call. */
#ifndef ONESTOP_DATA_USE_STORE_H
#define ONESTOP_DATA_USE_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "base/page.h"
#include "store/store.h"

typedef struct {
	const char *id, *subject_account, *kind, *actor_id, *actor_role, *department, *case_id, *case_number,
	    *certificate_id, *material_key, *purpose, *purpose_name /* JSON */, *fields /* JSON */,
	    *share_id /* NULL: not through a share link */;
	int64_t at;
	const char *dataset, *outcome,
	    *refusal; /* a registry read: its dataset, read|refused|not_found, why */
	const char *department_zh, *department_en;   /* read only: the department's names */
	const char *dataset_zh, *dataset_en;         /* read only: the dataset's names */
	const char *objection_id, *objection_reason; /* read only: the subject's objection, NULL when none */
	int64_t objection_at;
} data_use_row_t;

int data_use_store_insert(dbc_t *c, const data_use_row_t *r);
/* The subject's records, newest first by (at, id), below the cursor `after` (not set: from the
 * newest), at most limit. 0 or -1. */
int data_use_store_of_subject(dbc_t *c, const char *account, const page_cursor_t *after, int limit,
			      void (*fn)(const data_use_row_t *r, void *ctx), void *ctx);
/* One record by id; false when unknown. */
bool data_use_store_get(dbc_t *c, const char *id, void (*fn)(const data_use_row_t *r, void *ctx), void *ctx);
/* 1 added, 0 the use has one already, -1 error. */
int data_use_store_objection_add(dbc_t *c, const char *id, const char *use_id, const char *subject,
				 const char *reason, int64_t now);
/* The objections with their uses, newest first by (at, id), below the cursor `after` (not set:
 * from the newest), at most limit; the subject's name through subject_name. */
int data_use_store_objections(dbc_t *c, const page_cursor_t *after, int limit,
			      void (*fn)(const data_use_row_t *r, const char *subject_name, void *ctx),
			      void *ctx);

#endif
