/* rectification.c — opening, acting on, listing and escalating
 * rectifications (see rectification.h); the machine is rectification_flow.c,
 * the SQL rectification_store.c. */
#include "domain/ratings/rectification.h"
#include "domain/ratings/rectification_store.h"
#include "domain/calendar/workcal.h"
#include "domain/core/audit.h"
#include "domain/supervision/supervision.h"
#include "base/clock.h"
#include "base/crypto.h"
#include <stdio.h>
#include <string.h>

int rectification_open(dbc_t *c, const char *kind, const char *subject_id, const char *label,
		       const char *rating_id, const char *department, const char *region, int64_t now)
{
	rect_row_t r = {.created_at = now, .updated_at = now, .version = 1};
	day_t today = date_from_ms(now);
	deadline_t cb, fix;
	const char *reg = region && *region ? region : NATIONAL_REGION;
	if (workcal_add(c, reg, today, RECT_CALLBACK_WORKDAYS, &cb) != E_OK ||
	    workcal_add(c, reg, today, RECT_FIX_WORKDAYS, &fix) != E_OK)
		return -1;
	id_new(r.id);
	snprintf(r.kind, sizeof r.kind, "%s", kind);
	snprintf(r.subject_id, sizeof r.subject_id, "%s", subject_id);
	snprintf(r.label, sizeof r.label, "%s", label ? label : subject_id);
	snprintf(r.rating_id, sizeof r.rating_id, "%s", rating_id);
	snprintf(r.department, sizeof r.department, "%s", department);
	snprintf(r.status, sizeof r.status, "open");
	date_format(cb.due, r.callback_due);
	date_format(fix.due, r.fix_due);
	return rect_store_insert(c, &r);
}

bool rectification_fixed(dbc_t *c, const char *kind, const char *subject_id)
{
	static __thread rect_row_t r;
	return rect_store_of_subject(c, kind, subject_id, &r) && !strcmp(r.status, "fixed");
}

static bool sees(const actor_t *v, const char *department)
{
	return (v->roles & ROLE_SUPERVISOR) ||
	       ((v->roles & ROLE_DEPT_HEAD) && !strcmp(v->department, department));
}

static json_t *row_json(const rect_row_t *r)
{
	char today[DATE_STR_LEN];
	date_format(date_from_ms(clock_now_ms()), today);
	bool open = strcmp(r->status, "fixed") != 0;
	bool overdue = open && (strcmp(today, r->fix_due) > 0 ||
				(!strcmp(r->status, "open") && strcmp(today, r->callback_due) > 0));
	json_t *o = json_pack("{s:s, s:{s:s, s:s, s:s}, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:I}", "id", r->id,
			      "subject", "type", r->kind, "id", r->subject_id, "label", r->label,
			      "department", r->department, "status", r->status, "status_zh",
			      wf_state_zh(&rectification_machine, r->status), "callback_due", r->callback_due,
			      "fix_due", r->fix_due, "overdue", overdue, "escalated", r->escalated_at != 0,
			      "version", (json_int_t)r->version);
	json_object_set_new(o, "callback_note",
			    r->callback_note[0] ? json_string(r->callback_note) : json_null());
	json_object_set_new(o, "fix_note", r->fix_note[0] ? json_string(r->fix_note) : json_null());
	return o;
}

json_t *rectification_json(dbc_t *c, const char *id, const actor_t *viewer)
{
	static __thread rect_row_t r;
	if (!rect_store_load(c, id, &r) || !sees(viewer, r.department))
		return NULL;
	json_t *o = row_json(&r);
	json_object_set_new(o, "allowed_actions",
			    wf_allowed(&rectification_machine, r.status,
				       !strcmp(viewer->department, r.department) ? viewer->roles : 0, NULL));
	return o;
}

struct rect_page {
	page_t page;
	json_t *items;
};

static void add_item(const rect_row_t *r, void *ctx)
{
	struct rect_page *p = ctx;
	if (page_take(&p->page, r->created_at, r->id))
		json_array_append_new(p->items, row_json(r));
}

