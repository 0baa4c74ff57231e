/* rectification_store.h — the SQL of rectifications (internal to domain/ratings). */
#ifndef ONESTOP_RECTIFICATION_STORE_H
#define ONESTOP_RECTIFICATION_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "domain/core/ids.h"
#include "base/date.h"
#include "base/page.h"
#include "store/store.h"

typedef struct {
	char id[ENTITY_ID_LEN], kind[16], subject_id[ENTITY_ID_LEN], label[48], rating_id[ENTITY_ID_LEN],
	    department[DEPT_CODE_LEN], status[16], callback_due[DATE_STR_LEN], fix_due[DATE_STR_LEN];
	char callback_note[4096], fix_note[4096];
	int64_t callback_at, fixed_at, escalated_at, created_at, updated_at, version;
} rect_row_t;

int rect_store_insert(dbc_t *c, const rect_row_t *r);
bool rect_store_load(dbc_t *c, const char *id, rect_row_t *out);
bool rect_store_of_subject(dbc_t *c, const char *kind, const char *subject_id, rect_row_t *out);
/* Writes the mutable columns, checking and bumping the version: 0, 1 when stale, -1. */
int rect_store_save(dbc_t *c, rect_row_t *r, int64_t expected_version);
/* Calls fn for each (department NULL: all), newest first by (created_at, id), below the cursor
 * `after` (not set: from the newest), at most limit. */
int rect_store_scan(dbc_t *c, const char *department, const char *status, bool escalated_only,
		    const page_cursor_t *after, int limit,
		    void (*fn)(const rect_row_t *r, void *ctx), void *ctx);
/* Open ones past a deadline on `today`, not yet escalated (at most max ids). */
int rect_store_overdue(dbc_t *c, const char *today, int max, char (*ids)[ENTITY_ID_LEN]);

#endif
