/* visits.c — see visits.h. */
#include "domain/appointments/visit.h"
#include "base/clock.h"
#include <string.h>

bool visit_kind_valid(const char *kind)
{
	return kind && (strcmp(kind, VISIT_APPOINTMENT_CHECKIN) == 0 || strcmp(kind, VISIT_WINDOW_INTAKE) == 0 ||
			strcmp(kind, VISIT_PICKUP) == 0);
}

int visit_record(dbc_t *c, const char *account_id, const char *department, const char *kind,
		 const char *case_id, const char *appointment_id, const char *recorded_by)
{
	if (!visit_kind_valid(kind) || !account_id || !*account_id || !department || !*department || !recorded_by ||
	    !*recorded_by)
		return -1;
	dbs_t *s = db_prep(c, "INSERT INTO visits (account_id, department, kind, case_id, appointment_id, at, recorded_by) "
			      "VALUES (?,?,?,?,?,?,?)");
	if (!s)
		return -1;
	db_bind_text(s, 1, account_id);
	db_bind_text(s, 2, department);
	db_bind_text(s, 3, kind);
	db_bind_text(s, 4, case_id);
	db_bind_text(s, 5, appointment_id);
	db_bind_int(s, 6, clock_now_ms());
	db_bind_text(s, 7, recorded_by);
	int rc = db_step(s);
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

json_t *visit_list_for_case(dbc_t *c, const char *case_id)
{
	json_t *arr = json_array();
	dbs_t *s = db_prep(c, "SELECT at, kind, department FROM visits WHERE case_id = ? ORDER BY at, id");
	if (!s)
		return arr;
	db_bind_text(s, 1, case_id);
	while (db_step(s) == DB_ROW) {
		char ts[32];
		clock_format_iso(db_col_int(s, 0), ts);
		json_array_append_new(arr, json_pack("{ss ss ss}", "at", ts, "kind", db_col_text(s, 1), "department",
						     db_col_text(s, 2)));
	}
	db_reset(s);
	return arr;
}

int visit_count_for_case(dbc_t *c, const char *case_id)
{
	dbs_t *s = db_prep(c, "SELECT COUNT(*) FROM visits WHERE case_id = ?");
	if (!s)
		return -1;
	db_bind_text(s, 1, case_id);
	int n = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : -1;
	db_reset(s);
	return n;
}
