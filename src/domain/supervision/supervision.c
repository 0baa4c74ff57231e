/* supervision.c — opening, issuing, acting on and escalating supervision
 * orders (see supervision.h); the machine is supervision_flow.c, the views
 * supervision_read.c, the SQL supervision_store.c. */
#include "domain/supervision/supervision_int.h"
#include "domain/calendar/workcal.h"
#include "domain/core/audit.h"
#include "domain/core/geo.h"
#include "domain/core/message.h"
#include "domain/identity/account.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct overseers {
	const char *department;
	unsigned roles; /* ROLE_DEPT_HEAD: the department's heads; ROLE_SUPERVISOR: every supervisor */
	char (*to)[ACCOUNT_ID_LEN];
	size_t n, cap;
};

static void pick_overseer(const account_staff_t *p, void *ctx)
{
	struct overseers *o = ctx;
	bool head_here = (o->roles & ROLE_DEPT_HEAD) && (p->roles & ROLE_DEPT_HEAD) &&
			 !strcmp(p->department, o->department);
	bool supervisor = (o->roles & ROLE_SUPERVISOR) && (p->roles & ROLE_SUPERVISOR);
	if (!head_here && !supervisor)
		return;
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 8;
		o->to = xrealloc(o->to, o->cap * sizeof *o->to);
	}
	snprintf(o->to[o->n++], ACCOUNT_ID_LEN, "%s", p->id);
}

/* One message to each of the department's heads and/or the supervisors (roles), about entity/id. */
static int tell(dbc_t *c, const char *department, unsigned roles, const char *kind, const char *title_zh,
		const char *title_en, const char *text_zh, const char *text_en, const char *entity,
		const char *id)
{
	struct overseers o = {department, roles, NULL, 0, 0};
	account_staff_each(c, NULL, pick_overseer, &o);
	int rc = 0;
	for (size_t i = 0; i < o.n && rc == 0; i++)
		rc = message_add(c, o.to[i], kind, title_zh, title_en, text_zh, text_en, entity, id);
	free(o.to);
	return rc;
}

int supervision_open(dbc_t *c, const supervision_t *s, int64_t now, bool *fresh)
{
	static __thread sv_row_t r;
	memset(&r, 0, sizeof r);
	id_new(r.id);
	snprintf(r.subject_type, sizeof r.subject_type, "%s", s->subject_type);
	snprintf(r.subject_id, sizeof r.subject_id, "%s", s->subject_id);
	snprintf(r.department, sizeof r.department, "%s", s->department);
	char dept[DEPT_CODE_LEN];
	if (!sv_store_subject(c, s->subject_type, s->subject_id, dept, r.label))
		r.label[0] = '\0';
	snprintf(r.title, sizeof r.title, "%s", s->title_zh);
	snprintf(r.body, sizeof r.body, "%s", s->text_zh);
	r.created_at = r.updated_at = now;
	int rc = supervision_insert(c, &r);
	*fresh = rc > 0;
	if (rc < 0)
		return -1;
	return *fresh ? tell(c, s->department, ROLE_DEPT_HEAD | ROLE_SUPERVISOR, "supervision", s->title_zh,
			     s->title_en, s->text_zh, s->text_en, s->subject_type, s->subject_id)
		      : 0;
}

bool supervision_exists(dbc_t *c, const char *subject_type, const char *subject_id)
{
	return supervision_row_exists(c, subject_type, subject_id, "overdue");
}

bool sv_past_deadline(const sv_row_t *r, const char *today)
{
	return r->deadline[0] && strcmp(today, r->deadline) > 0;
}

unsigned sv_who(const actor_t *viewer, const sv_row_t *r)
{
	unsigned who = viewer->roles & ROLE_SUPERVISOR;
	if ((viewer->roles & ROLE_DEPT_HEAD) && !strcmp(viewer->department, r->department))
		who |= ROLE_DEPT_HEAD;
	return who;
}

static void today_str(int64_t now, char out[DATE_STR_LEN]) { date_format(date_from_ms(now), out); }

/* Only white space (ASCII, or the ideographic space U+3000). */
static bool blank(const char *s)
{
	while (*s) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		else if (!strncmp(s, "\xe3\x80\x80", 3))
			s += 3;
		else
			return false;
	}
	return true;
}

/* The deadline of an order to `department`: a date from today on (at most
 * SV_DATE_AHEAD days ahead), or that many working days from today by the
 * department's region's calendar. Exactly one of the two; required when
 * `required`. out "" when neither was given. */
