/* case_act.c — what each action of the case machine does: one descriptor
 * per action {name, input spec, check, apply} (case_flow.c has the table of
 * who may take it from where). The input is parsed by the API with the
 * descriptor's spec and checked here before the write; inside the writer the
 * case is re-read, its version compared with If-Match, the table consulted,
 * and the effects applied with the timeline, tasks, clock, message and audit
 * entry in one transaction. */
#include "domain/cases/case.h"
#include "domain/cases/case_act.h"
#include "domain/cases/case_clock.h"
#include "domain/cases/case_flow.h"
#include "domain/cases/case_hooks.h"
#include "domain/cases/case_notice.h"
#include "domain/cases/case_store.h"
#include "domain/appointments/visit.h"
#include "domain/calendar/workcal.h"
#include "domain/catalog/form.h"
#include "domain/catalog/matter.h"
#include "domain/core/audit.h"
#include "domain/identity/account.h"
#include "base/clock.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const REFUSE_REASONS[] = {"not_in_remit", "not_a_licensing_matter", "not_eligible",
					     "other_legal", NULL};
static const char *const SUSPEND_KINDS[] = {"hearing", "expert_review", "inspection", "publicity", NULL};
static const char *const DELIVERY_METHODS[] = {"electronic", "post", "window", NULL};
static const char *const DEFAULT_REMEDIES =
	"如不服本决定，可自收到之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。"
	" / If you disagree, you may apply for administrative reconsideration within 60 days or bring an "
	"administrative lawsuit within 6 months.";

static bool one_of(const char *v, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(v, *list))
			return true;
	return false;
}

/* What the descriptors' check functions see (before the write). */
typedef struct {
	dbc_t *c;
	const actor_t *by;
	const char *id;
} check_ctx_t;

/* What the descriptors' apply functions see (inside the write). */
typedef struct {
	dbc_t *c;
	const actor_t *by;
	const json_t *matter;
	errs_t *errs;
	char today[DATE_STR_LEN];
	char at[32];
	int64_t now;
	bool bundled;                  /* a bundle's sub-case (case_act_within) */
} apply_ctx_t;

#define SPEC(...) do { jfield_t s_[] = {__VA_ARGS__, JF_END}; memcpy(spec, s_, sizeof s_); } while (0)

/* ---- checks shared by several actions ---- */

static bool field_in_schema(const json_t *matter, const char *key)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(json_object_get(matter, "form"), "fields"), i, f)
		if (!strcmp(json_string_value(json_object_get(f, "key")), key))
			return true;
	return false;
}

static bool flagged(const json_t *correction, const char *kind, const char *key)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(correction, "items"), i, it)
		if (!strcmp(json_string_value(json_object_get(it, "kind")), kind) &&
		    !strcmp(json_string_value(json_object_get(it, "key")), key))
			return true;
	return false;
}

/* The pinned matter of a case, or NULL. */
static json_t *matter_of(dbc_t *c, const char *id)
{
	case_row_t r;
	if (!case_load(c, id, &r))
		return NULL;
	json_t *m = matter_doc(c, r.matter_code, r.matter_version);
	case_row_release(&r);
	return m;
}

/* Checks a whole submission (form and required materials) against the pinned
 * version. At the first submission (fill) the certificates the case names are
 * checked again and the applicant's certificates are taken for the
 * certificate:TYPE materials still without a file (免提交, case_certs.c). */
static int check_submission(dbc_t *c, const case_row_t *r, const json_t *matter, bool bundled, bool fill,
			    int64_t now, errs_t *e)
{
	form_opts_t fo;
	char credit[CREDIT_CODE_LEN] = "";
	case_form_opts(c, "form", &fo);
	if (!bundled)
		case_applicant_check(c, matter, r->applicant_id, r->channel, r->agent, "matter", &fo, credit,
				     e);
	form_validate(json_object_get(matter, "form"), r->form, &fo, e);
	json_t *files = case_files_of(c, r->id), *certs = NULL;
	int rc = 0;
	if (fill) {
		certs = json_object();
		rc = case_certs_refresh(c, r->id, matter, r->applicant_id, r->principal_id, files, true, now,
					certs, e);
	} else {
		/* an answer to a correction notice keeps the certificates taken at filing */
		certs = case_certificates_by_key(c, r->id);
	}
	case_require_materials(matter, files, certs, e);
	if (fill && rc == 0 && !errs_any(e))
		rc = case_certs_save(c, r->id, certs, now);
	json_decref(files);
	json_decref(certs);
	return rc;
}

