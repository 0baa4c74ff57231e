/* supervision_store.c — the SQL of supervision orders (see supervision_store.h). */
#include "domain/supervision/supervision_store.h"
#include "base/crypto.h"

int supervision_insert(dbc_t *c, const char *subject_type, const char *subject_id, const char *department,
		       const char *kind, int64_t now)
{
	char id[33];
	rand_hex(id, 16);
	if (db_run(c,
		   "INSERT INTO supervisions (id, subject_type, subject_id, department, kind, created_at) "
		   "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (subject_type, subject_id, kind) DO NOTHING",
		   id, subject_type, subject_id, department, kind, now) != DB_DONE)
		return -1;
	return db_changes(c) > 0 ? 1 : 0;
}

bool supervision_row_exists(dbc_t *c, const char *subject_type, const char *subject_id, const char *kind)
{
	dbs_t *s =
	    db_prep(c, "SELECT 1 FROM supervisions WHERE subject_type = ? AND subject_id = ? AND kind = ?");
	db_bind(s, subject_type, subject_id, kind);
	bool found = db_step(s) == DB_ROW;
	db_reset(s);
	return found;
}