static void resolve_deadline(dbc_t *c, const char *department, const char *date, long long days,
			     bool required, int64_t now, char out[DATE_STR_LEN], errs_t *e)
{
	out[0] = '\0';
	day_t today = date_from_ms(now), d;
	bool has_date = date && *date;
	if (has_date && days) {
		errs_add(e, "deadline", "both", "期限请给出日期或工作日数，二者选一",
			 "give the deadline as a date or as working days, not both");
		return;
	}
	if (!has_date && !days) {
		if (required)
			errs_add(e, "deadline", "required", "请给出答复期限（日期或工作日数）",
				 "a deadline is required (a date, or deadline_days)");
		return;
	}
	if (has_date) {
		if (!date_parse(date, &d))
			errs_add(e, "deadline", "date", "应为日期 YYYY-MM-DD",
				 "a date YYYY-MM-DD is required");
		else if (d < today)
			errs_add(e, "deadline", "past", "答复期限不能早于今天",
				 "the deadline is in the past");
		else if (d - today > SV_DATE_AHEAD)
			errs_add(e, "deadline", "too_far", "答复期限最长一年",
				 "the deadline is at most a year ahead");
		else
			date_format(d, out);
		return;
	}
	char region[REGION_CODE_LEN];
	if (!geo_department_region(c, department, region) || !*region)
		snprintf(region, sizeof region, "%s", NATIONAL_REGION);
	deadline_t dl;
	if (workcal_add(c, region, today, (int)days, &dl) != E_OK)
		errs_add(e, "deadline_days", "calendar", "无法按工作日计算期限（工作日历缺失）",
			 "the deadline cannot be counted in working days (no calendar)");
	else
		date_format(dl.due, out);
}

static const char *const SUBJECT_TYPES[] = {"case", "complaint", "rectification", NULL};

/* Every problem of an order, on a read connection; fills the row to insert. */
static void issue_check(dbc_t *c, const actor_t *by, const sv_issue_t *in, int64_t now, sv_row_t *r,
			errs_t *e)
{
	if (!in->department || !geo_department_exists(c, in->department))
		errs_add(e, "department", "unknown", "没有这个部门", "no such department");
	else
		snprintf(r->department, sizeof r->department, "%s", in->department);
	if (!in->text || blank(in->text))
		errs_add(e, "text", "empty", "督办内容不能为空", "the text of the order is empty");
	if (in->title && blank(in->title))
		errs_add(e, "title", "empty", "标题不能为空", "the title is empty");
	if (in->subject_type) {
		bool known = false;
		for (const char *const *t = SUBJECT_TYPES; *t; t++)
			known |= !strcmp(*t, in->subject_type);
		char dept[DEPT_CODE_LEN];
		if (!known)
			errs_add(e, "subject.type", "unknown",
				 "督办对象应为 case、complaint 或 rectification",
				 "subject.type is case, complaint or rectification");
		else if (!in->subject_id || strlen(in->subject_id) >= ENTITY_ID_LEN ||
			 !sv_store_subject(c, in->subject_type, in->subject_id, dept, r->label))
			errs_add(e, "subject.id", "unknown", "没有这个督办对象", "no such subject");
		else {
			snprintf(r->subject_type, sizeof r->subject_type, "%s", in->subject_type);
			snprintf(r->subject_id, sizeof r->subject_id, "%s", in->subject_id);
		}
	} else if (!in->title)
		errs_add(e, "title", "required", "没有督办对象时须填写标题",
			 "a title is required for an order about no case, request or rectification");
	resolve_deadline(c, r->department[0] ? r->department : "", in->deadline, in->deadline_days, true, now,
			 r->deadline, e);
	snprintf(r->title, sizeof r->title, "%s", in->title ? in->title : "");
	snprintf(r->body, sizeof r->body, "%s", in->text ? in->text : "");
	snprintf(r->issued_by, sizeof r->issued_by, "%s", by->id);
}

typedef struct {
	const actor_t *by;
	sv_row_t *row;
} issue_ctx_t;