static void put(json_t *o, const char *key, const char *v)
{
	if (v)
		json_object_set_new(o, key, json_string(v));
}

/* ---- the actions, in the order the API lists allowed actions ---- */

static int apply_submit(void *cx, void *item, const void *input, json_t *note)
{
	apply_ctx_t *x = cx;
	case_row_t *r = item;
	if (check_submission(x->c, r, x->matter, x->bundled, true, x->now, x->errs) != 0)
		return -1;
	if (errs_any(x->errs))
		return E_VALIDATION;
	snprintf(r->submitted_day, sizeof r->submitted_day, "%s", x->today);
	r->submitted_at = x->now;
	return 0;
}

static int apply_accept(void *cx, void *item, const void *input, json_t *note)
{
	apply_ctx_t *x = cx;
	case_row_t *r = item;
	snprintf(r->accepted_day, sizeof r->accepted_day, "%s", x->today);
	return 0;
}

/* 即办件: accepted and completed in one step. */
static int apply_handle_now(void *cx, void *item, const void *input, json_t *note)
{
	apply_ctx_t *x = cx;
	case_row_t *r = item;
	snprintf(r->accepted_day, sizeof r->accepted_day, "%s", x->today);
	snprintf(r->finished_day, sizeof r->finished_day, "%s", x->today);
	return 0;
}

static void spec_refuse(void *input, jfield_t spec[WF_SPEC_MAX])
{
	case_input_t *in = input;
	SPEC({"reason", JF_STRING, true, 1, 40, &in->reason, NULL},
	     {"detail", JF_TEXT, true, 2, 1000, &in->detail, NULL},
	     {"legal_basis", JF_TEXT, true, 2, 1000, &in->legal_basis, NULL},
	     {"apply_to", JF_STRING, false, 2, 200, &in->apply_to, NULL});
}

static void check_refuse(void *cx, const void *input, errs_t *e)
{
	const case_input_t *in = input;
	/* There is deliberately no reason "apply online instead": an in-person applicant is never turned away
	 * to go online. */
	if (!one_of(in->reason, REFUSE_REASONS))
		errs_add(e, "reason", "not_an_option",
			 "不予受理理由应为法定情形之一：not_in_remit、not_a_licensing_matter、not_"
			 "eligible、other_legal",
			 "the reason is one of the legal grounds: not_in_remit, not_a_licensing_matter, "
			 "not_eligible, other_legal");
	else if (!strcmp(in->reason, "not_in_remit") && !in->apply_to)
		errs_add(e, "apply_to", "required", "不属于本机关职权范围的，须告知向哪个机关申请",
			 "say which authority to apply to");
}

static int apply_refuse(void *cx, void *item, const void *input, json_t *note)
{
	apply_ctx_t *x = cx;
	case_row_t *r = item;
	const case_input_t *in = input;
	json_decref(r->decision);
	r->decision = json_object();
	put(r->decision, "reason", in->reason);
	put(r->decision, "detail", in->detail);
	put(r->decision, "legal_basis", in->legal_basis);
	put(r->decision, "apply_to", in->apply_to);
	put(r->decision, "kind", "refuse");
	put(r->decision, "at", x->at);
	json_object_update(note, r->decision);
	snprintf(r->finished_day, sizeof r->finished_day, "%s", x->today);
	return 0;
}

static void spec_correction(void *input, jfield_t spec[WF_SPEC_MAX])
{
	case_input_t *in = input;
	SPEC({"items", JF_ARRAY, true, 1, 100, &in->items, NULL});
}

