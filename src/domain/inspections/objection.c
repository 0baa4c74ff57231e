/* objection.c — the enterprise's own inspections and its objections, and the
 * departments' answers (see objection.h). */
#include "domain/inspections/objection.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "domain/core/audit.h"
#include "domain/core/message.h"
#include "domain/core/role.h"
#include "domain/identity/account.h"
#include "domain/inspections/inspection.h"
#include "domain/inspections/inspection_store.h"
#include "domain/inspections/objection_store.h"
#include <stdio.h>
#include <string.h>

#define ANSWERING_ROLES (ROLE_DEPT_HEAD | ROLE_REVIEWER | ROLE_APPROVER)

static bool in_array(const json_t *a, const char *s)
{
	size_t i;
	const json_t *v;
	json_array_foreach(a, i, v) if (json_is_string(v) && !strcmp(json_string_value(v), s)) return true;
	return false;
}

bool insp_answers_for(const actor_t *by, const json_t *rules)
{
	return (by->roles & ANSWERING_ROLES) && *by->department &&
	       in_array(json_object_get(rules, "departments"), by->department);
}

/* ------------------------------------------------------------ filing */

struct file_ctx {
	const actor_t *by;
	const char *plan, *reason;
	errs_t *e;
	char id[33];
};

struct heads {
	dbc_t *c;
	const char *plan, *title;
	int rc;
};

static void tell_head(const account_staff_t *s, void *arg)
{
	struct heads *h = arg;
	if (h->rc || !(s->roles & ROLE_DEPT_HEAD))
		return;
	char zh[400], en[400];
	snprintf(zh, sizeof zh, "抽查计划「%s」的检查结果收到企业异议，请答复。", h->title);
	snprintf(en, sizeof en, "An enterprise objects to its results of the inspection plan \"%s\".",
		 h->title);
	h->rc = message_add(h->c, s->id, "inspection", "抽查结果异议", "Objection to inspection results", zh,
			    en, "inspection_plan", h->plan);
}

static int file_write(dbc_t *c, void *arg)
{
	struct file_ctx *x = arg;
	insp_plan_t p;
	int rc = insp_store_plan_get(c, x->plan, &p);
	if (rc != DB_ROW)
		return rc == DB_DONE ? E_NOT_FOUND : -1;
	day_t due, today = date_from_ms(clock_now_ms());
	char due_s[DATE_STR_LEN], zh[160], en[160];
	if (!insp_store_target_drawn(c, p.id, x->by->id))
		rc = E_NOT_FOUND; /* not its inspection: another's is none of its business */
	else if (strcmp(p.state, "published") != 0) {
		errs_add(x->e, "plan", "not_published", "检查结果尚未公示，公示后才能提出异议",
			 "the results are not published yet: an objection is possible once they are");
		rc = E_STATE;
	} else if (!insp_objection_due(c, p.published_at, &due))
		rc = -1;
	else if (today > due) {
		date_format(due, due_s);
		snprintf(zh, sizeof zh, "异议期（公示后 %d 个工作日）已于 %s 届满", INSP_OBJECTION_WORKDAYS,
			 due_s);
		snprintf(en, sizeof en,
			 "the period for objections (%d working days after publication) ended on %s",
			 INSP_OBJECTION_WORKDAYS, due_s);
		errs_add(x->e, "plan", "objection_period_over", zh, en);
		rc = E_STATE;
	} else {
		id_new(x->id);
		rc = insp_store_objection_insert(c, x->id, p.id, x->by->id, x->reason, clock_now_ms());
		if (rc == DB_CONSTRAINT) {
			errs_add(x->e, "plan", "objected", "您已对本计划的检查结果提出过异议",
				 "you have objected to this plan's results already");
			rc = E_CONFLICT;
		} else if (rc != DB_DONE)
			rc = -1;
		else {
			json_t *d = json_pack("{ss}", "objection", x->id);
			rc = audit_append(c, x->by, "inspection.objection", "inspection_plan", p.id, 0, 0, d);
			json_decref(d);
			struct heads h = {c, p.id, p.title, 0};
			size_t i;
			json_t *dept;
			json_array_foreach(json_object_get(p.rules, "departments"), i, dept)
			    account_staff_each(c, json_string_value(dept), tell_head, &h);
			if (!rc && h.rc)
				rc = -1;
		}
	}
	insp_plan_release(&p);
	return rc;
}

