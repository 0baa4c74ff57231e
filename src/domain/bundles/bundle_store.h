/* bundle_store.h — the SQL of bundles: the bundles table (one row per
 * bundle) and bundle_versions (one immutable document per version). Internal
 * to domain/bundles. Results follow store.h (DB_ROW, DB_DONE, DB_ERR). */
#ifndef ONESTOP_BUNDLE_STORE_H
#define ONESTOP_BUNDLE_STORE_H

#include <stdint.h>
#include "store/store.h"

typedef struct {
	int64_t current_version, version;
	char status[16];
} bundle_head_t;

int bundle_store_head(dbc_t *c, const char *code, bundle_head_t *out);
int bundle_store_insert(dbc_t *c, const char *code, const char *zh, const char *en, int64_t now);
int bundle_store_update(dbc_t *c, const char *code, const char *zh, const char *en, int64_t version,
			int64_t row_version, int64_t now);
int bundle_store_retire(dbc_t *c, const char *code, int64_t row_version, int64_t now);
int bundle_store_version_insert(dbc_t *c, const char *code, int64_t version, const char *doc, int64_t now,
				const char *by);
/* The document of a version (0: current), a new object; NULL when absent. */
json_t *bundle_store_doc(dbc_t *c, const char *code, int64_t version, int64_t *row_version, char status[16]);
/* Codes of the active bundles, in code order: a new array. */
json_t *bundle_store_codes(dbc_t *c);

#endif