static void check_correction(void *cx, const void *input, errs_t *e)
{
	check_ctx_t *x = cx;
	const case_input_t *in = input;
	json_t *matter = matter_of(x->c, x->id);
	size_t i;
	json_t *it;
	json_array_foreach(in->items, i, it) {
		char p[48];
		snprintf(p, sizeof p, "items[%zu]", i);
		const char *kind = NULL, *key = NULL, *reason = NULL;
		jfield_t is[] = {{"kind", JF_STRING, true, 1, 16, &kind, NULL},
				 {"key", JF_STRING, true, 1, 64, &key, NULL},
				 {"reason", JF_STRING, true, 2, 300, &reason, NULL},
				 JF_END};
		if (!json_spec_parse(it, is, p, e))
			continue;
		char kp[64];
		snprintf(kp, sizeof kp, "%s.key", p);
		if (!strcmp(kind, "field")) {
			if (matter && !field_in_schema(matter, key))
				errs_add(e, kp, "unknown_field", "表单中没有这个字段", "the form has no such field");
		} else if (!strcmp(kind, "material")) {
			if (matter && !case_material_def(matter, key))
				errs_add(e, kp, "unknown_material", "该事项没有这项材料",
					 "the matter has no such material");
		} else {
			snprintf(kp, sizeof kp, "%s.kind", p);
			errs_add(e, kp, "not_an_option", "补正项类型应为 field 或 material",
				 "kind is field or material");
		}
	}
	json_decref(matter);
}

static int apply_correction(void *cx, void *item, const void *input, json_t *note)
{
	apply_ctx_t *x = cx;
	case_row_t *r = item;
	const case_input_t *in = input;
	r->correction_rounds++;
	json_decref(r->correction);
	r->correction =
	    json_pack("{sO ss si}", "items", in->items, "requested_at", x->at, "round", r->correction_rounds);
	json_object_set(note, "items", in->items);
	return 0;
}

/* Art. 32: no notice within 5 days means accepted from the day of receipt. */
static int apply_deem_accept(void *cx, void *item, const void *input, json_t *note)
{
	case_row_t *r = item;
	snprintf(r->accepted_day, sizeof r->accepted_day, "%s", r->submitted_day);
	json_object_set_new(note, "deemed", json_true());
	return 0;
}

static void spec_resubmit(void *input, jfield_t spec[WF_SPEC_MAX])
{
	case_input_t *in = input;
	SPEC({"form", JF_OBJECT, false, 0, 0, &in->form, NULL},
	     {"materials", JF_ARRAY, false, 0, 50, &in->materials, NULL});
}

static void check_resubmit(void *cx, const void *input, errs_t *e)
{
	check_ctx_t *x = cx;
	const case_input_t *in = input;
	if (!in->materials)
		return;
	json_t *matter = matter_of(x->c, x->id);
	if (matter)
		json_decref(case_parse_materials(x->c, matter, in->materials, x->by->id, NULL, e, NULL));
	json_decref(matter);
}

/* A material given anew in a correction round: {file} or {files: [first, pages…]}
 * (checked by check_resubmit). */
static int resubmit_material(dbc_t *c, const char *id, const char *key, const json_t *v)
{
	const json_t *files = json_object_get(v, "files");
	const char *first = files ? json_string_value(json_array_get(files, 0))
				  : json_string_value(json_object_get(v, "file"));
	if (case_file_set(c, id, key, first) != 0)
		return -1;
	if (json_array_size(files) < 2)
		return 0;
	json_t *rest = json_array();
	for (size_t i = 1; i < json_array_size(files); i++)
		json_array_append(rest, json_array_get(files, i));
	int rc = case_pages_set(c, id, key, rest);
	json_decref(rest);
	return rc;
}

