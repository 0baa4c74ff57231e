/* task_store.c — all SQL of the task queue (see task_store.h). The queue
 * joins cases, matters and accounts for its list; it writes only tasks. */
#include "domain/cases/task_store.h"
#include "domain/core/actor.h"
#include <string.h>

bool task_load(dbc_t *c, const char *id, task_row_t *t)
{
	dbs_t *s =
	    db_prep(c, "SELECT id, department, status, COALESCE(claimed_by, ''), role, version, case_id "
		       "FROM tasks WHERE id = ?");
	db_bind(s, id);
	bool ok = db_step(s) == DB_ROW;
	if (ok) {
		db_col_str(s, 0, t->id, sizeof t->id);
		db_col_str(s, 1, t->department, sizeof t->department);
		db_col_str(s, 2, t->status, sizeof t->status);
		db_col_str(s, 3, t->claimed_by, sizeof t->claimed_by);
		db_col_str(s, 4, t->role, sizeof t->role);
		t->version = db_col_int(s, 5);
		db_col_str(s, 6, t->case_id, sizeof t->case_id);
	}
	db_reset(s);
	return ok;
}

int task_save(dbc_t *c, const char *id, const char *status, const char *claimed_by, int64_t version)
{
	if (db_run(c,
		   "UPDATE tasks SET status = ?, claimed_by = ?, version = version + 1 WHERE id = ? AND "
		   "version = ?",
		   status, claimed_by, id, version) != DB_DONE)
		return -1;
	return db_changes(c) == 1 ? 0 : -1;
}

/* The queue's columns and filters; its order is the variant's (below). */
#define TASK_SCAN_COLS                                                                                     \
	"SELECT t.id, t.case_id, c.number, c.matter_code, m.name_zh, m.name_en, t.kind, t.role, "           \
	"t.status, t.claimed_by, a.display_name, c.due_day, c.colour, t.created_at, c.status, c.channel, "  \
	"c.submitted_day, c.region, ap.display_name, ap.kind, c.submitted_at, t.queue_due, t.done_at "     \
	"FROM tasks t JOIN cases c ON c.id = t.case_id JOIN matters m ON m.code = c.matter_code "           \
	"LEFT JOIN accounts a ON a.id = t.claimed_by LEFT JOIN accounts ap ON ap.id = c.applicant_id "
#define TASK_SCAN_FILTERS                                                                                  \
	"AND (CAST(? AS TEXT) IS NULL OR t.role = ?) AND (CAST(? AS TEXT) IS NULL OR c.matter_code = ?) "  \
	"AND (CAST(? AS TEXT) IS NULL OR c.colour = ?) "

int task_scan(dbc_t *c, const task_filter_t *f, void (*fn)(const task_item_t *t, void *ctx), void *ctx)
{
	/* Open and claimed tasks: the queue, by deadline, read in the order of the partial index
	 * tasks_open_queue (migration 0060) and stopped at the limit, whatever the department's
	 * history. Done tasks: the newest first, by the index tasks_done. */
	bool open = !f->status || strcmp(f->status, "done") != 0;
	/* the page's start as a row value: a seek in the index, in the list's order */
#define TASK_OPEN_AFTER "AND (t.queue_due, t.created_at, t.id) > (?, ?, ?) "
#define TASK_DONE_BEFORE "AND (t.done_at, t.id) < (?, ?) "
#define TASK_OPEN                                                                                        \
	TASK_SCAN_COLS "WHERE t.department = ? AND t.status IN ('open', 'claimed') "                        \
		       "AND (CAST(? AS TEXT) IS NULL OR t.status = ?) " TASK_SCAN_FILTERS
#define TASK_OPEN_ORDER "ORDER BY t.queue_due, t.created_at, t.id LIMIT ?"
#define TASK_DONE TASK_SCAN_COLS "WHERE t.department = ? AND t.status = 'done' " TASK_SCAN_FILTERS
#define TASK_DONE_ORDER "ORDER BY t.done_at DESC, t.id DESC LIMIT ?"
	const task_after_t *a = &f->after;
	dbs_t *s;
	if (open && !a->set) {
		s = db_prep(c, TASK_OPEN TASK_OPEN_ORDER);
		db_bind(s, f->department, f->status, f->status, f->role, f->role, f->matter, f->matter,
			f->colour, f->colour, f->limit);
	} else if (open) {
		s = db_prep(c, TASK_OPEN TASK_OPEN_AFTER TASK_OPEN_ORDER);
		db_bind(s, f->department, f->status, f->status, f->role, f->role, f->matter, f->matter,
			f->colour, f->colour, a->due, a->at, a->id, f->limit);
	} else if (!a->set) {
		s = db_prep(c, TASK_DONE TASK_DONE_ORDER);
		db_bind(s, f->department, f->role, f->role, f->matter, f->matter, f->colour, f->colour,
			f->limit);
	} else {
		s = db_prep(c, TASK_DONE TASK_DONE_BEFORE TASK_DONE_ORDER);
		db_bind(s, f->department, f->role, f->role, f->matter, f->matter, f->colour, f->colour, a->at,
			a->id, f->limit);
	}
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		task_item_t t = {
		    db_col_text(s, 0),  db_col_text(s, 1),  db_col_text(s, 2),  db_col_text(s, 3),
		    db_col_text(s, 4),  db_col_text(s, 5),  db_col_text(s, 6),  db_col_text(s, 7),
		    db_col_text(s, 8),  db_col_text(s, 9),  db_col_text(s, 10), db_col_text(s, 11),
		    db_col_text(s, 12), db_col_text(s, 14), db_col_text(s, 15), db_col_text(s, 16),
		    db_col_text(s, 17), db_col_text(s, 18), db_col_text(s, 19), db_col_int(s, 13),
		    db_col_int(s, 20),  db_col_text(s, 21), db_col_int(s, 22)};
		fn(&t, ctx);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}
