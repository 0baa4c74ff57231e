/* supervision_store.c — the SQL of supervision orders (see supervision_store.h). */
#include "domain/supervision/supervision_store.h"
#include <string.h>

#define SV_COLS                                                                                              \
	"id, subject_type, subject_id, department, kind, state, label, deadline, issued_by, answered_by, "   \
	"title, body, answer, review_note, answered_at, escalated_at, created_at, updated_at, resolved_at, " \
	"version"

static db_val_t nz(const char *s) { return s && *s ? db_v_text(s) : db_v_null(NULL); }
static db_val_t n0(int64_t v) { return v ? db_v_int(v) : db_v_null(NULL); }
static int64_t int_or_0(dbs_t *s, int i) { return db_col_null(s, i) ? 0 : db_col_int(s, i); }

int supervision_insert(dbc_t *c, const sv_row_t *r)
{
	if (db_run(
		c,
		"INSERT INTO supervisions (id, subject_type, subject_id, department, kind, state, label, "
		"title, body, created_at, updated_at) VALUES (?, ?, ?, ?, 'overdue', 'open', ?, ?, ?, ?, ?) "
		"ON CONFLICT (subject_type, subject_id) WHERE kind = 'overdue' DO NOTHING",
		r->id, r->subject_type, r->subject_id, r->department, nz(r->label), nz(r->title), nz(r->body),
		r->created_at, r->updated_at) != DB_DONE)
		return -1;
	return db_changes(c) > 0 ? 1 : 0;
}

int sv_store_insert_issued(dbc_t *c, const sv_row_t *r)
{
	return db_run(
		   c,
		   "INSERT INTO supervisions (id, subject_type, subject_id, department, kind, state, label, "
		   "title, body, deadline, issued_by, created_at, updated_at) "
		   "VALUES (?, ?, ?, ?, 'issued', 'open', ?, ?, ?, ?, ?, ?, ?)",
		   r->id, r->subject_type, r->subject_id, r->department, nz(r->label), nz(r->title),
		   nz(r->body), nz(r->deadline), nz(r->issued_by), r->created_at, r->updated_at) == DB_DONE
		   ? 0
		   : -1;
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

static void cols(dbs_t *s, sv_row_t *o)
{
	db_col_str(s, 0, o->id, sizeof o->id);
	db_col_str(s, 1, o->subject_type, sizeof o->subject_type);
	db_col_str(s, 2, o->subject_id, sizeof o->subject_id);
	db_col_str(s, 3, o->department, sizeof o->department);
	db_col_str(s, 4, o->kind, sizeof o->kind);
	db_col_str(s, 5, o->state, sizeof o->state);
	db_col_str(s, 6, o->label, sizeof o->label);
	db_col_str(s, 7, o->deadline, sizeof o->deadline);
	db_col_str(s, 8, o->issued_by, sizeof o->issued_by);
	db_col_str(s, 9, o->answered_by, sizeof o->answered_by);
	db_col_str(s, 10, o->title, sizeof o->title);
	db_col_str(s, 11, o->body, sizeof o->body);
	db_col_str(s, 12, o->answer, sizeof o->answer);
	db_col_str(s, 13, o->review_note, sizeof o->review_note);
	o->answered_at = int_or_0(s, 14);
	o->escalated_at = int_or_0(s, 15);
	o->created_at = db_col_int(s, 16);
	o->updated_at = int_or_0(s, 17);
	o->resolved_at = int_or_0(s, 18);
	o->version = db_col_int(s, 19);
}

bool sv_store_load(dbc_t *c, const char *id, sv_row_t *out)
{
	dbs_t *s = db_prep(c, "SELECT " SV_COLS " FROM supervisions WHERE id = ?");
	db_bind(s, id);
	bool found = db_step(s) == DB_ROW;
	if (found)
		cols(s, out);
	db_reset(s);
	return found;
}

int sv_store_save(dbc_t *c, sv_row_t *r, int64_t expected_version)
{
	int rc =
	    db_run(c,
		   "UPDATE supervisions SET state = ?, deadline = ?, answer = ?, answered_by = ?, "
		   "answered_at = ?, review_note = ?, escalated_at = ?, updated_at = ?, resolved_at = ?, "
		   "version = version + 1 WHERE id = ? AND version = ?",
		   r->state, nz(r->deadline), nz(r->answer), nz(r->answered_by), n0(r->answered_at),
		   nz(r->review_note), n0(r->escalated_at), r->updated_at, n0(r->resolved_at), r->id,
		   expected_version);
	if (rc != DB_DONE)
		return -1;
	if (db_changes(c) != 1)
		return 1;
	r->version = expected_version + 1;
	return 0;
}

int sv_store_scan(dbc_t *c, const char *department, const char *state, const char *kind,
		  const page_cursor_t *after, int limit, void (*fn)(const sv_row_t *r, void *ctx),
		  void *ctx)
{
	/* one statement per scope, so that each reads its index (supervisions_department,
	 * supervisions_created) from the cursor down in the page's order and stops at the page */
#define HEAD "SELECT " SV_COLS " FROM supervisions WHERE "
#define TAIL                                                                                          \
	"(CAST(? AS TEXT) IS NULL OR state = ?) AND (CAST(? AS TEXT) IS NULL OR kind = ?) "           \
	"AND created_at <= ? AND (created_at < ? OR id < ?) ORDER BY created_at DESC, id DESC LIMIT ?"
	dbs_t *s = department ? db_prep(c, HEAD "department = ? AND " TAIL)
			      : db_prep(c, HEAD TAIL);
#undef HEAD
#undef TAIL
	int64_t below = after->set ? after->at : INT64_MAX;
	const char *below_id = after->set ? after->id : "";
	if (department)
		db_bind(s, department, state, state, kind, kind, below, below, below_id, (int64_t)limit);
	else
		db_bind(s, state, state, kind, kind, below, below, below_id, (int64_t)limit);
	static __thread sv_row_t r;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		cols(s, &r);
		fn(&r, ctx);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

int sv_store_past_deadline(dbc_t *c, const char *today, int max, char (*ids)[ENTITY_ID_LEN])
{
	dbs_t *s = db_prep(c, "SELECT id FROM supervisions WHERE state = 'open' AND deadline IS NOT NULL AND "
			      "deadline < ? ORDER BY deadline, id LIMIT ?");
	db_bind(s, today, max);
	int n = 0;
	while (n < max && db_step(s) == DB_ROW)
		db_col_str(s, 0, ids[n++], ENTITY_ID_LEN);
	db_reset(s);
	return n;
}

bool sv_store_subject(dbc_t *c, const char *type, const char *id, char department[DEPT_CODE_LEN],
		      char label[64])
{
	/* each subject's table is read, never written, here */
	static const struct {
		const char *type, *sql;
	} Q[] = {
	    {"case", "SELECT department, number FROM cases WHERE id = ? AND status <> 'draft'"},
	    {"complaint", "SELECT COALESCE(body, ''), number FROM complaints WHERE id = ?"},
	    {"rectification", "SELECT department, label FROM rectifications WHERE id = ?"},
	};
	for (size_t i = 0; i < sizeof Q / sizeof Q[0]; i++) {
		if (strcmp(Q[i].type, type) != 0)
			continue;
		dbs_t *s = db_prep(c, Q[i].sql);
		db_bind(s, id);
		bool found = db_step(s) == DB_ROW;
		if (found) {
			db_col_str(s, 0, department, DEPT_CODE_LEN);
			db_col_str(s, 1, label, 64);
		}
		db_reset(s);
		return found;
	}
	return false;
}