static int apply_resubmit(void *cx, void *item, const void *input, json_t *note)
{
	apply_ctx_t *x = cx;
	case_row_t *r = item;
	const case_input_t *in = input;
	const char *key;
	json_t *v;
	/* what this round changed, for the reviewer who asked: each field before and after, each material */
	json_t *fields = json_object(), *mats = json_array();
	json_object_set_new(note, "changed", json_pack("{so so}", "fields", fields, "materials", mats));
	json_object_foreach(in->form, key, v) {
		if (!flagged(r->correction, "field", key)) {
			char p[96];
			snprintf(p, sizeof p, "form.%s", key);
			errs_add(x->errs, p, "not_flagged", "补正时只能修改被告知需要补正的内容",
				 "only the items in the correction notice may change");
		} else {
			json_t *was = json_object_get(r->form, key), *old = was ? was : json_null();
			if (!was || !json_equal(was, v))
				json_object_set_new(fields, key, json_pack("{sO sO}", "from", old, "to", v));
			json_object_set(r->form, key, v);
		}
	}
	size_t i;
	json_array_foreach(in->materials, i, v) {
		const char *mk = json_string_value(json_object_get(v, "key"));
		char p[64];
		snprintf(p, sizeof p, "materials[%zu].key", i);
		if (!mk || !flagged(r->correction, "material", mk))
			errs_add(x->errs, p, "not_flagged", "补正时只能更换被告知需要补正的材料",
				 "only the materials in the correction notice may change");
		else if (resubmit_material(x->c, r->id, mk, v) != 0)
			return -1;
		else
			json_array_append_new(mats, json_string(mk));
	}
	if (errs_any(x->errs))
		return E_VALIDATION;
	if (check_submission(x->c, r, x->matter, x->bundled, false, x->now, x->errs) != 0)
		return -1;
	if (errs_any(x->errs))
		return E_VALIDATION;
	json_object_set_new(r->correction, "answered_at", json_string(x->at));
	snprintf(r->submitted_day, sizeof r->submitted_day, "%s", x->today);
	return 0;
}

static int apply_review(void *cx, void *item, const void *input, json_t *note) { return 0; }

static void spec_approve(void *input, jfield_t spec[WF_SPEC_MAX])
{
	case_input_t *in = input;
	SPEC({"opinion", JF_TEXT, false, 1, 2000, &in->opinion, NULL});
}

static void spec_deny(void *input, jfield_t spec[WF_SPEC_MAX])
{
	case_input_t *in = input;
	SPEC({"reason", JF_TEXT, true, 2, 2000, &in->reason, NULL},
	     {"legal_basis", JF_TEXT, true, 2, 1000, &in->legal_basis, NULL},
	     {"remedies", JF_TEXT, false, 2, 1000, &in->remedies, NULL});
}

static int decide(apply_ctx_t *x, case_row_t *r, const case_input_t *in, const char *kind, json_t *note)
{
	json_decref(r->decision);
	r->decision = json_object();
	put(r->decision, "opinion", in->opinion);
	put(r->decision, "reason", in->reason);
	put(r->decision, "legal_basis", in->legal_basis);
	put(r->decision, "remedies", in->remedies);
	put(r->decision, "kind", kind);
	put(r->decision, "at", x->at);
	json_object_update(note, r->decision);
	snprintf(r->finished_day, sizeof r->finished_day, "%s", x->today);
	return 0;
}

static int apply_approve(void *cx, void *item, const void *input, json_t *note)
{
	return decide(cx, item, input, "approve", note);
}

static int apply_deny(void *cx, void *item, const void *input, json_t *note)
{
	const case_input_t *in = input;
	case_input_t with_remedies = *in;
	if (!with_remedies.remedies)
		with_remedies.remedies = DEFAULT_REMEDIES;
	return decide(cx, item, &with_remedies, "deny", note);
}

static void spec_suspend(void *input, jfield_t spec[WF_SPEC_MAX])
{
	case_input_t *in = input;
	SPEC({"kind", JF_STRING, true, 1, 32, &in->kind, NULL},
	     {"reason", JF_TEXT, true, 2, 1000, &in->reason, NULL},
	     {"expected_days", JF_INT, true, 1, 365, &in->expected_days, NULL});
}

static void check_suspend(void *cx, const void *input, errs_t *e)
{
	const case_input_t *in = input;
	if (!one_of(in->kind, SUSPEND_KINDS))
		errs_add(e, "kind", "not_an_option",
			 "特别程序应为 hearing（听证）、expert_review（专家评审）、inspection（检验检测）或 publicity（公示）",
			 "kind is hearing, expert_review, inspection or publicity");
}

