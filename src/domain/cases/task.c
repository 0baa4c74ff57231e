/* tasks.c — see tasks.h. */
#include "domain/cases/task.h"
#include "domain/core/audit.h"
#include "domain/cases/case_clock.h"
#include "domain/cases/case_store.h"
#include "base/clock.h"
#include <stdio.h>
#include <string.h>

errcode_t task_list(dbc_t *c, const actor_t *v, const task_query_t *q, json_t **out, errs_t *e)
{
	static const char *const STATUSES[] = {"open", "claimed", "done", NULL};
	static const char *const COLOURS[] = {"green", "yellow", "red", "none", NULL};
	if (q->status) {
		bool ok = false;
		for (const char *const *s = STATUSES; *s; s++)
			ok |= !strcmp(*s, q->status);
		if (!ok)
			errs_add(e, "status", "not_an_option", "状态应为 open、claimed 或 done", "status is open, claimed or done");
	}
	if (q->colour) {
		bool ok = false;
		for (const char *const *s = COLOURS; *s; s++)
			ok |= !strcmp(*s, q->colour);
		if (!ok)
			errs_add(e, "colour", "not_an_option", "颜色应为 green、yellow、red 或 none", "colour is green, yellow, red or none");
	}
	if (q->role && !role_from_name(q->role))
		errs_add(e, "role", "not_an_option", "角色无效", "unknown role");
	if (errs_any(e))
		return E_VALIDATION;
	int limit = q->limit > 0 && q->limit <= 200 ? q->limit : 100;
	dbs_t *s = db_prep(c, "SELECT t.id, t.case_id, c.number, c.matter_code, m.name_zh, m.name_en, t.kind, t.role, t.status, "
			      "t.claimed_by, a.display_name, c.due_day, c.colour, t.created_at, c.status, c.channel "
			      "FROM tasks t JOIN cases c ON c.id = t.case_id JOIN matters m ON m.code = c.matter_code "
			      "LEFT JOIN accounts a ON a.id = t.claimed_by "
			      "WHERE t.department = ? AND (? IS NULL OR t.role = ?) "
			      "AND ((? IS NULL AND t.status IN ('open', 'claimed')) OR t.status = ?) "
			      "AND (? IS NULL OR c.matter_code = ?) AND (? IS NULL OR c.colour = ?) "
			      "ORDER BY CASE WHEN c.due_day IS NULL THEN 1 ELSE 0 END, c.due_day, t.created_at LIMIT ?");
	int k = 1;
	db_bind_text(s, k++, v->department);
	db_bind_text(s, k++, q->role);
	db_bind_text(s, k++, q->role);
	db_bind_text(s, k++, q->status);
	db_bind_text(s, k++, q->status);
	db_bind_text(s, k++, q->matter);
	db_bind_text(s, k++, q->matter);
	db_bind_text(s, k++, q->colour);
	db_bind_text(s, k++, q->colour);
	db_bind_int(s, k++, limit);
	json_t *items = json_array();
	while (db_step(s) == DB_ROW) {
		char ts[32];
		clock_format_iso(db_col_int(s, 13), ts);
		json_t *claimed = db_col_null(s, 9) ? json_null()
						    : json_pack("{ss ss}", "id", db_col_text(s, 9), "name",
								db_col_text(s, 10) ? db_col_text(s, 10) : "");
		json_array_append_new(items, json_pack("{ss ss ss s{ss s{ss ss}} ss ss ss so so ss ss ss ss}", "id", db_col_text(s, 0),
						       "case_id", db_col_text(s, 1), "case_number", db_col_text(s, 2), "matter",
						       "code", db_col_text(s, 3), "name", "zh", db_col_text(s, 4), "en",
						       db_col_text(s, 5), "kind", db_col_text(s, 6), "role", db_col_text(s, 7),
						       "status", db_col_text(s, 8), "claimed_by", claimed, "deadline",
						       db_col_null(s, 11) ? json_null() : json_string(db_col_text(s, 11)),
						       "colour", db_col_text(s, 12), "created_at", ts, "case_status",
						       db_col_text(s, 14), "channel", db_col_text(s, 15)));
	}
	db_reset(s);
	*out = json_pack("{so}", "items", items);
	return E_OK;
}

struct task_ctx {
	const actor_t *by;
	const char *id, *action, *to;
};

