/* rectification_store.c — every SQL statement of rectifications (see rectification_store.h). */
#include "domain/ratings/rectification_store.h"
#include <string.h>

#define RECT_COLS                                                                                            \
	"id, kind, subject_id, label, rating_id, department, status, callback_due, fix_due, callback_note, " \
	"callback_at, fix_note, fixed_at, escalated_at, created_at, updated_at, version"

int rect_store_insert(dbc_t *c, const rect_row_t *r)
{
	return db_run(
		   c,
		   "INSERT INTO rectifications (id, kind, subject_id, label, rating_id, department, status, "
		   "callback_due, fix_due, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
		   r->id, r->kind, r->subject_id, r->label, r->rating_id, r->department, r->status,
		   r->callback_due, r->fix_due, r->created_at, r->updated_at) == DB_DONE
		   ? 0
		   : -1;
}

static int64_t int_or_0(dbs_t *s, int i) { return db_col_null(s, i) ? 0 : db_col_int(s, i); }

static void cols(dbs_t *s, rect_row_t *o)
{
	db_col_str(s, 0, o->id, sizeof o->id);
	db_col_str(s, 1, o->kind, sizeof o->kind);
	db_col_str(s, 2, o->subject_id, sizeof o->subject_id);
	db_col_str(s, 3, o->label, sizeof o->label);
	db_col_str(s, 4, o->rating_id, sizeof o->rating_id);
	db_col_str(s, 5, o->department, sizeof o->department);
	db_col_str(s, 6, o->status, sizeof o->status);
	db_col_str(s, 7, o->callback_due, sizeof o->callback_due);
	db_col_str(s, 8, o->fix_due, sizeof o->fix_due);
	db_col_str(s, 9, o->callback_note, sizeof o->callback_note);
	o->callback_at = int_or_0(s, 10);
	db_col_str(s, 11, o->fix_note, sizeof o->fix_note);
	o->fixed_at = int_or_0(s, 12);
	o->escalated_at = int_or_0(s, 13);
	o->created_at = db_col_int(s, 14);
	o->updated_at = db_col_int(s, 15);
	o->version = db_col_int(s, 16);
}

bool rect_store_load(dbc_t *c, const char *id, rect_row_t *out)
{
	dbs_t *s = db_prep(c, "SELECT " RECT_COLS " FROM rectifications WHERE id = ?");
	db_bind(s, id);
	bool found = db_step(s) == DB_ROW;
	if (found)
		cols(s, out);
	db_reset(s);
	return found;
}

bool rect_store_of_subject(dbc_t *c, const char *kind, const char *subject_id, rect_row_t *out)
{
	dbs_t *s = db_prep(c, "SELECT " RECT_COLS " FROM rectifications WHERE kind = ? AND subject_id = ?");
	db_bind(s, kind, subject_id);
	bool found = db_step(s) == DB_ROW;
	if (found)
		cols(s, out);
	db_reset(s);
	return found;
}

int rect_store_save(dbc_t *c, rect_row_t *r, int64_t expected_version)
{
	int rc =
	    db_run(c,
		   "UPDATE rectifications SET status = ?, callback_note = ?, callback_at = ?, fix_note = ?, "
		   "fixed_at = ?, escalated_at = ?, updated_at = ?, version = version + 1 "
		   "WHERE id = ? AND version = ?",
		   r->status, r->callback_note[0] ? r->callback_note : NULL,
		   r->callback_at ? db_v_int(r->callback_at) : db_v_null(NULL),
		   r->fix_note[0] ? r->fix_note : NULL, r->fixed_at ? db_v_int(r->fixed_at) : db_v_null(NULL),
		   r->escalated_at ? db_v_int(r->escalated_at) : db_v_null(NULL), r->updated_at, r->id,
		   expected_version);
	if (rc != DB_DONE)
		return -1;
	if (db_changes(c) != 1)
		return 1;
	r->version = expected_version + 1;
	return 0;
}

int rect_store_scan(dbc_t *c, const char *department, const char *status, bool escalated_only,
		    const page_cursor_t *after, int limit, void (*fn)(const rect_row_t *r, void *ctx),
		    void *ctx)
{
	/* one statement per scope, so that each reads its index (rectifications_department_created,
	 * rectifications_created) from the cursor down in the page's order and stops at the page */
#define HEAD "SELECT " RECT_COLS " FROM rectifications WHERE "
#define TAIL                                                                                          \
	"(CAST(? AS TEXT) IS NULL OR status = ?) AND (? = 0 OR escalated_at IS NOT NULL) "            \
	"AND created_at <= ? AND (created_at < ? OR id < ?) ORDER BY created_at DESC, id DESC LIMIT ?"
	dbs_t *s = department ? db_prep(c, HEAD "department = ? AND " TAIL)
			      : db_prep(c, HEAD TAIL);
#undef HEAD
#undef TAIL
	int64_t below = after->set ? after->at : INT64_MAX;
	const char *below_id = after->set ? after->id : "";
	if (department)
		db_bind(s, department, status, status, escalated_only ? 1 : 0, below, below, below_id,
			(int64_t)limit);
	else
		db_bind(s, status, status, escalated_only ? 1 : 0, below, below, below_id, (int64_t)limit);
	static __thread rect_row_t r;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		cols(s, &r);
		fn(&r, ctx);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

int rect_store_overdue(dbc_t *c, const char *today, int max, char (*ids)[ENTITY_ID_LEN])
{
	dbs_t *s =
	    db_prep(c, "SELECT id FROM rectifications WHERE escalated_at IS NULL AND status <> 'fixed' AND "
		       "(fix_due < ? OR (status = 'open' AND callback_due < ?)) ORDER BY id LIMIT ?");
	db_bind(s, today, today, max);
	int n = 0;
	while (n < max && db_step(s) == DB_ROW)
		db_col_str(s, 0, ids[n++], ENTITY_ID_LEN);
	db_reset(s);
	return n;
}