static int apply_suspend(void *cx, void *item, const void *input, json_t *note)
{
	apply_ctx_t *x = cx;
	case_row_t *r = item;
	const case_input_t *in = input;
	json_decref(r->suspension);
	r->suspension = json_object();
	put(r->suspension, "kind", in->kind);
	put(r->suspension, "reason", in->reason);
	json_object_set_new(r->suspension, "expected_days", json_integer(in->expected_days));
	put(r->suspension, "since", x->today);
	json_object_update(note, r->suspension);
	snprintf(r->prev_status, sizeof r->prev_status, "%s", r->status);
	snprintf(r->paused_day, sizeof r->paused_day, "%s", x->today);
	return 0;
}

static int apply_resume(void *cx, void *item, const void *input, json_t *note)
{
	apply_ctx_t *x = cx;
	case_row_t *r = item;
	day_t p;
	int n = 0;
	bool prov;
	if (date_parse(r->paused_day, &p))
		workcal_between(x->c, r->region, p, today_day(), &n, &prov);
	r->paused_workdays += n;
	r->paused_day[0] = '\0';
	json_object_set_new(note, "paused_workdays", json_integer(n));
	if (r->suspension)
		json_object_set(note, "procedure", json_object_get(r->suspension, "kind"));
	json_decref(r->suspension);
	r->suspension = NULL;
	return 0;
}

static void spec_extend(void *input, jfield_t spec[WF_SPEC_MAX])
{
	case_input_t *in = input;
	SPEC({"days", JF_INT, true, 1, 10, &in->days, NULL},
	     {"reason", JF_TEXT, true, 2, 1000, &in->reason, NULL});
}

static int apply_extend(void *cx, void *item, const void *input, json_t *note)
{
	apply_ctx_t *x = cx;
	case_row_t *r = item;
	const case_input_t *in = input;
	r->extension_days = (int)in->days;
	json_decref(r->extension);
	r->extension = json_pack("{si ss ss}", "days", r->extension_days, "reason", in->reason, "at", x->at);
	json_object_update(note, r->extension);
	return 0;
}

static void spec_issue(void *input, jfield_t spec[WF_SPEC_MAX])
{
	case_input_t *in = input;
	SPEC({"number", JF_STRING, true, 1, 64, &in->number, NULL},
	     {"title", JF_STRING, true, 1, 200, &in->title, NULL},
	     {"fields", JF_OBJECT, false, 0, 0, &in->fields, NULL});
}

static int apply_issue(void *cx, void *item, const void *input, json_t *note)
{
	apply_ctx_t *x = cx;
	case_row_t *r = item;
	const case_input_t *in = input;
	json_decref(r->result);
	r->result = json_object();
	put(r->result, "number", in->number);
	put(r->result, "title", in->title);
	if (in->fields)
		json_object_set(r->result, "fields", in->fields);
	put(r->result, "issued_at", x->at);
	json_object_set(r->result, "kind", json_object_get(json_object_get(x->matter, "result"), "kind"));
	put(note, "number", in->number);
	return 0;
}

static void spec_deliver(void *input, jfield_t spec[WF_SPEC_MAX])
{
	case_input_t *in = input;
	SPEC({"method", JF_STRING, true, 1, 16, &in->method, NULL},
	     {"carrier", JF_STRING, false, 1, 50, &in->carrier, NULL},
	     {"tracking_number", JF_STRING, false, 4, 40, &in->tracking_number, NULL});
}

static void check_deliver(void *cx, const void *input, errs_t *e)
{
	const case_input_t *in = input;
	if (!one_of(in->method, DELIVERY_METHODS))
		errs_add(e, "method", "not_an_option", "送达方式应为 electronic、post 或 window",
			 "method is electronic, post or window");
	else if (!strcmp(in->method, "post") && (!in->carrier || !in->tracking_number))
		errs_add(e, in->carrier ? "tracking_number" : "carrier", "required", "邮寄送达须填写快递公司和运单号",
			 "post needs the carrier and tracking number");
}

