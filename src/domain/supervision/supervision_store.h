/* supervision_store.h — the SQL of supervision orders (internal to domain/supervision/). */
#ifndef ONESTOP_SUPERVISION_STORE_H
#define ONESTOP_SUPERVISION_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "domain/core/ids.h"
#include "base/date.h"
#include "base/page.h"
#include "store/store.h"

#define SV_TYPE_LEN 24

typedef struct {
	char id[ENTITY_ID_LEN], subject_type[SV_TYPE_LEN], subject_id[ENTITY_ID_LEN],
	    department[DEPT_CODE_LEN], kind[16], state[16], label[64], deadline[DATE_STR_LEN],
	    issued_by[ACCOUNT_ID_LEN], answered_by[ACCOUNT_ID_LEN];
	char title[512], body[8200], answer[8200], review_note[2100];
	int64_t answered_at, escalated_at, created_at, updated_at, resolved_at, version;
} sv_row_t;

/* Inserts an 'overdue' order unless the subject has one: 1 inserted, 0 existed, -1. */
int supervision_insert(dbc_t *c, const sv_row_t *r);
/* Inserts an issued order. 0 or -1. */
int sv_store_insert_issued(dbc_t *c, const sv_row_t *r);
bool supervision_row_exists(dbc_t *c, const char *subject_type, const char *subject_id, const char *kind);
bool sv_store_load(dbc_t *c, const char *id, sv_row_t *out);
/* Writes the mutable columns, checking and bumping the version: 0, 1 when stale, -1. */
int sv_store_save(dbc_t *c, sv_row_t *r, int64_t expected_version);
/* Calls fn for each (NULL filters: any), newest first by (created_at, id), below the cursor
 * `after` (not set: from the newest), at most limit. */
int sv_store_scan(dbc_t *c, const char *department, const char *state, const char *kind,
		  const page_cursor_t *after, int limit,
		  void (*fn)(const sv_row_t *r, void *ctx), void *ctx);
/* Ids of open orders whose deadline is before `today` (at most max). */
int sv_store_past_deadline(dbc_t *c, const char *today, int max, char (*ids)[ENTITY_ID_LEN]);
/* A subject's department and label (a lookup in the subject's own table):
 * false when there is no such subject. */
bool sv_store_subject(dbc_t *c, const char *type, const char *id, char department[DEPT_CODE_LEN],
		      char label[64]);

#endif
