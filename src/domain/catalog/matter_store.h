/* matter_store.h — the SQL of the catalogue: the matters table (one row per
 * matter, with its search text), matter_versions (one immutable document per
 * version), and the department names shown beside a matter. Internal to
 * domain/catalog; other subsystems call matter.h. Results follow store.h:
 * DB_ROW found, DB_DONE none or done, DB_CONSTRAINT, DB_ERR. */
#ifndef ONESTOP_MATTER_STORE_H
#define ONESTOP_MATTER_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "store/store.h"

#define MATTER_CODE_LEN 16 /* a matter code and its NUL */
#define MATTER_STATUS_LEN 16
#define MATTER_DEPT_LEN 32
#define MATTER_NAME_LEN 256
#define MATTER_REGION_LEN 16
#define MATTER_TYPE_LEN 32

/* The mutable head of a matter. */
typedef struct {
	int64_t current_version; /* the newest document's version */
	int64_t version;	 /* the row version, for If-Match */
	char status[MATTER_STATUS_LEN];
} matter_head_t;

/* What a new document version changes in the matters row. */
typedef struct {
	const char *code, *department, *type, *name_zh, *name_en;
	bool immediate;
	int64_t visits, online_depth, promised_days;
	const char *search_name, *search_keys, *search_guide, *search_materials, *search_text, *applicants;
	int search_rev; /* the rule the search text was built under (MATTER_SEARCH_REV) */
} matter_put_t;

/* One line of a listing, with the matter's search fields when searching
 * (NULL otherwise; valid during the callback only). */
typedef struct {
	char code[MATTER_CODE_LEN], status[MATTER_STATUS_LEN], department[MATTER_DEPT_LEN],
	    type[MATTER_TYPE_LEN];
	char name_zh[MATTER_NAME_LEN], name_en[MATTER_NAME_LEN];
	int64_t version, visits, online_depth, promised_days;
	bool immediate;
	const char *search_name, *search_keys, *search_guide, *search_materials;
} matter_summary_t;

/* A listing's filters (NULL or < 0: any); applicant is "person" or
 * "enterprise"; fully_online 0 any, 1 depth 4 only, 2 the others. A plain
 * listing pages by code (after_code "" for the first page, at most limit
 * rows); a search reads every matter that passes the filters, ranked above. */
typedef struct {
	const char *department, *type, *applicant;
	int immediate, visits, fully_online;
	bool include_retired;
	const char *after_code;
	int limit;
} matter_store_query_t;

typedef void (*matter_summary_fn)(const matter_summary_t *m, void *ctx);

/* The department's names and region ("" when unknown). DB_ROW or DB_DONE. */
int matter_store_department(dbc_t *c, const char *code, char zh[MATTER_NAME_LEN], char en[MATTER_NAME_LEN],
			    char region[MATTER_REGION_LEN]);
int matter_store_head(dbc_t *c, const char *code, matter_head_t *out);
/* Marks the matter retired if its row is still at row_version. 0 when one row changed, -1 otherwise. */
int matter_store_retire(dbc_t *c, const char *code, int64_t row_version, int64_t now);
/* A new matter row at version 1 whose document is `version`. DB_DONE, DB_CONSTRAINT or DB_ERR. */
int matter_store_insert(dbc_t *c, const matter_put_t *p, int64_t version, int64_t now);
/* Points the row at document `version` if it is still at row_version. DB_DONE when one row changed. */
int matter_store_update(dbc_t *c, const matter_put_t *p, int64_t version, int64_t row_version, int64_t now);
/* Stores a document version. DB_DONE on success. */
int matter_store_version_insert(dbc_t *c, const char *code, int64_t version, const char *doc, int64_t now,
				const char *by);
/* The stored document text of a version (0: current) with the matter's head.
 * Returns a new string (xmalloc'd, the caller frees it), NULL when absent. */
char *matter_store_doc(dbc_t *c, const char *code, int64_t version, matter_head_t *head);
/* Calls fn for each matter of the page, by code, at most q->limit rows. DB_DONE or DB_ERR. */
int matter_store_list(dbc_t *c, const matter_store_query_t *q, matter_summary_fn fn, void *ctx);
/* Calls fn for every matter that passes q's filters, by code, with its search fields. DB_DONE or DB_ERR. */
int matter_store_search(dbc_t *c, const matter_store_query_t *q, matter_summary_fn fn, void *ctx);
/* Calls fn with the code of each matter whose search text was built under a
 * rule older than rev (matter_search.h). DB_DONE or DB_ERR. */
int matter_store_stale(dbc_t *c, int rev, void (*fn)(const char *code, void *ctx), void *ctx);
/* Replaces a matter's search text (p's search_ and applicants members). DB_DONE or DB_ERR. */
int matter_store_set_search(dbc_t *c, const matter_put_t *p);

#endif
