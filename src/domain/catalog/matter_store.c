/* matter_store.c — every SQL statement of the catalogue (see
 * matter_store.h). Written once for every store driver: `?` parameters, LIKE
 * with an explicit ESCAPE on text that is already normalised (lower case,
 * 简体), so no engine's case-folding is relied on. */
#include "domain/catalog/matter_store.h"
#include "base/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int matter_store_department(dbc_t *c, const char *code, char zh[MATTER_NAME_LEN], char en[MATTER_NAME_LEN],
			    char region[MATTER_REGION_LEN])
{
	zh[0] = en[0] = region[0] = '\0';
	dbs_t *s = db_prep(c, "SELECT name_zh, name_en, region FROM departments WHERE code = ?");
	db_bind(s, code);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		db_col_str(s, 0, zh, MATTER_NAME_LEN);
		db_col_str(s, 1, en, MATTER_NAME_LEN);
		db_col_str(s, 2, region, MATTER_REGION_LEN);
	}
	db_reset(s);
	return rc == DB_ROW ? DB_ROW : DB_DONE;
}

int matter_store_head(dbc_t *c, const char *code, matter_head_t *out)
{
	dbs_t *s = db_prep(c, "SELECT current_version, version, status FROM matters WHERE code = ?");
	db_bind(s, code);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		out->current_version = db_col_int(s, 0);
		out->version = db_col_int(s, 1);
		db_col_str(s, 2, out->status, sizeof out->status);
	}
	db_reset(s);
	return rc == DB_ROW || rc == DB_DONE ? rc : DB_ERR;
}

int matter_store_retire(dbc_t *c, const char *code, int64_t row_version, int64_t now)
{
	int rc = db_run(c,
			"UPDATE matters SET status = 'retired', updated_at = ?, version = version + 1 "
			"WHERE code = ? AND version = ?",
			now, code, row_version);
	return rc == DB_DONE && db_changes(c) == 1 ? 0 : -1;
}

int matter_store_insert(dbc_t *c, const matter_put_t *p, int64_t version, int64_t now)
{
	return db_run(
	    c,
	    "INSERT INTO matters (code, current_version, department, type, name_zh, name_en, immediate, "
	    "visits, online_depth, promised_days, search_name, search_keys, search_guide, search_materials, "
	    "search_text, applicants, search_rev, created_at, updated_at) "
	    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	    p->code, version, p->department, p->type, p->name_zh, p->name_en, p->immediate, p->visits,
	    p->online_depth, p->promised_days, p->search_name, p->search_keys, p->search_guide,
	    p->search_materials, p->search_text, p->applicants, (int64_t)p->search_rev, now, now);
}

int matter_store_update(dbc_t *c, const matter_put_t *p, int64_t version, int64_t row_version, int64_t now)
{
	int rc = db_run(
	    c,
	    "UPDATE matters SET current_version = ?, department = ?, type = ?, name_zh = ?, name_en = ?, "
	    "immediate = ?, visits = ?, online_depth = ?, promised_days = ?, search_name = ?, "
	    "search_keys = ?, search_guide = ?, search_materials = ?, search_text = ?, applicants = ?, "
	    "search_rev = ?, updated_at = ?, version = version + 1 WHERE code = ? AND version = ?",
	    version, p->department, p->type, p->name_zh, p->name_en, p->immediate, p->visits, p->online_depth,
	    p->promised_days, p->search_name, p->search_keys, p->search_guide, p->search_materials,
	    p->search_text, p->applicants, (int64_t)p->search_rev, now, p->code, row_version);
	if (rc == DB_DONE && db_changes(c) != 1)
		return DB_ERR;
	return rc;
}

int matter_store_version_insert(dbc_t *c, const char *code, int64_t version, const char *doc, int64_t now,
				const char *by)
{
	return db_run(
	    c, "INSERT INTO matter_versions (code, version, doc, created_at, created_by) VALUES (?,?,?,?,?)",
	    code, version, doc, now, by);
}

char *matter_store_doc(dbc_t *c, const char *code, int64_t version, matter_head_t *head)
{
	dbs_t *s =
	    db_prep(c, "SELECT m.status, m.current_version, m.version, v.doc FROM matters m "
		       "JOIN matter_versions v ON v.code = m.code "
		       "AND v.version = CASE WHEN ? = 0 THEN m.current_version ELSE ? END WHERE m.code = ?");
	db_bind(s, version, version, code);
	char *doc = NULL;
	if (db_step(s) == DB_ROW && db_col_text(s, 3)) {
		db_col_str(s, 0, head->status, sizeof head->status);
		head->current_version = db_col_int(s, 1);
		head->version = db_col_int(s, 2);
		doc = xstrdup(db_col_text(s, 3));
	}
	db_reset(s);
	return doc;
}

