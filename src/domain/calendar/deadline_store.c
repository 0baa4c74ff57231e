/* deadline_store.c — every statement on the deadlines table (see
 * deadline_store.h), and the writes to cases.due_day and to the tasks queued
 * by it that recomputation needs: the cases subsystem has no public function
 * for them yet, so the statements are kept here, alone, until it has. */
#include "domain/calendar/deadline_store.h"
#include "base/mem.h"

int deadline_store_put(dbc_t *c, const char *entity, const char *entity_id, const char *purpose,
		       const char *region, day_t start, int workdays, const char *owner_account,
		       const deadline_t *d)
{
	char sd[DATE_STR_LEN], dd[DATE_STR_LEN];
	date_format(start, sd);
	date_format(d->due, dd);
	int rc = db_run(
		c,
		"INSERT INTO deadlines (entity, entity_id, purpose, region, start_day, workdays, due_day, "
		"provisional, owner_account) VALUES (?,?,?,?,?,?,?,?,?) "
		"ON CONFLICT (entity, entity_id, purpose) DO UPDATE SET region = excluded.region, "
		"start_day = excluded.start_day, workdays = excluded.workdays, due_day = excluded.due_day, "
		"provisional = excluded.provisional, version = deadlines.version + 1",
		entity, entity_id, purpose, region, sd, workdays, dd, d->provisional, owner_account);
	return rc == DB_DONE ? 0 : -1;
}

deadline_row_t *deadline_store_provisional(dbc_t *c, size_t *n)
{
	dbs_t *s = db_prep(c, "SELECT id, entity, entity_id, purpose, region, start_day, workdays, due_day, "
			      "COALESCE(owner_account, ''), version FROM deadlines WHERE provisional = 1");
	size_t cap = 16;
	deadline_row_t *rows = xmalloc(cap * sizeof *rows);
	*n = 0;
	while (db_step(s) == DB_ROW) {
		if (*n == cap) {
			cap *= 2;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		deadline_row_t *r = &rows[(*n)++];
		r->id = db_col_int(s, 0);
		db_col_str(s, 1, r->entity, sizeof r->entity);
		db_col_str(s, 2, r->entity_id, sizeof r->entity_id);
		db_col_str(s, 3, r->purpose, sizeof r->purpose);
		db_col_str(s, 4, r->region, sizeof r->region);
		db_col_str(s, 5, r->start, sizeof r->start);
		r->workdays = (int)db_col_int(s, 6);
		db_col_str(s, 7, r->due, sizeof r->due);
		db_col_str(s, 8, r->owner, sizeof r->owner);
		r->version = db_col_int(s, 9);
	}
	db_reset(s);
	return rows;
}

int deadline_store_case_due(dbc_t *c, const char *case_id, const char *due, bool provisional)
{
	int rc = db_run(c, "UPDATE cases SET due_day = ?, provisional = ? WHERE id = ?", due, provisional,
			case_id);
	if (rc == DB_DONE)
		rc = db_run(c,
			    "UPDATE tasks SET queue_due = ? WHERE case_id = ? "
			    "AND status IN ('open', 'claimed')",
			    due, case_id);
	return rc == DB_DONE ? 0 : -1;
}

int deadline_store_intake_queue(dbc_t *c, const char *case_id, const char *due)
{
	int rc = db_run(c,
			"UPDATE tasks SET queue_due = ? WHERE case_id = ? AND kind = 'intake' AND status IN "
			"('open', 'claimed')",
			due, case_id);
	return rc == DB_DONE ? 0 : -1;
}
