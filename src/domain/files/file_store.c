/* file_store.c — every SQL statement of domain/files (see file_store.h).
 * Written once for every store driver: `?` parameters, no engine-only
 * functions. */
#include "domain/files/file_store.h"
#include "base/log.h"
#include "base/seal.h"
#include <stdio.h>
#include <stdlib.h>

/* A file's name is what its uploader typed or their computer chose
 * ("身份证 110105….pdf" is common), so it is personal data and stored sealed
 * (migration 0024). */
int file_store_insert(dbc_t *c, const file_row_t *f)
{
	char *name = seal(f->name);
	if (!name) {
		log_error("a file's name cannot be sealed: no key file is loaded");
		return DB_ERR;
	}
	int rc = db_run(c,
			"INSERT INTO files (id, sha256, type, size, name, owner_account, created_at) "
			"VALUES (?,?,?,?,?,?,?)",
			f->id, f->sha256, file_type_name(f->type), f->size, name, f->owner, f->created_at);
	free(name);
	return rc;
}

bool file_store_name_open(const char *stored, char *out, size_t outlen)
{
	char *plain = seal_open(stored);
	if (!plain) {
		if (stored)
			log_error("a sealed file name does not open with this key file");
		snprintf(out, outlen, "%s", "");
		return false;
	}
	snprintf(out, outlen, "%s", plain);
	free(plain);
	return true;
}

int file_store_get(dbc_t *c, const char *id, file_row_t *out)
{
	dbs_t *s = db_prep(c, "SELECT id, sha256, type, size, name, owner_account, created_at "
			      "FROM files WHERE id = ?");
	db_bind(s, id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		db_col_str(s, 0, out->id, sizeof out->id);
		db_col_str(s, 1, out->sha256, sizeof out->sha256);
		out->type = file_type_from_name(db_col_text(s, 2));
		out->size = db_col_int(s, 3);
		if (!file_store_name_open(db_col_text(s, 4), out->name, sizeof out->name))
			rc = DB_ERR;
		db_col_str(s, 5, out->owner, sizeof out->owner);
		out->created_at = db_col_int(s, 6);
	}
	db_reset(s);
	return rc == DB_ROW || rc == DB_DONE ? rc : DB_ERR;
}

int file_store_facts(dbc_t *c, const char *id, file_facts_t *out)
{
	dbs_t *s = db_prep(c, "SELECT type, size, owner_account FROM files WHERE id = ?");
	db_bind(s, id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		out->type = file_type_from_name(db_col_text(s, 0));
		out->size = db_col_int(s, 1);
		db_col_str(s, 2, out->owner, sizeof out->owner);
	}
	db_reset(s);
	return rc == DB_ROW || rc == DB_DONE ? rc : DB_ERR;
}

bool file_store_case_sees(dbc_t *c, const char *id, const char *applicant, const char *department,
			  bool supervisor)
{
	dbs_t *s = db_prep(c, "SELECT 1 FROM (SELECT case_id FROM case_files WHERE file_id = ? "
			      "UNION ALL SELECT case_id FROM case_file_pages WHERE file_id = ?) cf "
			      "JOIN cases c ON c.id = cf.case_id WHERE c.applicant_id = ? OR "
			      "((c.department = ? OR ? = 1) AND c.status <> 'draft') LIMIT 1");
	db_bind(s, id, id, applicant, department, supervisor);
	int rc = db_step(s);
	db_reset(s);
	return rc == DB_ROW;
}

bool file_store_complaint_sees(dbc_t *c, const char *id, const char *department, file_complaint_reader_t who)
{
	static const char *const SQL[] = {
	    [FILE_BODY] = "SELECT 1 FROM complaint_files cf JOIN complaint_bodies b ON b.complaint_id = "
			  "cf.complaint_id WHERE cf.file_id = ? AND b.body = ? LIMIT 1",
	    [FILE_HOTLINE] = "SELECT 1 FROM complaint_files cf JOIN departments d ON d.code = ? AND d.kind = "
			     "'hotline' WHERE cf.file_id = ? LIMIT 1",
	    [FILE_OVERSEER] = "SELECT 1 FROM complaint_files cf WHERE cf.file_id = ? LIMIT 1",
	};
	dbs_t *s = db_prep(c, SQL[who]);
	if (who == FILE_BODY)
		db_bind(s, id, department);
	else if (who == FILE_HOTLINE)
		db_bind(s, department, id);
	else
		db_bind(s, id);
	int rc = db_step(s);
	db_reset(s);
	return rc == DB_ROW;
}

/* no case, page or 12345 request holds the upload f */
#define UNUSED                                                                                        \
	"NOT EXISTS (SELECT 1 FROM case_files cf WHERE cf.file_id = f.id) "                            \
	"AND NOT EXISTS (SELECT 1 FROM case_file_pages p WHERE p.file_id = f.id) "                     \
	"AND NOT EXISTS (SELECT 1 FROM complaint_files k WHERE k.file_id = f.id)"
#define UNATTACHED_BATCH 1000
#define UNATTACHED_LOOK 5000   /* uploads looked at per run of the purge */

static int delete_ids(dbc_t *c, char (*ids)[FILE_ID_LEN + 1], int64_t n)
{
	for (int64_t i = 0; i < n; i++)
		if (db_run(c, "DELETE FROM files WHERE id = ?", ids[i]) != DB_DONE)
			return -1;
	return 0;
}

int64_t file_store_unattached_owner(dbc_t *c, const char *owner)
{
	char ids[UNATTACHED_BATCH][FILE_ID_LEN + 1];
	int64_t total = 0, n;
	do {   /* by the owner's index, a batch at a time, until none is left */
		n = 0;
		dbs_t *s = db_prep(c, "SELECT f.id FROM files f WHERE f.owner_account = ? AND " UNUSED
				      " LIMIT ?");
		db_bind(s, owner, (int64_t)UNATTACHED_BATCH);
		while (n < UNATTACHED_BATCH && db_step(s) == DB_ROW)
			db_col_str(s, 0, ids[n++], FILE_ID_LEN + 1);
		db_reset(s);
		if (delete_ids(c, ids, n) != 0)
			return -1;
		total += n;
	} while (n == UNATTACHED_BATCH);
	return total;
}

int64_t file_store_unattached_purge(dbc_t *c, int64_t before_ms, char at[FILE_ID_LEN + 1])
{
	char ids[UNATTACHED_BATCH][FILE_ID_LEN + 1], last[FILE_ID_LEN + 1] = "";
	int64_t n = 0, looked = 0;
	dbs_t *s = db_prep(c, "SELECT f.id, CASE WHEN f.created_at < ? AND " UNUSED " THEN 1 ELSE 0 END "
			      "FROM files f WHERE f.id > ? ORDER BY f.id LIMIT ?");
	db_bind(s, before_ms, at, (int64_t)UNATTACHED_LOOK);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (db_col_int(s, 1)) {
			if (n == UNATTACHED_BATCH)
				break;   /* the batch is full: this one is for the next run */
			db_col_str(s, 0, ids[n++], FILE_ID_LEN + 1);
		} else
			db_col_str(s, 0, last, sizeof last);   /* kept: the next run starts after it */
		looked++;
	}
	db_reset(s);
	if (rc == DB_ERR)
		return -1;
	if (rc == DB_DONE && looked < UNATTACHED_LOOK)
		at[0] = '\0';   /* the end: the next run starts again from the first */
	else if (last[0])
		snprintf(at, FILE_ID_LEN + 1, "%s", last);
	return delete_ids(c, ids, n) == 0 ? n : -1;
}