json_t *rectification_list(dbc_t *c, const actor_t *viewer, const char *status, bool escalated_only,
			   int limit, const page_cursor_t *after)
{
	struct rect_page p = {page_start(limit), json_array()};
	const char *dept = (viewer->roles & ROLE_SUPERVISOR) ? NULL : viewer->department;
	if (rect_store_scan(c, dept, status, escalated_only, after, p.page.limit + 1, add_item, &p) != 0) {
		json_decref(p.items);
		return NULL;
	}
	return page_answer(p.items, &p.page);
}

typedef struct {
	const actor_t *by;
	const char *id;
	const wf_action_t *a;
	int64_t if_version;
	const rect_input_t *in;
	json_t *allowed;
} act_ctx_t;

static int act_write(dbc_t *c, void *p)
{
	act_ctx_t *x = p;
	json_decref(x->allowed);
	x->allowed = NULL;
	static __thread rect_row_t r;
	if (!rect_store_load(c, x->id, &r))
		return E_NOT_FOUND;
	if (strcmp(r.department, x->by->department) != 0)
		return E_FORBIDDEN;
	const wf_row_t *row;
	if (wf_find(&rectification_machine, r.status, x->a->name, x->by->roles, NULL, &row) != WF_OK) {
		x->allowed = wf_allowed(&rectification_machine, r.status, x->by->roles, NULL);
		return E_STATE;
	}
	if (r.version != x->if_version)
		return E_STALE;
	int64_t now = clock_now_ms();
	char from[16];
	snprintf(from, sizeof from, "%s", r.status);
	int rc = x->a->apply(&now, &r, x->in, NULL);
	if (rc != 0)
		return rc;
	snprintf(r.status, sizeof r.status, "%s", wf_target(row, r.status, NULL));
	r.updated_at = now;
	rc = rect_store_save(c, &r, x->if_version);
	if (rc != 0)
		return rc > 0 ? E_STALE : -1;
	json_t *d = json_pack("{s:s, s:s, s:s}", "action", x->a->name, "from", from, "to", r.status);
	rc = audit_append(c, x->by, "rectification.act", "rectification", r.id, x->if_version, r.version, d);
	json_decref(d);
	return rc < 0 ? -1 : 0;
}

errcode_t rectification_act(store_t *st, const actor_t *by, const char *id, const wf_action_t *a,
			    int64_t if_version, const rect_input_t *in, errs_t *e, json_t **allowed)
{
	act_ctx_t x = {by, id, a, if_version, in, NULL};
	int rc = store_write(st, act_write, &x);
	*allowed = x.allowed;
	return rc == 0 ? E_OK : rc > 0 ? (errcode_t)rc : E_INTERNAL;
}

#define ESCALATE_BATCH 100

/* The supervision order (督办) of an overdue rectification, told to the department's heads and the
 * supervisors (domain/supervision/). */
static int supervise(dbc_t *c, const rect_row_t *r, int64_t now)
{
	char zh[200], en[200];
	snprintf(zh, sizeof zh, "差评整改逾期：%s。请督办。", r->label);
	snprintf(en, sizeof en, "A rectification after a bad rating is overdue: %s.", r->label);
	supervision_t sv = {"rectification",
			    r->id,
			    r->department,
			    "督办：差评整改逾期",
			    "Supervision: rectification overdue",
			    zh,
			    en};
	bool fresh = false;
	return supervision_open(c, &sv, now, &fresh);
}

static int escalate_write(dbc_t *c, void *p)
{
	int *n = p;
	*n = 0;
	int64_t now = clock_now_ms();
	char today[DATE_STR_LEN];
	date_format(date_from_ms(now), today);
	static __thread char ids[ESCALATE_BATCH][ENTITY_ID_LEN];
	static __thread rect_row_t r;
	int k = rect_store_overdue(c, today, ESCALATE_BATCH, ids);
	actor_t sys;
	actor_system(&sys, "");
	for (int i = 0; i < k; i++) {
		if (!rect_store_load(c, ids[i], &r))
			continue;
		int64_t v = r.version;
		r.escalated_at = now;
		r.updated_at = now;
		if (rect_store_save(c, &r, v) != 0)
			return -1;
		if (supervise(c, &r, now) != 0 || audit_append(c, &sys, "rectification.escalate",
							       "rectification", r.id, v, r.version, NULL) < 0)
			return -1;
	}
	*n = k;
	return 0;
}

int rectification_job_escalate(store_t *st)
{
	int n = 0;
	return store_write(st, escalate_write, &n) == 0 ? n : -1;
}