static int apply_deliver(void *cx, void *item, const void *input, json_t *note)
{
	apply_ctx_t *x = cx;
	case_row_t *r = item;
	const case_input_t *in = input;
	json_decref(r->delivery_record);
	r->delivery_record = json_object();
	put(r->delivery_record, "method", in->method);
	put(r->delivery_record, "carrier", in->carrier);
	put(r->delivery_record, "tracking_number", in->tracking_number);
	put(r->delivery_record, "at", x->at);
	json_object_update(note, r->delivery_record);
	/* a pickup at the window is a visit (最多跑一次 counts real visits) */
	if (!strcmp(in->method, "window") &&
	    visit_record(x->c, r->applicant_id, r->department, VISIT_PICKUP, r->id, NULL, x->by->id) != 0)
		return -1;
	return 0;
}

static int apply_complete(void *cx, void *item, const void *input, json_t *note) { return 0; }

static void spec_withdraw(void *input, jfield_t spec[WF_SPEC_MAX])
{
	case_input_t *in = input;
	SPEC({"reason", JF_TEXT, false, 1, 500, &in->reason, NULL});
}

static int apply_withdraw(void *cx, void *item, const void *input, json_t *note)
{
	apply_ctx_t *x = cx;
	case_row_t *r = item;
	const case_input_t *in = input;
	put(note, "reason", in->reason);
	snprintf(r->finished_day, sizeof r->finished_day, "%s", x->today);
	r->paused_day[0] = '\0';
	return 0;
}

const wf_action_t case_actions[CASE_NACTIONS] = {
	{"submit", NULL, NULL, apply_submit, CASE_ACT_INTAKE_CLOCK},
	{"accept", NULL, NULL, apply_accept, 0},
	{"handle_now", NULL, NULL, apply_handle_now, 0},
	{"refuse", spec_refuse, check_refuse, apply_refuse, 0},
	{"request_correction", spec_correction, check_correction, apply_correction, 0},
	{"deem_accept", NULL, NULL, apply_deem_accept, CASE_ACT_SYSTEM_ONLY},
	{"resubmit", spec_resubmit, check_resubmit, apply_resubmit, CASE_ACT_INTAKE_CLOCK},
	{"review", NULL, NULL, apply_review, 0},
	{"approve", spec_approve, NULL, apply_approve, 0},
	{"deny", spec_deny, NULL, apply_deny, 0},
	{"suspend", spec_suspend, check_suspend, apply_suspend, 0},
	{"resume", NULL, NULL, apply_resume, 0},
	{"extend", spec_extend, NULL, apply_extend, CASE_ACT_NOTIFY_SAME},
	{"issue", spec_issue, NULL, apply_issue, 0},
	{"deliver", spec_deliver, check_deliver, apply_deliver, 0},
	{"complete", NULL, NULL, apply_complete, 0},
	{"withdraw", spec_withdraw, NULL, apply_withdraw, 0},
};

const wf_action_t *case_action(const char *name) { return wf_action(&case_machine, name); }

/* ---- the write ---- */

struct act_ctx {
	const actor_t *by;
	const char *id;
	const wf_action_t *action;
	const case_input_t *in;
	int64_t if_version;
	errs_t *errs;
	json_t *allowed;       /* out on E_STATE */
	const json_t *fill;    /* case_act_within: merged into a draft's form first */
	bool bundled;
};

static void refresh_deadline(dbc_t *c, case_row_t *r)
{
	if (!r->accepted_day[0] || r->finished_day[0] || wf_is_final(&case_machine, r->status))
		return;
	day_t acc;
	deadline_t d;
	if (!date_parse(r->accepted_day, &acc))
		return;
	if (deadline_set(c, "case", r->id, "decision", r->region, acc,
			 r->promised_days + r->extension_days + r->paused_workdays, r->applicant_id,
			 &d) == 0) {
		date_format(d.due, r->due_day);
		r->provisional = d.provisional;
	}
}

/* The roles the caller acts with on this case: staff only in their own
 * department; the system for background jobs; otherwise as an applicant. */
static unsigned acting_who(const actor_t *by, const case_row_t *r)
{
	bool owner = !strcmp(by->id, r->applicant_id);
	bool staff_here = (by->roles & ROLES_CASEWORK) && !strcmp(by->department, r->department);
	unsigned roles = (by->roles & ROLE_SYSTEM) ? ROLE_SYSTEM
			 : staff_here              ? by->roles
						   : (by->roles & ROLES_APPLICANT);
	return roles | (owner ? WF_OWNER : 0);
}

