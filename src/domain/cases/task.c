/* task.c — the workbench queue (see task.h): listing a department's tasks
 * and the claim / release / assign actions of the task machine
 * (task_flow.c), each a descriptor with its own rule. */
#include "domain/cases/task.h"
#include "domain/identity/account.h"
#include "domain/cases/task_flow.h"
#include "domain/cases/task_store.h"
#include "domain/cases/case_store.h"
#include "domain/cases/case_clock.h"
#include "domain/calendar/workcal.h"
#include "base/date.h"
#include "base/page.h"
#include <stdlib.h>
#include "domain/core/audit.h"
#include "base/clock.h"
#include <stdio.h>
#include <string.h>


static const char *const STATUSES[] = {"open", "claimed", "done", NULL};
static const char *const COLOURS[] = {"green", "yellow", "red", "none", NULL};

static bool listed(const char *v, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(*list, v))
			return true;
	return false;
}

struct list_ctx {
	dbc_t *c;
	json_t *items;
	day_t today;
	int limit, n;
	bool more;                /* a row came after the page */
	char next[64];            /* the cursor after the page's last row */
};

/* A case not yet accepted has the intake term as its deadline: the intake
 * task shows it, coloured like any other clock. */
static void intake_deadline(struct list_ctx *x, const task_item_t *t, char due[DATE_STR_LEN],
			    const char **colour)
{
	day_t sub;
	deadline_t d;
	int used = 0;
	bool prov;
	if (!t->submitted_day || !t->region || strcmp(t->case_status, "submitted") != 0 ||
	    !date_parse(t->submitted_day, &sub) ||
	    workcal_add(x->c, t->region, sub, CASE_INTAKE_DAYS, &d) != E_OK ||
	    workcal_between(x->c, t->region, sub, x->today, &used, &prov) != E_OK)
		return;
	date_format(d.due, due);
	int left = CASE_INTAKE_DAYS - used;
	bool overdue = left < 0 || x->today > d.due;
	*colour = sub == x->today ? "green" : clock_colour(left, CASE_INTAKE_DAYS, overdue);
}

static void add_item(const task_item_t *t, void *ctx)
{
	struct list_ctx *x = ctx;
	if (x->n == x->limit) {
		x->more = true;
		return;
	}
	x->n++;
	if (!strcmp(t->status, "done"))
		snprintf(x->next, sizeof x->next, "d.%lld.%s", (long long)t->done_at, t->id);
	else
		snprintf(x->next, sizeof x->next, "%.10s.%lld.%s", t->queue_due ? t->queue_due : "",
			 (long long)t->created_at, t->id);
	char ts[32], due[DATE_STR_LEN] = "";
	const char *colour = t->colour;
	bool intake = !t->due_day;
	if (intake)
		intake_deadline(x, t, due, &colour);
	const char *deadline = t->due_day ? t->due_day : due[0] ? due : NULL;
	clock_format_iso(t->created_at, ts);
	json_t *claimed = t->claimed_by ? json_pack("{ss ss}", "id", t->claimed_by, "name",
						    t->claimed_name ? t->claimed_name : "")
					: json_null();
	json_t *item = json_pack(
	    "{ss ss ss s{ss s{ss ss}} ss ss ss so so ss ss ss ss}", "id", t->id, "case_id", t->case_id,
	    "case_number", t->case_number, "matter", "code", t->matter_code, "name", "zh", t->matter_zh, "en",
	    t->matter_en, "kind", t->kind, "role", t->role, "status", t->status, "claimed_by", claimed,
	    "deadline", deadline ? json_string(deadline) : json_null(), "colour", colour, "created_at", ts,
	    "case_status", t->case_status, "channel", t->channel);
	/* which term the deadline is: the intake's (受理期限) or the case's (办结期限) */
	const char *kind = !deadline ? "none" : intake ? "intake" : "case";
	json_object_set_new(item, "deadline_kind", json_string(kind));
	/* who asked, since when, and how long the task has waited in the queue (whole days) */
	json_object_set_new(item, "applicant",
			    json_pack("{ss ss}", "name", t->applicant_name ? t->applicant_name : "", "kind",
				      t->applicant_kind ? t->applicant_kind : ""));
	if (t->submitted_at > 0) {
		char sub[32];
		clock_format_iso(t->submitted_at, sub);
		json_object_set_new(item, "submitted_at", json_string(sub));
	} else
		json_object_set_new(item, "submitted_at", json_null());
	int64_t waited = (clock_now_ms() - t->created_at) / 86400000LL;
	json_object_set_new(item, "waiting_days", json_integer(waited < 0 ? 0 : waited));
	json_array_append_new(x->items, item);
}