static int issue_write(dbc_t *c, void *p)
{
	issue_ctx_t *x = p;
	sv_row_t *r = x->row;
	if (sv_store_insert_issued(c, r) != 0)
		return -1;
	char zh[700], en[400];
	snprintf(zh, sizeof zh, "督查部门向本部门发出督办：%s（%s%s），请于 %s 前答复。",
		 r->title[0] ? r->title : r->label, r->label[0] ? "对象 " : "", r->label, r->deadline);
	snprintf(en, sizeof en,
		 "A supervisor issued a supervision order to your department%s%s; answer by %s.",
		 r->label[0] ? " about " : "", r->label, r->deadline);
	if (tell(c, r->department, ROLE_DEPT_HEAD, "supervision", "督办：请按期答复",
		 "Supervision order: please answer", zh, en, "supervision", r->id) != 0)
		return -1;
	json_t *d = json_pack("{s:s, s:s, s:s, s:s}", "department", r->department, "subject_type",
			      r->subject_type, "subject_id", r->subject_id, "deadline", r->deadline);
	int rc = audit_append(c, x->by, "supervision.issue", "supervision", r->id, 0, 1, d);
	json_decref(d);
	return rc < 0 ? -1 : 0;
}

errcode_t supervision_issue(store_t *st, const actor_t *by, const sv_issue_t *in, errs_t *e,
			    char id_out[ENTITY_ID_LEN])
{
	dbc_t *c = store_reader(st);
	if (!c)
		return E_UNAVAILABLE;
	static __thread sv_row_t r;
	memset(&r, 0, sizeof r);
	int64_t now = clock_now_ms();
	issue_check(c, by, in, now, &r, e);
	if (errs_any(e))
		return E_VALIDATION;
	id_new(r.id);
	if (!r.subject_type[0]) {
		snprintf(r.subject_type, sizeof r.subject_type, "none");
		snprintf(r.subject_id, sizeof r.subject_id, "%s", r.id);
	}
	r.created_at = r.updated_at = now;
	issue_ctx_t x = {by, &r};
	int rc = store_write(st, issue_write, &x);
	if (rc != 0)
		return rc > 0 ? (errcode_t)rc : E_INTERNAL;
	snprintf(id_out, ENTITY_ID_LEN, "%s", r.id);
	return E_OK;
}

typedef struct {
	const actor_t *by;
	const char *id;
	const wf_action_t *a;
	int64_t if_version;
	const sv_input_t *in;
	json_t *allowed;
} act_ctx_t;

/* Who hears of an action: the answer goes to whoever issued the order (every
 * supervisor for the system's orders), the review back to the department's heads. */
static int tell_after(dbc_t *c, const sv_row_t *r, const char *action)
{
	const char *what = r->title[0] ? r->title : r->label;
	char zh[700], en[300];
	if (!strcmp(action, "answer")) {
		snprintf(zh, sizeof zh, "部门 %s 已答复督办：%s", r->department, what);
		snprintf(en, sizeof en, "Department %s answered a supervision order.", r->department);
		if (r->issued_by[0])
			return message_add(c, r->issued_by, "supervision.answered", "督办已答复",
					   "Supervision order answered", zh, en, "supervision", r->id);
		return tell(c, r->department, ROLE_SUPERVISOR, "supervision.answered", "督办已答复",
			    "Supervision order answered", zh, en, "supervision", r->id);
	}
	bool closed = !strcmp(action, "close");
	snprintf(zh, sizeof zh, closed ? "督办已办结：%s" : "督办被退回，请重新答复：%s", what);
	snprintf(en, sizeof en,
		 closed ? "A supervision order was closed."
			: "A supervision order was sent back: "
			  "please answer again.");
	return tell(c, r->department, ROLE_DEPT_HEAD, closed ? "supervision.closed" : "supervision.sent_back",
		    closed ? "督办已办结" : "督办被退回",
		    closed ? "Supervision order closed" : "Supervision order sent back", zh, en,
		    "supervision", r->id);
}

static int act_write(dbc_t *c, void *p)
{
	act_ctx_t *x = p;
	json_decref(x->allowed);
	x->allowed = NULL;
	static __thread sv_row_t r;
	if (!sv_store_load(c, x->id, &r))
		return E_NOT_FOUND;
	unsigned who = sv_who(x->by, &r);
	int64_t now = clock_now_ms();
	char today[DATE_STR_LEN];
	today_str(now, today);
	sv_facts_t f = {sv_past_deadline(&r, today)};
	const wf_row_t *row;
	wf_result_t found = wf_find(&supervision_machine, r.state, x->a->name, who, &f, &row);
	if (found == WF_NEVER_YOURS || found == WF_NOT_YOURS || found == WF_NO_SUCH_ACTION)
		return E_FORBIDDEN; /* another department's order, or never the caller's to take */
	if (found != WF_OK) {
		x->allowed = wf_allowed(&supervision_machine, r.state, who, &f);
		return E_STATE;
	}
	if (r.version != x->if_version)
		return E_STALE;
	char from[16];
	snprintf(from, sizeof from, "%s", r.state);
	sv_apply_t ax = {now, x->by->id};
	int rc = x->a->apply(&ax, &r, x->in, NULL);
	if (rc != 0)
		return rc;
	snprintf(r.state, sizeof r.state, "%s", wf_target(row, from, from));
	r.updated_at = now;
	rc = sv_store_save(c, &r, x->if_version);
	if (rc != 0)
		return rc > 0 ? E_STALE : -1;
	if (tell_after(c, &r, x->a->name) != 0)
		return -1;
	json_t *d = json_pack("{s:s, s:s, s:s}", "action", x->a->name, "from", from, "to", r.state);
	rc = audit_append(c, x->by, "supervision.act", "supervision", r.id, x->if_version, r.version, d);
	json_decref(d);
	return rc < 0 ? -1 : 0;
}