/* The filters of a listing (14 parameters, bound by bind_filters). */
#define FILTERS                                                                                          \
	"WHERE (CAST(? AS TEXT) IS NULL OR department = ?) AND (CAST(? AS TEXT) IS NULL OR type = ?) "     \
	"AND (? < 0 OR immediate = ?) AND (? < 0 OR visits = ?) AND (? = 1 OR status = 'active') "       \
	"AND (CAST(? AS TEXT) IS NULL OR applicants LIKE ?) "                                             \
	"AND (? = 0 OR (? = 1 AND online_depth = 4) OR (? = 2 AND online_depth < 4)) "
#define SUMMARY_COLUMNS                                                                                  \
	"code, current_version, status, department, type, name_zh, name_en, immediate, visits, "          \
	"online_depth, promised_days"

static const char LIST_SQL[] = "SELECT " SUMMARY_COLUMNS " FROM matters " FILTERS
			       "AND code > ? ORDER BY code LIMIT ?";
static const char SEARCH_SQL[] = "SELECT " SUMMARY_COLUMNS ", search_name, search_keys, search_guide, "
				 "search_materials FROM matters " FILTERS "ORDER BY code";

static void bind_filters(dbs_t *s, const matter_store_query_t *q, char *pattern, size_t n)
{
	if (q->applicant)
		snprintf(pattern, n, "%%|%s|%%", q->applicant);
	db_bind(s, q->department, q->department, q->type, q->type, q->immediate, q->immediate, q->visits,
		q->visits, q->include_retired, q->applicant ? pattern : NULL, q->applicant ? pattern : NULL,
		q->fully_online, q->fully_online, q->fully_online);
}

static int each_row(dbs_t *s, bool search, matter_summary_fn fn, void *ctx)
{
	int rc;
	matter_summary_t *m = xmalloc(sizeof *m);
	while ((rc = db_step(s)) == DB_ROW) {
		db_col_str(s, 0, m->code, sizeof m->code);
		m->version = db_col_int(s, 1);
		db_col_str(s, 2, m->status, sizeof m->status);
		db_col_str(s, 3, m->department, sizeof m->department);
		db_col_str(s, 4, m->type, sizeof m->type);
		db_col_str(s, 5, m->name_zh, sizeof m->name_zh);
		db_col_str(s, 6, m->name_en, sizeof m->name_en);
		m->immediate = db_col_int(s, 7) != 0;
		m->visits = db_col_int(s, 8);
		m->online_depth = db_col_int(s, 9);
		m->promised_days = db_col_int(s, 10);
		m->search_name = search ? db_col_text(s, 11) : NULL;
		m->search_keys = search ? db_col_text(s, 12) : NULL;
		m->search_guide = search ? db_col_text(s, 13) : NULL;
		m->search_materials = search ? db_col_text(s, 14) : NULL;
		fn(m, ctx);
	}
	free(m);
	db_reset(s);
	return rc == DB_DONE ? DB_DONE : DB_ERR;
}

int matter_store_list(dbc_t *c, const matter_store_query_t *q, matter_summary_fn fn, void *ctx)
{
	dbs_t *s = db_prep(c, LIST_SQL);
	char pattern[48];
	bind_filters(s, q, pattern, sizeof pattern);
	db_bind_text(s, 15, q->after_code ? q->after_code : "");
	db_bind_int(s, 16, q->limit);
	return each_row(s, false, fn, ctx);
}

int matter_store_search(dbc_t *c, const matter_store_query_t *q, matter_summary_fn fn, void *ctx)
{
	dbs_t *s = db_prep(c, SEARCH_SQL);
	char pattern[48];
	bind_filters(s, q, pattern, sizeof pattern);
	return each_row(s, true, fn, ctx);
}

int matter_store_stale(dbc_t *c, int rev, void (*fn)(const char *code, void *ctx), void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT code FROM matters WHERE search_rev < ? ORDER BY code");
	db_bind(s, (int64_t)rev);
	int rc;
	while ((rc = db_step(s)) == DB_ROW)
		fn(db_col_text(s, 0), ctx);
	db_reset(s);
	return rc == DB_DONE ? DB_DONE : DB_ERR;
}

int matter_store_set_search(dbc_t *c, const matter_put_t *p)
{
	return db_run(c,
		      "UPDATE matters SET search_name = ?, search_keys = ?, search_guide = ?, "
		      "search_materials = ?, search_text = ?, applicants = ?, search_rev = ? WHERE code = ?",
		      p->search_name, p->search_keys, p->search_guide, p->search_materials, p->search_text,
		      p->applicants, (int64_t)p->search_rev, p->code);
}
