/* objection_store.c — see objection_store.h. */
#include "domain/inspections/objection_store.h"
#include <stdio.h>
#include <string.h>

json_t *insp_store_unpublished_after(dbc_t *c, const char *today, int limit)
{
	json_t *out = json_array();
	dbs_t *s = db_prep(c, "SELECT id FROM inspection_plans WHERE state IN ('committed', 'drawn', "
			      "'revealed', 'inspecting') AND overdue_at IS NULL AND period_end < ? "
			      "ORDER BY period_end, id LIMIT ?");
	db_bind(s, today, (int64_t)limit);
	while (db_step(s) == DB_ROW)
		json_array_append_new(out, json_string(db_col_text(s, 0)));
	db_reset(s);
	return out;
}

int insp_store_mark_overdue(dbc_t *c, const char *plan, int64_t now)
{
	int rc = db_run(c, "UPDATE inspection_plans SET overdue_at = ? WHERE id = ? AND overdue_at IS NULL",
			now, plan);
	if (rc == DB_DONE && db_changes(c) != 1)
		return DB_CONSTRAINT;
	return rc;
}

int64_t insp_store_overdue_at(dbc_t *c, const char *plan)
{
	dbs_t *s = db_prep(c, "SELECT overdue_at FROM inspection_plans WHERE id = ?");
	db_bind(s, plan);
	int64_t at = db_step(s) == DB_ROW && !db_col_null(s, 0) ? db_col_int(s, 0) : 0;
	db_reset(s);
	return at;
}

bool insp_store_target_drawn(dbc_t *c, const char *plan, const char *account)
{
	dbs_t *s =
	    db_prep(c, "SELECT 1 FROM inspection_assignments WHERE plan_id = ? AND target_account = ?");
	db_bind(s, plan, account);
	bool yes = db_step(s) == DB_ROW;
	db_reset(s);
	return yes;
}

json_t *insp_store_plans_of_target(dbc_t *c, const char *account)
{
	json_t *out = json_array();
	dbs_t *s =
	    db_prep(c, "SELECT p.id FROM inspection_plans p WHERE p.state IN ('inspecting', 'published') "
		       "AND EXISTS (SELECT 1 FROM inspection_assignments a WHERE a.plan_id = p.id AND "
		       "a.target_account = ?) ORDER BY p.period_end DESC, p.id LIMIT 200");
	db_bind(s, account);
	while (db_step(s) == DB_ROW)
		json_array_append_new(out, json_string(db_col_text(s, 0)));
	db_reset(s);
	return out;
}

int insp_store_objection_insert(dbc_t *c, const char *id, const char *plan, const char *target,
				const char *reason, int64_t now)
{
	return db_run(c,
		      "INSERT INTO inspection_objections (id, plan_id, target_account, reason, status, "
		      "created_at) VALUES (?, ?, ?, ?, 'pending', ?)",
		      id, plan, target, reason, now);
}

int insp_store_objection_get(dbc_t *c, const char *id, insp_objection_t *o)
{
	memset(o, 0, sizeof *o);
	dbs_t *s = db_prep(c, "SELECT id, plan_id, target_account, status FROM inspection_objections "
			      "WHERE id = ?");
	db_bind(s, id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		db_col_str(s, 0, o->id, sizeof o->id);
		db_col_str(s, 1, o->plan_id, sizeof o->plan_id);
		db_col_str(s, 2, o->target, sizeof o->target);
		db_col_str(s, 3, o->status, sizeof o->status);
	}
	db_reset(s);
	return rc;
}

int insp_store_objection_answer(dbc_t *c, const char *id, const char *status, const char *answer,
				const char *by, const char *department, int64_t now)
{
	int rc = db_run(c,
			"UPDATE inspection_objections SET status = ?, answer = ?, answered_by = ?, "
			"answered_department = ?, answered_at = ?, version = version + 1 "
			"WHERE id = ? AND status = 'pending'",
			status, answer, by, department, now, id);
	if (rc == DB_DONE && db_changes(c) != 1)
		return DB_CONSTRAINT;
	return rc;
}

#define OBJ_COLS "id, plan_id, target_account, reason, status, answer, created_at, answered_at"

static json_t *objection_row(dbs_t *s)
{
	json_t *o = json_pack("{ss ss ss ss ss s:s? sI}", "id", db_col_text(s, 0), "plan_id",
			      db_col_text(s, 1), "target_account", db_col_text(s, 2), "reason",
			      db_col_text(s, 3), "status", db_col_text(s, 4), "answer", db_col_text(s, 5),
			      "created_at", (json_int_t)db_col_int(s, 6));
	json_object_set_new(o, "answered_at",
			    db_col_null(s, 7) ? json_null() : json_integer(db_col_int(s, 7)));
	return o;
}

json_t *insp_store_objection_of(dbc_t *c, const char *plan, const char *target)
{
	dbs_t *s = db_prep(c, "SELECT " OBJ_COLS " FROM inspection_objections WHERE plan_id = ? AND "
			      "target_account = ?");
	db_bind(s, plan, target);
	json_t *o = db_step(s) == DB_ROW ? objection_row(s) : NULL;
	db_reset(s);
	return o;
}

json_t *insp_store_objections(dbc_t *c, int limit)
{
	json_t *out = json_array();
	dbs_t *s = db_prep(c, "SELECT " OBJ_COLS " FROM inspection_objections "
			      "ORDER BY CASE status WHEN 'pending' THEN 0 ELSE 1 END, created_at DESC, id "
			      "LIMIT ?");
	db_bind(s, (int64_t)limit);
	while (db_step(s) == DB_ROW)
		json_array_append_new(out, objection_row(s));
	db_reset(s);
	return out;
}