errcode_t supervision_act(store_t *st, const actor_t *by, const char *id, const wf_action_t *a,
			  int64_t if_version, const sv_input_t *in, errs_t *e, json_t **allowed)
{
	*allowed = NULL;
	sv_input_t resolved = *in;
	char deadline[DATE_STR_LEN] = "";
	if (!strcmp(a->name, "answer") && (!in->answer || blank(in->answer))) {
		errs_add(e, "answer", "empty", "答复内容不能为空", "the answer is empty");
		return E_VALIDATION;
	}
	if (!strcmp(a->name, "send_back")) {
		dbc_t *c = store_reader(st);
		if (!c)
			return E_UNAVAILABLE;
		if (in->note && blank(in->note))
			errs_add(e, "note", "empty", "退回理由不能为空",
				 "the reason for sending it back is empty");
		static __thread sv_row_t r;
		resolve_deadline(c, sv_store_load(c, id, &r) ? r.department : "", in->deadline,
				 in->deadline_days, false, clock_now_ms(), deadline, e);
		if (errs_any(e))
			return E_VALIDATION;
		resolved.deadline = deadline;
	}
	act_ctx_t x = {by, id, a, if_version, &resolved, NULL};
	int rc = store_write(st, act_write, &x);
	*allowed = x.allowed;
	return rc == 0 ? E_OK : rc > 0 ? (errcode_t)rc : E_INTERNAL;
}

#define ESCALATE_BATCH 100

static int escalate_write(dbc_t *c, void *p)
{
	int *n = p;
	*n = 0;
	int64_t now = clock_now_ms();
	char today[DATE_STR_LEN];
	today_str(now, today);
	static __thread char ids[ESCALATE_BATCH][ENTITY_ID_LEN];
	static __thread sv_row_t r;
	int k = sv_store_past_deadline(c, today, ESCALATE_BATCH, ids);
	actor_t sys;
	actor_system(&sys, "");
	const wf_action_t *a = supervision_action("escalate");
	for (int i = 0; i < k; i++) {
		if (!sv_store_load(c, ids[i], &r))
			continue;
		sv_facts_t f = {sv_past_deadline(&r, today)};
		const wf_row_t *row;
		if (wf_find(&supervision_machine, r.state, a->name, ROLE_SYSTEM, &f, &row) != WF_OK)
			continue;
		int64_t v = r.version;
		sv_apply_t ax = {now, sys.id};
		a->apply(&ax, &r, NULL, NULL);
		snprintf(r.state, sizeof r.state, "%s", wf_target(row, r.state, r.state));
		r.updated_at = now;
		if (sv_store_save(c, &r, v) != 0)
			return -1;
		const char *what = r.title[0] ? r.title : r.label;
		char zh[700], en[300];
		snprintf(zh, sizeof zh, "督办逾期未答复（期限 %s，部门 %s）：%s。已升级。", r.deadline,
			 r.department, what);
		snprintf(en, sizeof en, "A supervision order to %s was not answered by %s: escalated.",
			 r.department, r.deadline);
		if (tell(c, r.department, ROLE_DEPT_HEAD | ROLE_SUPERVISOR, "supervision.escalated",
			 "督办逾期未答复", "Supervision order unanswered", zh, en, "supervision", r.id) != 0)
			return -1;
		if (audit_append(c, &sys, "supervision.escalate", "supervision", r.id, v, r.version, NULL) <
		    0)
			return -1;
		(*n)++;
	}
	return 0;
}

int supervision_job_escalate(store_t *st)
{
	int n = 0;
	return store_write(st, escalate_write, &n) == 0 ? n : -1;
}
