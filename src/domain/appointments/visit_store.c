/* visit_store.c — every SQL statement of visits (see visit_store.h). */
#include "domain/appointments/visit_store.h"

int visit_store_insert(dbc_t *c, const char *account_id, const char *department, const char *kind,
		       const char *case_id, const char *appointment_id, int64_t at, const char *recorded_by)
{
	int rc = db_run(c,
			"INSERT INTO visits (account_id, department, kind, case_id, appointment_id, at, "
			"recorded_by) VALUES (?,?,?,?,?,?,?)",
			account_id, department, kind, case_id, appointment_id, at, recorded_by);
	return rc == DB_DONE ? 0 : -1;
}

int visit_store_of_case(dbc_t *c, const char *case_id, visit_row_fn fn, void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT at, kind, department FROM visits WHERE case_id = ? ORDER BY at, id");
	db_bind(s, case_id);
	int rc;
	visit_row_t r;
	while ((rc = db_step(s)) == DB_ROW) {
		r.at = db_col_int(s, 0);
		db_col_str(s, 1, r.kind, sizeof r.kind);
		db_col_str(s, 2, r.department, sizeof r.department);
		fn(&r, ctx);
	}
	db_reset(s);
	return rc == DB_DONE ? DB_DONE : DB_ERR;
}

int visit_store_count_for_case(dbc_t *c, const char *case_id)
{
	dbs_t *s = db_prep(c, "SELECT COUNT(*) FROM visits WHERE case_id = ?");
	db_bind(s, case_id);
	int n = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : -1;
	db_reset(s);
	return n;
}
