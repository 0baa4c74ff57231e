/* bundle_store.c — every SQL statement of bundle definitions (see
 * bundle_store.h), written once for every store driver. */
#include "domain/bundles/bundle_store.h"
#include <stdio.h>
#include <string.h>

int bundle_store_head(dbc_t *c, const char *code, bundle_head_t *out)
{
	dbs_t *s = db_prep(c, "SELECT current_version, version, status FROM bundles WHERE code = ?");
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

int bundle_store_insert(dbc_t *c, const char *code, const char *zh, const char *en, int64_t now)
{
	return db_run(c,
		      "INSERT INTO bundles (code, current_version, name_zh, name_en, created_at, updated_at) "
		      "VALUES (?, 1, ?, ?, ?, ?)",
		      code, zh, en, now, now);
}

int bundle_store_update(dbc_t *c, const char *code, const char *zh, const char *en, int64_t version,
			int64_t row_version, int64_t now)
{
	int rc = db_run(c,
			"UPDATE bundles SET current_version = ?, name_zh = ?, name_en = ?, updated_at = ?, "
			"version = version + 1 WHERE code = ? AND version = ?",
			version, zh, en, now, code, row_version);
	return rc == DB_DONE && db_changes(c) != 1 ? DB_ERR : rc;
}

int bundle_store_retire(dbc_t *c, const char *code, int64_t row_version, int64_t now)
{
	int rc = db_run(c,
			"UPDATE bundles SET status = 'retired', updated_at = ?, version = version + 1 "
			"WHERE code = ? AND version = ?",
			now, code, row_version);
	return rc == DB_DONE && db_changes(c) == 1 ? 0 : -1;
}

int bundle_store_version_insert(dbc_t *c, const char *code, int64_t version, const char *doc, int64_t now,
				const char *by)
{
	return db_run(
	    c, "INSERT INTO bundle_versions (code, version, doc, created_at, created_by) VALUES (?,?,?,?,?)",
	    code, version, doc, now, by);
}

json_t *bundle_store_doc(dbc_t *c, const char *code, int64_t version, int64_t *row_version, char status[16])
{
	dbs_t *s;
	if (version == 0) {
		s = db_prep(c, "SELECT v.doc, b.version, b.status FROM bundles b JOIN bundle_versions v "
			       "ON v.code = b.code AND v.version = b.current_version WHERE b.code = ?");
		db_bind(s, code);
	} else {
		s = db_prep(c, "SELECT v.doc, b.version, b.status FROM bundles b JOIN bundle_versions v "
			       "ON v.code = b.code WHERE b.code = ? AND v.version = ?");
		db_bind(s, code, version);
	}
	json_t *doc = NULL;
	if (db_step(s) == DB_ROW) {
		const char *t = db_col_text(s, 0);
		doc = t ? json_loads(t, 0, NULL) : NULL;
		if (row_version)
			*row_version = db_col_int(s, 1);
		if (status)
			db_col_str(s, 2, status, 16);
	}
	db_reset(s);
	return doc;
}

json_t *bundle_store_codes(dbc_t *c)
{
	json_t *a = json_array();
	dbs_t *s = db_prep(c, "SELECT code FROM bundles WHERE status = 'active' ORDER BY code");
	while (db_step(s) == DB_ROW)
		json_array_append_new(a, json_string(db_col_text(s, 0)));
	db_reset(s);
	return a;
}