/* A cursor of the open queue is "<queue date>.<arrival ms>.<id>", of the done tasks
 * "d.<done ms>.<id>"; the id is lower-case hex, as every row id. */
static bool cursor_parse(const char *text, bool open, task_after_t *a)
{
	memset(a, 0, sizeof *a);
	if (!text)
		return true;
	const char *p = text;
	if (open) {
		day_t d;
		char day[11];
		if (strlen(p) < 11 || p[10] != '.')
			return false;
		memcpy(day, p, 10);
		day[10] = '\0';
		if (strcmp(day, CASE_QUEUE_NONE) != 0 && !date_parse(day, &d))
			return false;
		snprintf(a->due, sizeof a->due, "%s", day);
		p += 11;
	} else {
		if (strncmp(p, "d.", 2) != 0)
			return false;
		p += 2;
	}
	char *end;
	if (*p < '0' || *p > '9')
		return false;
	long long at = strtoll(p, &end, 10);
	if (*end != '.' || at < 0 || end - p > 15)
		return false;
	p = end + 1;
	size_t n = strlen(p);
	if (n == 0 || n >= sizeof a->id || strspn(p, "0123456789abcdef") != n)
		return false;
	a->at = at;
	snprintf(a->id, sizeof a->id, "%s", p);
	a->set = true;
	return true;
}

errcode_t task_list(dbc_t *c, const actor_t *v, const task_query_t *q, json_t **out, errs_t *e)
{
	if (q->status && !listed(q->status, STATUSES))
		errs_add(e, "status", "not_an_option", "状态应为 open、claimed 或 done",
			 "status is open, claimed or done");
	if (q->colour && !listed(q->colour, COLOURS))
		errs_add(e, "colour", "not_an_option", "颜色应为 green、yellow、red 或 none",
			 "colour is green, yellow, red or none");
	if (q->role && !role_from_name(q->role))
		errs_add(e, "role", "not_an_option", "角色无效", "unknown role");
	bool open = !q->status || strcmp(q->status, "done") != 0;
	task_after_t after;
	if (!cursor_parse(q->cursor, open, &after))
		errs_add(e, "cursor", "invalid", "分页游标无效", "invalid cursor");
	if (errs_any(e))
		return E_VALIDATION;
	int limit = q->limit > 0 && q->limit <= 200 ? q->limit : PAGE_LIMIT_DEFAULT;
	/* one row more than the page: whether another page follows */
	task_filter_t f = {v->department, q->role, q->status, q->matter, q->colour, limit + 1, after};
	json_t *items = json_array();
	struct list_ctx x = {.c = c, .items = items, .today = date_from_ms(clock_now_ms()), .limit = limit};
	if (task_scan(c, &f, add_item, &x) != 0) {
		json_decref(items);
		return E_INTERNAL;
	}
	json_t *next = x.more ? json_string(x.next) : json_null();
	*out = json_pack("{so so}", "items", items, "next_cursor", next);
	return E_OK;
}

/* ---- the actions ---- */

typedef struct {
	dbc_t *c;
	const actor_t *by;
	const char *to;
	const char *new_claimer;   /* out */
} task_ctx_t;

static bool is_head(const actor_t *a) { return (a->roles & ROLE_DEPT_HEAD) != 0; }

/* Staff whose role is the task's (or the head) take it; not from a colleague who holds it. */
static int apply_claim(void *cx, void *item, const void *input, json_t *note)
{
	task_ctx_t *x = cx;
	const task_row_t *t = item;
	if (!(x->by->roles & role_from_name(t->role)) && !is_head(x->by))
		return E_FORBIDDEN;
	if (t->claimed_by[0] && strcmp(t->claimed_by, x->by->id) != 0)
		return E_TASK_CLAIMED;
	x->new_claimer = x->by->id;
	return 0;
}