static int task_write(dbc_t *c, void *arg)
{
	struct task_ctx *x = arg;
	dbs_t *s = db_prep(c, "SELECT department, status, COALESCE(claimed_by, ''), role, version, case_id FROM tasks WHERE id = ?");
	db_bind_text(s, 1, x->id);
	if (db_step(s) != DB_ROW) {
		db_reset(s);
		return E_NOT_FOUND;
	}
	char dept[32], status[16], claimed[40], role[32], case_id[40];
	snprintf(dept, sizeof dept, "%s", db_col_text(s, 0));
	snprintf(status, sizeof status, "%s", db_col_text(s, 1));
	snprintf(claimed, sizeof claimed, "%s", db_col_text(s, 2));
	snprintf(role, sizeof role, "%s", db_col_text(s, 3));
	int64_t version = db_col_int(s, 4);
	snprintf(case_id, sizeof case_id, "%s", db_col_text(s, 5));
	db_reset(s);
	if (strcmp(dept, x->by->department) != 0)
		return E_FORBIDDEN;
	bool head = (x->by->roles & ROLE_DEPT_HEAD) != 0;
	const char *new_status = NULL, *new_claimer = NULL;
	if (!strcmp(status, "done") || !strcmp(status, "cancelled"))
		return E_STATE;
	if (!strcmp(x->action, "claim")) {
		if (!(x->by->roles & role_from_name(role)) && !head)
			return E_FORBIDDEN;
		if (claimed[0] && strcmp(claimed, x->by->id) != 0)
			return E_TASK_CLAIMED;
		new_status = "claimed";
		new_claimer = x->by->id;
	} else if (!strcmp(x->action, "release")) {
		if (!claimed[0])
			return E_STATE;
		if (strcmp(claimed, x->by->id) != 0 && !head)
			return E_FORBIDDEN;
		new_status = "open";
	} else { /* assign */
		if (!head && strcmp(claimed, x->by->id) != 0)
			return E_FORBIDDEN;
		s = db_prep(c, "SELECT roles FROM accounts WHERE id = ? AND department = ? AND status = 'active'");
		db_bind_text(s, 1, x->to);
		db_bind_text(s, 2, dept);
		bool ok = db_step(s) == DB_ROW;
		unsigned roles = 0;
		if (ok)
			role_parse_list(db_col_text(s, 0), &roles);
		db_reset(s);
		if (!ok || !(roles & (role_from_name(role) | ROLE_DEPT_HEAD)))
			return E_VALIDATION;
		new_status = "claimed";
		new_claimer = x->to;
	}
	s = db_prep(c, "UPDATE tasks SET status = ?, claimed_by = ?, version = version + 1 WHERE id = ? AND version = ?");
	db_bind_text(s, 1, new_status);
	db_bind_text(s, 2, new_claimer);
	db_bind_text(s, 3, x->id);
	db_bind_int(s, 4, version);
	int rc = db_step(s);
	db_reset(s);
	if (rc != DB_DONE || db_changes(c) != 1)
		return -1;
	char action[32];
	snprintf(action, sizeof action, "task.%s", x->action);
	json_t *detail = json_pack("{ss ss}", "case", case_id, "to", new_claimer ? new_claimer : "");
	rc = audit_append(c, x->by, action, "task", x->id, version, version + 1, detail);
	json_decref(detail);
	return rc;
}

errcode_t task_act(store_t *st, const actor_t *by, const char *task_id, const char *action, const char *to, errs_t *e)
{
	if (strcmp(action, "claim") && strcmp(action, "release") && strcmp(action, "assign"))
		return E_NOT_FOUND;
	if (!strcmp(action, "assign") && !to) {
		errs_add(e, "to", "required", "请选择同事", "choose a colleague");
		return E_VALIDATION;
	}
	struct task_ctx x = {by, task_id, action, to};
	int r = store_write(st, task_write, &x);
	if (r == E_VALIDATION)
		errs_add(e, "to", "not_a_colleague", "只能指派给本部门具有相应角色的同事", "assign only to a colleague of this department with the task's role");
	return r < 0 ? E_INTERNAL : (errcode_t)r;
}

json_t *task_colleagues(dbc_t *c, const char *department)
{
	json_t *arr = json_array();
	dbs_t *s = db_prep(c, "SELECT id, display_name, roles FROM accounts WHERE department = ? AND kind = 'staff' "
			      "AND status = 'active' ORDER BY display_name");
	db_bind_text(s, 1, department);
	while (db_step(s) == DB_ROW) {
		unsigned bits = 0;
		role_parse_list(db_col_text(s, 2), &bits);
		json_t *roles = json_array();
		for (unsigned b = 1; b < (1u << 10); b <<= 1)
			if (bits & b)
				json_array_append_new(roles, json_string(role_name(b)));
		json_array_append_new(arr, json_pack("{ss ss so}", "id", db_col_text(s, 0), "name", db_col_text(s, 1), "roles", roles));
	}
	db_reset(s);
	return arr;
}
