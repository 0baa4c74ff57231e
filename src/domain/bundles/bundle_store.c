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

int bundle_store_case_insert(dbc_t *c, const char *id, const char *code, int64_t bundle_version,
			     const char *applicant, const char *idem_key, const char *req_hash, int64_t now)
{
	return db_run(c,
		      "INSERT INTO bundle_cases (id, bundle_code, bundle_version, applicant_id, status, "
		      "idem_key, req_hash, created_at, updated_at) VALUES (?,?,?,?,'in_progress',?,?,?,?)",
		      id, code, bundle_version, applicant, idem_key, req_hash, now, now);
}

int bundle_store_case_by_key(dbc_t *c, const char *applicant, const char *key, char id[40], char hash[65])
{
	dbs_t *s =
	    db_prep(c, "SELECT id, req_hash FROM bundle_cases WHERE applicant_id = ? AND idem_key = ?");
	db_bind(s, applicant, key);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		db_col_str(s, 0, id, 40);
		db_col_str(s, 1, hash, 65);
	}
	db_reset(s);
	return rc;
}

int bundle_store_case_load(dbc_t *c, const char *id, bundle_case_row_t *out)
{
	dbs_t *s = db_prep(c, "SELECT id, bundle_code, bundle_version, applicant_id, status, "
			      "COALESCE(credit_code, ''), version FROM bundle_cases WHERE id = ?");
	db_bind(s, id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		db_col_str(s, 0, out->id, sizeof out->id);
		db_col_str(s, 1, out->bundle_code, sizeof out->bundle_code);
		out->bundle_version = db_col_int(s, 2);
		db_col_str(s, 3, out->applicant_id, sizeof out->applicant_id);
		db_col_str(s, 4, out->status, sizeof out->status);
		db_col_str(s, 5, out->credit_code, sizeof out->credit_code);
		out->version = db_col_int(s, 6);
	}
	db_reset(s);
	return rc;
}

int bundle_store_case_set(dbc_t *c, const char *id, const char *status, const char *credit_code, int64_t now)
{
	return db_run(
	    c,
	    "UPDATE bundle_cases SET status = ?, credit_code = ?, updated_at = ?, version = version + 1 "
	    "WHERE id = ?",
	    status, credit_code && *credit_code ? credit_code : NULL, now, id);
}

int bundle_store_step_insert(dbc_t *c, const char *bcase, int step, const char *matter, const char *case_id,
			     const char *state)
{
	return db_run(c,
		      "INSERT INTO bundle_steps (bundle_case_id, step, matter_code, case_id, state) "
		      "VALUES (?,?,?,?,?)",
		      bcase, (int64_t)step, matter, case_id, state);
}

static void step_cols(dbs_t *s, int first, bundle_step_row_t *out)
{
	out->step = (int)db_col_int(s, first);
	db_col_str(s, first + 1, out->matter_code, sizeof out->matter_code);
	db_col_str(s, first + 2, out->case_id, sizeof out->case_id);
	db_col_str(s, first + 3, out->state, sizeof out->state);
	db_col_str(s, first + 4, out->reason, sizeof out->reason);
}

int bundle_store_step_of_case(dbc_t *c, const char *case_id, char bcase[40], bundle_step_row_t *out)
{
	dbs_t *s = db_prep(c, "SELECT bundle_case_id, step, matter_code, case_id, state, reason "
			      "FROM bundle_steps WHERE case_id = ?");
	db_bind(s, case_id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		db_col_str(s, 0, bcase, 40);
		step_cols(s, 1, out);
	}
	db_reset(s);
	return rc;
}

int bundle_store_steps(dbc_t *c, const char *bcase, bundle_step_row_t *out, int cap)
{
	dbs_t *s = db_prep(c, "SELECT step, matter_code, case_id, state, reason FROM bundle_steps "
			      "WHERE bundle_case_id = ? ORDER BY step");
	db_bind(s, bcase);
	int n = 0, rc;
	while ((rc = db_step(s)) == DB_ROW && n < cap)
		step_cols(s, 0, &out[n++]);
	db_reset(s);
	return rc == DB_ERR ? -1 : n;
}

int bundle_store_step_set(dbc_t *c, const char *bcase, int step, const char *state, const char *reason)
{
	return db_run(c,
		      "UPDATE bundle_steps SET state = ?, reason = ? WHERE bundle_case_id = ? AND step = ?",
		      state, reason, bcase, (int64_t)step);
}

int bundle_store_case_status(dbc_t *c, const char *case_id, char status[24], char dept[32])
{
	dbs_t *s = db_prep(c, "SELECT status, department FROM cases WHERE id = ?");
	db_bind(s, case_id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		db_col_str(s, 0, status, 24);
		db_col_str(s, 1, dept, 32);
	}
	db_reset(s);
	return rc;
}