static errcode_t write_rc(int rc) { return rc == 0 ? E_OK : rc > 0 ? (errcode_t)rc : E_INTERNAL; }

errcode_t insp_objection_file(store_t *st, const actor_t *by, const char *plan, const json_t *body, errs_t *e,
			      char *id_out)
{
	struct file_ctx x = {.by = by, .plan = plan, .e = e};
	jfield_t spec[] = {
	    {"reason", JF_TEXT, true, 5, 1000, &x.reason, NULL},
	    JF_END,
	};
	if (!json_spec_parse(body, spec, NULL, e))
		return E_VALIDATION;
	errcode_t ec = write_rc(store_write(st, file_write, &x));
	if (ec == E_OK)
		memcpy(id_out, x.id, sizeof x.id);
	return ec;
}

/* ------------------------------------------------------------ answering */

struct answer_ctx {
	const actor_t *by;
	const char *id, *decision, *reason;
	errs_t *e;
};

static int answer_write(dbc_t *c, void *arg)
{
	struct answer_ctx *x = arg;
	insp_objection_t o;
	int rc = insp_store_objection_get(c, x->id, &o);
	if (rc != DB_ROW)
		return rc == DB_DONE ? E_NOT_FOUND : -1;
	insp_plan_t p;
	if (insp_store_plan_get(c, o.plan_id, &p) != DB_ROW)
		return -1;
	if (!insp_answers_for(x->by, p.rules))
		rc = E_FORBIDDEN;
	else {
		rc = insp_store_objection_answer(c, o.id, x->decision, x->reason, x->by->id,
						 x->by->department, clock_now_ms());
		if (rc == DB_CONSTRAINT) {
			errs_add(x->e, "decision", "answered", "该异议已答复",
				 "the objection is answered already");
			rc = E_CONFLICT;
		} else if (rc != DB_DONE)
			rc = -1;
		else {
			bool upheld = !strcmp(x->decision, "upheld");
			char zh[1400], en[1400];
			snprintf(zh, sizeof zh, "您对抽查计划「%s」检查结果的异议%s。理由：%s", p.title,
				 upheld ? "成立" : "不成立", x->reason);
			snprintf(en, sizeof en, "Your objection to the results of \"%s\" was %s. Reason: %s",
				 p.title, upheld ? "upheld" : "rejected", x->reason);
			rc = message_add(c, o.target, "inspection", "异议已答复", "Objection answered", zh,
					 en, "inspection_plan", p.id);
			json_t *d = json_pack("{ss ss ss}", "objection", o.id, "decision", x->decision,
					      "department", x->by->department);
			if (!rc)
				rc = audit_append(c, x->by, "inspection.objection_answer", "inspection_plan",
						  p.id, 0, 0, d);
			json_decref(d);
		}
	}
	insp_plan_release(&p);
	return rc;
}

errcode_t insp_objection_answer(store_t *st, const actor_t *by, const char *id, const json_t *body, errs_t *e)
{
	struct answer_ctx x = {.by = by, .id = id, .e = e};
	jfield_t spec[] = {
	    {"decision", JF_STRING, true, 1, 16, &x.decision, NULL},
	    {"reason", JF_TEXT, true, 2, 1000, &x.reason, NULL},
	    JF_END,
	};
	if (!json_spec_parse(body, spec, NULL, e))
		return E_VALIDATION;
	if (strcmp(x.decision, "upheld") != 0 && strcmp(x.decision, "rejected") != 0) {
		errs_add(e, "decision", "not_allowed", "答复应为 upheld（异议成立）或 rejected（不成立）",
			 "decision is upheld or rejected");
		return E_VALIDATION;
	}
	return write_rc(store_write(st, answer_write, &x));
}