static int act_write(dbc_t *c, void *arg);

/* The platform's own delivery of an issued result into the applicant's
 * account (电子送达: served when it reaches the recipient's system), and the
 * completion that follows it; the machine's rows say only the system may. */
static int deliver_electronically(dbc_t *c, const char *id, errs_t *errs)
{
	actor_t sys;
	actor_system(&sys, "platform.delivery");
	case_input_t in = {.method = "electronic"};
	const char *steps[] = {"deliver", "complete"};
	for (size_t i = 0; i < 2; i++) {
		struct act_ctx y = {
		    .by = &sys, .id = id, .action = case_action(steps[i]), .in = &in, .errs = errs};
		int rc = act_write(c, &y);
		json_decref(y.allowed);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int act_write(dbc_t *c, void *arg)
{
	struct act_ctx *x = arg;
	errs_clear(x->errs);
	json_decref(x->allowed);
	x->allowed = NULL;
	case_row_t r;
	if (!case_load(c, x->id, &r))
		return E_NOT_FOUND;
	int rc = 0;
	if (x->fill && !strcmp(r.status, "draft") && json_is_object(r.form))
		json_object_update(r.form, (json_t *)x->fill);
	json_t *matter = matter_doc(c, r.matter_code, r.matter_version), *note = json_object();
	if (!matter) {
		rc = -1;
		goto out;
	}
	case_facts_t f;
	case_facts(c, &r, matter, &f);
	unsigned who = acting_who(x->by, &r);
	const wf_row_t *row = NULL;
	wf_result_t found = wf_find(&case_machine, r.status, x->action->name, who, &f, &row);
	/* who may act is settled before the request's precondition (RFC 9110
	 * §13.2.1): an unknown action is 404 and another's action 403, whatever
	 * the If-Match; only then is a stale version 409 */
	switch (found) {
	case WF_NO_SUCH_ACTION: rc = E_NOT_FOUND; goto out;
	case WF_NEVER_YOURS:
	case WF_NOT_YOURS: rc = E_FORBIDDEN; goto out;
	default: break;
	}
	if (x->if_version && r.version != x->if_version) {
		rc = E_STALE;
		goto out;
	}
	switch (found) {
	case WF_OK: break;
	case WF_NO_SUCH_ACTION:
	case WF_NEVER_YOURS:
	case WF_NOT_YOURS: break;   /* answered above */
	case WF_NOT_NOW:
	case WF_GUARD:
		x->allowed = case_allowed_actions(c, &r, matter, x->by);
		rc = E_STATE;
		goto out;
	}
	/* a task claimed by a colleague is theirs until released or reassigned */
	if ((who & ROLES_STAFF) && !(who & ROLE_SYSTEM) && case_task_held_by_other(c, r.id, x->by->id)) {
		rc = E_TASK_CLAIMED;
		goto out;
	}
	char from[CASE_STATUS_LEN];
	snprintf(from, sizeof from, "%s", r.status);
	apply_ctx_t ax = {
	    .c = c, .by = x->by, .matter = matter, .errs = x->errs, .now = clock_now_ms(),
	    .bundled = x->bundled};
	today_str(ax.today);
	clock_format_iso(ax.now, ax.at);
	if ((rc = x->action->apply(&ax, &r, x->in, note)) != 0)
		goto out;
	/* copied through `to`: the target may be r.status itself (WF_SAME) */
	char to[CASE_STATUS_LEN];
	const char *prev = r.prev_status[0] ? r.prev_status : "accepted";
	snprintf(to, sizeof to, "%s", wf_target(row, r.status, prev));
	snprintf(r.status, sizeof r.status, "%s", to);
	if (!strcmp(row->to, WF_PREVIOUS))
		r.prev_status[0] = '\0';
	char due_was[DATE_STR_LEN];
	snprintf(due_was, sizeof due_was, "%s", r.due_day);
	refresh_deadline(c, &r);
	clock_in_t ci = {r.region, r.promised_days, r.extension_days, r.paused_workdays,
			 r.accepted_day[0] ? r.accepted_day : NULL, r.paused_day[0] ? r.paused_day : NULL,
			 r.finished_day[0] ? r.finished_day : NULL};
	clock_out_t k;
	case_clock(c, &ci, today_day(), &k);
	snprintf(r.colour, sizeof r.colour, "%s", k.colour);
	int64_t before = r.version;
	int s = case_save(c, &r, before);
	if (s != 0) {
		rc = s > 0 ? E_STALE : -1;
		goto out;
	}
	bool moved = strcmp(from, r.status) != 0;
	if ((rc = case_event(c, &r, x->by, x->action->name, from, r.status, note)) != 0)
		goto out;
	char intake_due[DATE_STR_LEN] = "";
	if ((x->action->flags & CASE_ACT_INTAKE_CLOCK) &&
	    (rc = case_intake_term(c, r.id, r.region, r.applicant_id, intake_due)) != 0)
		goto out;
	if (moved && (rc = case_tasks_follow(c, &r, f.has_result, intake_due)) != 0)
		goto out;
	/* a deadline moved in place (an extension): the open task is queued by the new one */
	if (!moved && strcmp(due_was, r.due_day) != 0 && (rc = case_tasks_requeue(c, r.id, r.due_day)) != 0)
		goto out;
	if (moved && !strcmp(x->action->name, "resubmit") && (rc = case_task_to_asker(c, &r)) != 0)
		goto out;
	/* electronic delivery: the platform delivers and completes in this same write, and the
	 * applicant hears once, at completion, rather than three times in a moment */
	bool deliver_now = moved && !strcmp(r.status, "issued") && f.electronic;
	bool quiet = deliver_now || (!strcmp(r.status, "delivered") && f.electronic);
	if ((moved || (x->action->flags & CASE_ACT_NOTIFY_SAME)) && !quiet &&
	    (rc = case_notice(c, &r, matter, x->action->name)) != 0)
		goto out;
	char action[48];
	snprintf(action, sizeof action, "case.%s", x->action->name);
	json_t *detail = json_pack("{ss ss}", "from", from, "to", r.status);
	rc = audit_append(c, x->by, action, "case", r.id, before, r.version, detail);
	json_decref(detail);
	if (rc == 0) {
		case_change_t ch = {c, x->by, &r, x->action->name, from, r.status, matter, ax.now};
		rc = domain_case_changed(&ch);
	}
	if (rc == 0 && deliver_now)
		rc = deliver_electronically(c, x->id, x->errs);
out:
	json_decref(note);
	json_decref(matter);
	case_row_release(&r);
	return rc;
}

errcode_t case_act(store_t *st, const actor_t *by, const char *id, const wf_action_t *action,
		   int64_t if_version, const case_input_t *in, errs_t *errs, json_t **allowed)
{
	if (action->check) {
		check_ctx_t cx = {store_reader(st), by, id};
		action->check(&cx, in, errs);
		if (errs_any(errs))
			return E_VALIDATION;
	}
	struct act_ctx x = {
	    .by = by, .id = id, .action = action, .in = in, .if_version = if_version, .errs = errs};
	int r = store_write(st, act_write, &x);
	if (allowed)
		*allowed = x.allowed;
	else
		json_decref(x.allowed);
	if (r < 0)
		return E_INTERNAL;
	return (errcode_t)r;
}

errcode_t case_act_within(dbc_t *c, const actor_t *by, const char *id, const wf_action_t *action,
			  const case_input_t *in, const json_t *fill, bool bundled, errs_t *errs)
{
	struct act_ctx x = {.by = by, .id = id, .action = action, .in = in, .errs = errs, .fill = fill,
			    .bundled = bundled};
	int r = act_write(c, &x);
	json_decref(x.allowed);
	return r < 0 ? E_INTERNAL : (errcode_t)r;
}

int case_set_principal_within(dbc_t *c, const char *id, const char *principal_id)
{
	return case_store_set_principal(c, id, principal_id) == DB_DONE ? 0 : -1;
}