/* Its holder gives it back; the head may take it from anyone. */
static int apply_release(void *cx, void *item, const void *input, json_t *note)
{
	task_ctx_t *x = cx;
	const task_row_t *t = item;
	if (strcmp(t->claimed_by, x->by->id) != 0 && !is_head(x->by))
		return E_FORBIDDEN;
	x->new_claimer = NULL;
	return 0;
}

/* The head, or its holder, hands it to a colleague of the department with the task's role. */
static int apply_assign(void *cx, void *item, const void *input, json_t *note)
{
	task_ctx_t *x = cx;
	const task_row_t *t = item;
	if (!is_head(x->by) && strcmp(t->claimed_by, x->by->id) != 0)
		return E_FORBIDDEN;
	unsigned roles;
	if (!account_staff_roles(x->c, x->to, t->department, &roles) ||
	    !(roles & (role_from_name(t->role) | ROLE_DEPT_HEAD)))
		return E_VALIDATION;
	x->new_claimer = x->to;
	return 0;
}

const wf_action_t task_actions[TASK_NACTIONS] = {
	{"claim", NULL, NULL, apply_claim, 0},
	{"release", NULL, NULL, apply_release, 0},
	{"assign", NULL, NULL, apply_assign, 0},
};

struct task_write_ctx {
	const actor_t *by;
	const char *id, *to;
	const wf_action_t *action;
	int64_t if_version;
};

static int task_write(dbc_t *c, void *arg)
{
	struct task_write_ctx *x = arg;
	task_row_t t;
	if (!task_load(c, x->id, &t))
		return E_NOT_FOUND;
	if (strcmp(t.department, x->by->department) != 0)
		return E_FORBIDDEN;
	const wf_row_t *row;
	switch (wf_find(&task_machine, t.status, x->action->name, x->by->roles & TASK_STAFF, NULL, &row)) {
	case WF_OK: break;
	case WF_NO_SUCH_ACTION: return E_NOT_FOUND;
	case WF_NEVER_YOURS:
	case WF_NOT_YOURS: return E_FORBIDDEN;
	case WF_NOT_NOW:
	case WF_GUARD: return x->if_version && t.version != x->if_version ? E_STALE : E_STATE;
	}
	/* the action's own rules of who (the task's role, the claimer) come first */
	task_ctx_t tx = {c, x->by, x->to, NULL};
	int rc = x->action->apply(&tx, &t, NULL, NULL);
	if (rc != 0)
		return rc;
	if (x->if_version && t.version != x->if_version)
		return E_STALE;
	if (task_save(c, t.id, wf_target(row, t.status, t.status), tx.new_claimer, t.version) != 0)
		return -1;
	char action[32];
	snprintf(action, sizeof action, "task.%s", x->action->name);
	json_t *detail = json_pack("{ss ss}", "case", t.case_id, "to", tx.new_claimer ? tx.new_claimer : "");
	rc = audit_append(c, x->by, action, "task", t.id, t.version, t.version + 1, detail);
	json_decref(detail);
	return rc;
}

errcode_t task_act(store_t *st, const actor_t *by, const char *task_id, const char *action, const char *to,
		   int64_t if_version, errs_t *e)
{
	const wf_action_t *a = wf_action(&task_machine, action);
	if (!a)
		return E_NOT_FOUND;
	if (a->apply == apply_assign && !to) {
		errs_add(e, "to", "required", "请选择同事", "choose a colleague");
		return E_VALIDATION;
	}
	struct task_write_ctx x = {by, task_id, to, a, if_version};
	int r = store_write(st, task_write, &x);
	if (r == E_VALIDATION)
		errs_add(e, "to", "not_a_colleague", "只能指派给本部门具有相应角色的同事",
			 "assign only to a colleague of this department with the task's role");
	return r < 0 ? E_INTERNAL : (errcode_t)r;
}

static void add_colleague(const account_staff_t *p, void *ctx)
{
	unsigned bits = p->roles;
	json_t *roles = json_array();
	for (unsigned b = 1; b < (1u << ROLE_BITS); b <<= 1)
		if (bits & b)
			json_array_append_new(roles, json_string(role_name(b)));
	json_array_append_new(ctx,
			      json_pack("{ss ss so}", "id", p->id, "name", p->display_name, "roles", roles));
}

json_t *task_colleagues(dbc_t *c, const char *department)
{
	json_t *arr = json_array();
	account_staff_each(c, department, add_colleague, arr);
	return arr;
}
