/* matter.h — the service catalogue (事项目录): matters, their materials,
 * form schemas and results, versioned.
 *
 * A matter document (docs/catalog-data.md) is checked whole by
 * matter_check, which reports every problem at once. Creating a matter makes
 * version 1; an update makes the next version (the old ones stay readable,
 * and cases pin the version they were filed under); retiring stops new
 * applications while existing cases continue. Every change names the row
 * version it read (optimistic concurrency) and is audited.
 *
 * Search (`q`) matches every whitespace-separated term (or a word it stands
 * for: data/search/synonyms.json) as a substring of the matter's normalised
 * text — names, keywords (Chinese and English), the guide (department, type,
 * description, 受理条件), material names — so two-character words (餐饮, 注销,
 * 社保) match, and 繁體 queries find 简体 text (textnorm.h). Results rank by
 * where the words are found: the name (exact, start, inside), then keywords,
 * then the guide, then materials (matter_search.h).
 *
 * Files: matter.c (changes and documents), matter_check.c (a document's
 * rules), matter_search.c (search text, query terms, rank), matter_synonyms.c
 * (the synonym table), matter_suggest.c ("did you mean"), matter_read.c
 * (listings and served bodies), matter_store.c (the SQL). */
#ifndef ONESTOP_CATALOG_H
#define ONESTOP_CATALOG_H

#include <jansson.h>
#include <stdbool.h>
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "base/errs.h"
#include "store/store.h"

#define MATTER_PAGE_MAX 100

/* Checks a matter document; on success returns a new normalised document
 * (members in canonical order, defaults filled). `code_from_url` (may be
 * NULL) must equal the document's code when given. */
json_t *matter_check(dbc_t *c, const json_t *in, const char *code_from_url, errs_t *errs);
/* Whether a material's source certificate:TYPE names a certificate type
 * domain/certs knows. Answered by domain/registry.c (the catalogue sits below
 * the certificates and never includes them). */
bool domain_certificate_type_known(const char *type);

errcode_t matter_create(store_t *st, const actor_t *by, const json_t *doc, errs_t *errs,
			int64_t *version_out);
errcode_t matter_update(store_t *st, const actor_t *by, const char *code, int64_t if_version,
			const json_t *doc, errs_t *errs, int64_t *version_out);
errcode_t matter_retire(store_t *st, const actor_t *by, const char *code, int64_t if_version,
			int64_t *version_out);

/* The served body of a matter: version 0 = current. Sets *row_version (for
 * ETag / If-Match). Returns a malloc'd JSON text, or NULL (E_NOT_FOUND). */
char *matter_get_text(dbc_t *c, const char *code, int64_t version, int64_t *row_version, errcode_t *ec);
/* The stored document of a version (0 = current), without the mutable status:
 * a SHARED, READ-ONLY object (parsed once per version) — json_decref it when
 * done, never modify it. NULL when absent. */
json_t *matter_doc(dbc_t *c, const char *code, int64_t version);
bool matter_current_version(dbc_t *c, const char *code, int64_t *version);
/* Whether the matter accepts new applications; *current receives its version. */
bool matter_is_active(dbc_t *c, const char *code, int64_t *current);

typedef struct {
	const char *department, *type, *q;
	const char *applicant; /* "person" (个人) or "enterprise" (法人); NULL: any */
	int immediate;	       /* -1 any, 0, 1 */
	int visits;	       /* -1 any, 0, 1 */
	int fully_online;      /* 0 any, 1 全程网办 only (online_depth 4), 2 the others only */
	bool include_retired;
	int limit;
	const char *cursor; /* opaque, from a previous page */
} matter_query_t;

/* A page of summaries: {"items": [...], "next_cursor": "..."|null}, ranked
 * when searching (matter_search.h). A search that finds nothing also has
 * "suggestions": [{"q", "code"?, "name"?}] — matters whose names, and words
 * (keywords, synonyms, single terms of the query) that are near what was
 * typed ("did you mean"); possibly empty. E_VALIDATION on a bad cursor or an
 * unknown department. */
errcode_t matter_list(dbc_t *c, const matter_query_t *q, json_t **out, errs_t *errs);

/* Rebuilds the search text of matters stored under an older rule of
 * matter_search (after migration 0028, say) from their current documents.
 * Idempotent; run at start (seed_reference). 0, or -1 on a database error. */
int matter_search_refresh(store_t *st);

/* Loads data/demo/matters.json (idempotent: existing codes are skipped). */
int matter_seed_demo(store_t *st);

/* Type names and their labels, in Chinese and in English; NULL for an unknown type. */
const char *matter_type_label(const char *type);
const char *matter_type_label_en(const char *type);

#endif
