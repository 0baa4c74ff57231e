/* case_actions.c — moving a case: one function for every action of the
 * transition table (workflow.c). The request body of each action is checked
 * before the write; inside the writer the case is re-read, its version
 * compared with If-Match, the table consulted, and the effects applied with
 * the timeline, tasks, clock, message and audit entry in one transaction. */
#include "domain/cases/case.h"
#include "domain/core/audit.h"
#include "domain/cases/case_clock.h"
#include "domain/cases/case_store.h"
#include "domain/catalog/matter.h"
#include "domain/catalog/form.h"
#include "domain/core/message.h"
#include "domain/appointments/visit.h"
#include "domain/calendar/workcal.h"
#include "domain/cases/case_flow.h"
#include "base/clock.h"
#include "base/jsonin.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const char *const REFUSE_REASONS[] = {"not_in_remit", "not_a_licensing_matter", "not_eligible", "other_legal", NULL};
static const char *const SUSPEND_KINDS[] = {"hearing", "expert_review", "inspection", "publicity", NULL};
static const char *const DEFAULT_REMEDIES =
	"如不服本决定，可自收到之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。"
	" / If you disagree, you may apply for administrative reconsideration within 60 days or bring an administrative lawsuit within 6 months.";

static bool one_of(const char *v, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(v, *list))
			return true;
	return false;
}

struct act_ctx {
	const actor_t *by;
	const char *id, *action;
	int64_t if_version;
	const json_t *body;
	errs_t *errs;
	json_t *allowed;       /* out on E_STATE */
	char detail_zh[160], detail_en[160];
};

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

/* Files of the case as {key: file_id}. */
static json_t *case_files(dbc_t *c, const char *id)
{
	json_t *o = json_object();
	dbs_t *s = db_prep(c, "SELECT material_key, file_id FROM case_files WHERE case_id = ?");
	db_bind_text(s, 1, id);
	while (db_step(s) == DB_ROW)
		json_object_set_new(o, db_col_text(s, 0), json_string(db_col_text(s, 1)));
	db_reset(s);
	return o;
}

static int set_file(dbc_t *c, const char *id, const char *key, const char *file)
{
	dbs_t *s = db_prep(c, "INSERT INTO case_files (case_id, material_key, file_id) VALUES (?,?,?) "
			      "ON CONFLICT (case_id, material_key) DO UPDATE SET file_id = excluded.file_id");
	db_bind_text(s, 1, id);
	db_bind_text(s, 2, key);
	db_bind_text(s, 3, file);
	int rc = db_step(s);
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

/* Checks a whole submission (form and required materials) against the pinned version. */
static void check_submission(dbc_t *c, const case_row_t *r, const json_t *matter, errs_t *e)
{
	form_opts_t fo;
	case_form_opts(c, "form", &fo);
	form_validate(json_object_get(matter, "form"), r->form, &fo, e);
	json_t *files = case_files(c, r->id);
	case_require_materials(matter, files, e);
	json_decref(files);
}

static void refresh_deadline(dbc_t *c, case_row_t *r)
{
	if (!r->accepted_day[0])
		return;
	day_t acc;
	deadline_t d;
	if (!date_parse(r->accepted_day, &acc))
		return;
	if (r->finished_day[0] || wf_is_final(r->status))
		return;
	if (deadline_set(c, "case", r->id, "decision", r->region, acc,
			 r->promised_days + r->extension_days + r->paused_workdays, r->applicant_id, &d) == 0) {
		date_format(d.due, r->due_day);
		r->provisional = d.provisional;
	}
}

static json_t *body_copy(const json_t *b, const char *const *keys)
{
	json_t *o = json_object();
	for (; *keys; keys++) {
		json_t *v = json_object_get(b, *keys);
		if (v)
			json_object_set(o, *keys, v);
	}
	return o;
}

/* Effects of each action on the row (status already checked). Returns 0, an
 * errcode (> 0), or -1. `note` receives what the timeline shows. */
static int apply(dbc_t *c, struct act_ctx *x, case_row_t *r, const json_t *matter, json_t *note)
{
	const char *a = x->action;
	const json_t *b = x->body;
	char today[DATE_STR_LEN];
	today_str(today);
	int64_t now = clock_now_ms();
	char at[32];
	clock_format_iso(now, at);
	if (!strcmp(a, "submit")) {
		check_submission(c, r, matter, x->errs);
		if (errs_any(x->errs))
			return E_VALIDATION;
		snprintf(r->submitted_day, sizeof r->submitted_day, "%s", today);
		r->submitted_at = now;
	} else if (!strcmp(a, "accept") || !strcmp(a, "handle_now")) {
		snprintf(r->accepted_day, sizeof r->accepted_day, "%s", today);
		if (!strcmp(a, "handle_now"))
			snprintf(r->finished_day, sizeof r->finished_day, "%s", today);
	} else if (!strcmp(a, "deem_accept")) {
		/* Art. 32: no notice within 5 days means accepted from the day of receipt */
		snprintf(r->accepted_day, sizeof r->accepted_day, "%s", r->submitted_day);
		json_object_set_new(note, "deemed", json_true());
	} else if (!strcmp(a, "refuse")) {
		static const char *const k[] = {"reason", "detail", "legal_basis", "apply_to", NULL};
		json_decref(r->decision);
		r->decision = body_copy(b, k);
		json_object_set_new(r->decision, "kind", json_string("refuse"));
		json_object_set_new(r->decision, "at", json_string(at));
		json_object_update(note, r->decision);
		snprintf(r->finished_day, sizeof r->finished_day, "%s", today);
	} else if (!strcmp(a, "request_correction")) {
		r->correction_rounds++;
		json_decref(r->correction);
		r->correction = json_pack("{sO ss si}", "items", json_object_get(b, "items"), "requested_at", at, "round",
					  r->correction_rounds);
		json_object_set(note, "items", json_object_get(b, "items"));
	} else if (!strcmp(a, "resubmit")) {
		json_t *form = json_object_get(b, "form"), *mats = json_object_get(b, "materials");
		const char *key;
		json_t *v;
		json_object_foreach(form, key, v) {
			if (!flagged(r->correction, "field", key)) {
				char p[96];
				snprintf(p, sizeof p, "form.%s", key);
				errs_add(x->errs, p, "not_flagged", "补正时只能修改被告知需要补正的内容", "only the items in the correction notice may change");
			} else
				json_object_set(r->form, key, v);
		}
		size_t i;
		json_array_foreach(mats, i, v) {
			const char *mk = json_string_value(json_object_get(v, "key"));
			char p[64];
			snprintf(p, sizeof p, "materials[%zu].key", i);
			if (!mk || !flagged(r->correction, "material", mk))
				errs_add(x->errs, p, "not_flagged", "补正时只能更换被告知需要补正的材料", "only the materials in the correction notice may change");
			else if (set_file(c, r->id, mk, json_string_value(json_object_get(v, "file"))) != 0)
				return -1;
		}
		if (errs_any(x->errs))
			return E_VALIDATION;
		check_submission(c, r, matter, x->errs);
		if (errs_any(x->errs))
			return E_VALIDATION;
		json_object_set_new(r->correction, "answered_at", json_string(at));
		snprintf(r->submitted_day, sizeof r->submitted_day, "%s", today);
	} else if (!strcmp(a, "approve") || !strcmp(a, "deny")) {
		static const char *const k[] = {"opinion", "reason", "legal_basis", "remedies", NULL};
		json_decref(r->decision);
		r->decision = body_copy(b, k);
		json_object_set_new(r->decision, "kind", json_string(!strcmp(a, "approve") ? "approve" : "deny"));
		json_object_set_new(r->decision, "at", json_string(at));
		if (!strcmp(a, "deny") && !json_object_get(r->decision, "remedies"))
			json_object_set_new(r->decision, "remedies", json_string(DEFAULT_REMEDIES));
		json_object_update(note, r->decision);
		snprintf(r->finished_day, sizeof r->finished_day, "%s", today);
	} else if (!strcmp(a, "suspend")) {
		static const char *const k[] = {"kind", "reason", "expected_days", NULL};
		json_decref(r->suspension);
		r->suspension = body_copy(b, k);
		json_object_set_new(r->suspension, "since", json_string(today));
		json_object_update(note, r->suspension);
		snprintf(r->prev_status, sizeof r->prev_status, "%s", r->status);
		snprintf(r->paused_day, sizeof r->paused_day, "%s", today);
	} else if (!strcmp(a, "resume")) {
		day_t p;
		int n = 0;
		bool prov;
		if (date_parse(r->paused_day, &p))
			workcal_between(c, r->region, p, today_day(), &n, &prov);
		r->paused_workdays += n;
		r->paused_day[0] = '\0';
		json_object_set_new(note, "paused_workdays", json_integer(n));
		if (r->suspension)
			json_object_set(note, "procedure", json_object_get(r->suspension, "kind"));
		json_decref(r->suspension);
		r->suspension = NULL;
	} else if (!strcmp(a, "extend")) {
		r->extension_days = (int)json_integer_value(json_object_get(b, "days"));
		json_decref(r->extension);
		r->extension = json_pack("{si sO ss}", "days", r->extension_days, "reason", json_object_get(b, "reason"), "at", at);
		json_object_update(note, r->extension);
	} else if (!strcmp(a, "issue")) {
		static const char *const k[] = {"number", "title", "fields", NULL};
		json_decref(r->result);
		r->result = body_copy(b, k);
		json_object_set_new(r->result, "issued_at", json_string(at));
		json_object_set(r->result, "kind", json_object_get(json_object_get(matter, "result"), "kind"));
		json_object_set(note, "number", json_object_get(b, "number"));
	} else if (!strcmp(a, "deliver")) {
		static const char *const k[] = {"method", "carrier", "tracking_number", NULL};
		json_decref(r->delivery_record);
		r->delivery_record = body_copy(b, k);
		json_object_set_new(r->delivery_record, "at", json_string(at));
		json_object_update(note, r->delivery_record);
		if (!strcmp(json_string_value(json_object_get(b, "method")), "window") &&
		    visit_record(c, r->applicant_id, r->department, "pickup", r->id, NULL, x->by->id) != 0)
			return -1;
	} else if (!strcmp(a, "withdraw")) {
		if (json_object_get(b, "reason"))
			json_object_set(note, "reason", json_object_get(b, "reason"));
		snprintf(r->finished_day, sizeof r->finished_day, "%s", today);
		r->paused_day[0] = '\0';
	}
	return 0;
}

/* Whether the table lets the caller take `action` from any state at all: an
 * action that is never theirs (an applicant approving, a reviewer extending)
 * is 403, not "not now" (409). */
static bool ever_permitted(const char *action, unsigned roles, bool owner)
{
	size_t n;
	const wf_row_t *t = wf_table(&n);
	unsigned who = roles | (owner ? WHO_OWNER : 0);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].action, action) && (t[i].who & who))
			return true;
	return false;
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
	json_t *matter = matter_doc(c, r.matter_code, r.matter_version), *note = json_object();
	if (!matter) {
		rc = -1;
		goto out;
	}
	if (x->if_version && r.version != x->if_version) {
		rc = E_STALE;
		goto out;
	}
	wf_facts_t f;
	case_facts(c, &r, matter, &f);
	bool owner = !strcmp(x->by->id, r.applicant_id);
	bool staff_here = (x->by->roles & ROLES_STAFF) && !strcmp(x->by->department, r.department);
	unsigned roles = (x->by->roles & ROLE_SYSTEM) ? ROLE_SYSTEM : staff_here ? x->by->roles : (x->by->roles & ROLES_APPLICANT);
	const wf_row_t *row = NULL;
	switch (wf_find(r.status, x->action, roles, owner, &f, &row)) {
	case WF_OK: break;
	case WF_NO_SUCH_ACTION: rc = E_NOT_FOUND; goto out;
	case WF_NOT_YOURS: rc = E_FORBIDDEN; goto out;
	case WF_NOT_NOW:
		if (!ever_permitted(x->action, roles, owner)) {
			rc = E_FORBIDDEN;
			goto out;
		}
		/* fall through */
	case WF_GUARD:
		x->allowed = case_allowed_actions(c, &r, matter, x->by);
		rc = E_STATE;
		goto out;
	}
	if (staff_here && !(x->by->roles & ROLE_SYSTEM)) {
		/* a task claimed by a colleague is theirs until released or reassigned */
		dbs_t *s = db_prep(c, "SELECT t.claimed_by, a.display_name FROM tasks t LEFT JOIN accounts a ON a.id = t.claimed_by "
				      "WHERE t.case_id = ? AND t.status = 'claimed' AND t.claimed_by <> ?");
		db_bind_text(s, 1, r.id);
		db_bind_text(s, 2, x->by->id);
		bool held = db_step(s) == DB_ROW;
		db_reset(s);
		if (held) {
			rc = E_TASK_CLAIMED;
			goto out;
		}
	}
	char from[16];
	snprintf(from, sizeof from, "%s", r.status);
	rc = apply(c, x, &r, matter, note);
	if (rc != 0)
		goto out;
	if (!strcmp(row->to, WF_PREVIOUS)) {
		snprintf(r.status, sizeof r.status, "%s", r.prev_status[0] ? r.prev_status : "accepted");
		r.prev_status[0] = '\0';
	} else if (strcmp(row->to, WF_SAME) != 0)
		snprintf(r.status, sizeof r.status, "%s", row->to);
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
	if ((rc = case_event(c, &r, x->by, x->action, from, r.status, note)) != 0)
		goto out;
	if (moved && (rc = case_tasks_follow(c, &r, f.has_result)) != 0)
		goto out;
	if (!strcmp(x->action, "submit") || !strcmp(x->action, "resubmit")) {
		deadline_t d;
		if ((rc = deadline_set(c, "case", r.id, "intake", r.region, today_day(), 5, r.applicant_id, &d)) != 0)
			goto out;
	}
	{
		char zh[300], en[300];
		const char *extra_zh = "", *extra_en = "";
		if (!strcmp(x->action, "request_correction")) {
			extra_zh = "请按补正告知一次性补齐所列全部内容。";
			extra_en = " Please supply every listed item at once.";
		} else if (!strcmp(x->action, "extend")) {
			extra_zh = "办理期限已依法延长。";
			extra_en = " The time limit was extended.";
		}
		snprintf(zh, sizeof zh, "办件 %s：%s。%s", r.number, wf_status_zh(r.status), extra_zh);
		snprintf(en, sizeof en, "Case %s: %s.%s", r.number, wf_status_en(r.status), extra_en);
		if (moved || !strcmp(x->action, "extend"))
			if ((rc = message_add(c, r.applicant_id, "case_status", "办件进度更新", "Case update", zh, en, "case", r.id)) != 0)
				goto out;
	}
	{
		char action[48];
		snprintf(action, sizeof action, "case.%s", x->action);
		json_t *detail = json_pack("{ss ss}", "from", from, "to", r.status);
		rc = audit_append(c, x->by, action, "case", r.id, before, r.version, detail);
		json_decref(detail);
	}
out:
	json_decref(note);
	json_decref(matter);
	case_row_free(&r);
	return rc;
}

/* Checks an action's body before the write (shape, enums, keys of the matter). */
static bool check_body(dbc_t *c, const char *action, const json_t *b, const actor_t *by, const char *id, errs_t *e)
{
	const char *s1 = NULL, *s2 = NULL, *s3 = NULL, *s4 = NULL;
	long long n = 0;
	json_t *arr = NULL, *obj = NULL;
	if (!strcmp(action, "refuse")) {
		jfield_t spec[] = {{"reason", JF_STRING, true, 1, 40, &s1, NULL}, {"detail", JF_TEXT, true, 2, 1000, &s2, NULL},
				   {"legal_basis", JF_TEXT, true, 2, 1000, &s3, NULL}, {"apply_to", JF_STRING, false, 2, 200, &s4, NULL}, JF_END};
		if (!json_spec_parse(b, spec, NULL, e))
			return false;
		/* There is deliberately no reason "apply online instead": an in-person applicant is never turned away to go online. */
		if (!one_of(s1, REFUSE_REASONS))
			errs_add(e, "reason", "not_an_option", "不予受理理由应为法定情形之一：not_in_remit、not_a_licensing_matter、not_eligible、other_legal",
				 "the reason is one of the legal grounds: not_in_remit, not_a_licensing_matter, not_eligible, other_legal");
		else if (!strcmp(s1, "not_in_remit") && !s4)
			errs_add(e, "apply_to", "required", "不属于本机关职权范围的，须告知向哪个机关申请", "say which authority to apply to");
	} else if (!strcmp(action, "request_correction")) {
		jfield_t spec[] = {{"items", JF_ARRAY, true, 1, 100, &arr, NULL}, JF_END};
		if (!json_spec_parse(b, spec, NULL, e))
			return false;
		case_row_t r;
		json_t *matter = NULL;
		if (case_load(c, id, &r)) {
			matter = matter_doc(c, r.matter_code, r.matter_version);
			case_row_free(&r);
		}
		size_t i;
		json_t *it;
		json_array_foreach(arr, i, it) {
			char p[48];
			snprintf(p, sizeof p, "items[%zu]", i);
			const char *kind = NULL, *key = NULL, *reason = NULL;
			jfield_t is[] = {{"kind", JF_STRING, true, 1, 16, &kind, NULL}, {"key", JF_STRING, true, 1, 64, &key, NULL},
					 {"reason", JF_STRING, true, 2, 300, &reason, NULL}, JF_END};
			if (!json_spec_parse(it, is, p, e))
				continue;
			char kp[64];
			snprintf(kp, sizeof kp, "%s.key", p);
			if (!strcmp(kind, "field")) {
				if (matter && !field_in_schema(matter, key))
					errs_add(e, kp, "unknown_field", "表单中没有这个字段", "the form has no such field");
			} else if (!strcmp(kind, "material")) {
				if (matter && !case_material_def(matter, key))
					errs_add(e, kp, "unknown_material", "该事项没有这项材料", "the matter has no such material");
			} else {
				snprintf(kp, sizeof kp, "%s.kind", p);
				errs_add(e, kp, "not_an_option", "补正项类型应为 field 或 material", "kind is field or material");
			}
		}
		json_decref(matter);
	} else if (!strcmp(action, "resubmit")) {
		jfield_t spec[] = {{"form", JF_OBJECT, false, 0, 0, &obj, NULL}, {"materials", JF_ARRAY, false, 0, 50, &arr, NULL}, JF_END};
		if (!json_spec_parse(b, spec, NULL, e))
			return false;
		case_row_t r;
		if (arr && case_load(c, id, &r)) {
			json_t *matter = matter_doc(c, r.matter_code, r.matter_version);
			json_decref(case_parse_materials(c, matter, arr, by->id, e));
			json_decref(matter);
			case_row_free(&r);
		}
	} else if (!strcmp(action, "approve")) {
		jfield_t spec[] = {{"opinion", JF_TEXT, false, 1, 2000, &s1, NULL}, JF_END};
		json_spec_parse(b, spec, NULL, e);
	} else if (!strcmp(action, "deny")) {
		jfield_t spec[] = {{"reason", JF_TEXT, true, 2, 2000, &s1, NULL}, {"legal_basis", JF_TEXT, true, 2, 1000, &s2, NULL},
				   {"remedies", JF_TEXT, false, 2, 1000, &s3, NULL}, JF_END};
		json_spec_parse(b, spec, NULL, e);
	} else if (!strcmp(action, "suspend")) {
		jfield_t spec[] = {{"kind", JF_STRING, true, 1, 32, &s1, NULL}, {"reason", JF_TEXT, true, 2, 1000, &s2, NULL},
				   {"expected_days", JF_INT, true, 1, 365, &n, NULL}, JF_END};
		if (json_spec_parse(b, spec, NULL, e) && !one_of(s1, SUSPEND_KINDS))
			errs_add(e, "kind", "not_an_option", "特别程序应为 hearing（听证）、expert_review（专家评审）、inspection（检验检测）或 publicity（公示）",
				 "kind is hearing, expert_review, inspection or publicity");
	} else if (!strcmp(action, "extend")) {
		jfield_t spec[] = {{"days", JF_INT, true, 1, 10, &n, NULL}, {"reason", JF_TEXT, true, 2, 1000, &s1, NULL}, JF_END};
		json_spec_parse(b, spec, NULL, e);
	} else if (!strcmp(action, "issue")) {
		jfield_t spec[] = {{"number", JF_STRING, true, 1, 64, &s1, NULL}, {"title", JF_STRING, true, 1, 200, &s2, NULL},
				   {"fields", JF_OBJECT, false, 0, 0, &obj, NULL}, JF_END};
		json_spec_parse(b, spec, NULL, e);
	} else if (!strcmp(action, "deliver")) {
		jfield_t spec[] = {{"method", JF_STRING, true, 1, 16, &s1, NULL}, {"carrier", JF_STRING, false, 1, 50, &s2, NULL},
				   {"tracking_number", JF_STRING, false, 4, 40, &s3, NULL}, JF_END};
		if (json_spec_parse(b, spec, NULL, e)) {
			if (strcmp(s1, "electronic") && strcmp(s1, "post") && strcmp(s1, "window"))
				errs_add(e, "method", "not_an_option", "送达方式应为 electronic、post 或 window", "method is electronic, post or window");
			else if (!strcmp(s1, "post") && (!s2 || !s3))
				errs_add(e, s2 ? "tracking_number" : "carrier", "required", "邮寄送达须填写快递公司和运单号", "post needs the carrier and tracking number");
		}
	} else if (!strcmp(action, "withdraw")) {
		jfield_t spec[] = {{"reason", JF_TEXT, false, 1, 500, &s1, NULL}, JF_END};
		json_spec_parse(b, spec, NULL, e);
	} else {
		jfield_t spec[] = {JF_END};
		json_spec_parse(b, spec, NULL, e);
	}
	return !errs_any(e);
}

errcode_t case_act(store_t *st, const actor_t *by, const char *id, const char *action, int64_t if_version,
		   const json_t *body, errs_t *errs, json_t **allowed)
{
	json_t *empty = NULL;
	if (!body)
		body = empty = json_object();
	if (!check_body(store_reader(st), action, body, by, id, errs)) {
		json_decref(empty);
		return E_VALIDATION;
	}
	struct act_ctx x = {.by = by, .id = id, .action = action, .if_version = if_version, .body = body, .errs = errs};
	int r = store_write(st, act_write, &x);
	json_decref(empty);
	if (allowed)
		*allowed = x.allowed;
	else
		json_decref(x.allowed);
	if (r < 0)
		return E_INTERNAL;
	return (errcode_t)r;
}

struct draft_ctx {
	const actor_t *by;
	const char *id;
	int64_t if_version;
	json_t *form, *files, *delivery;
};

static int draft_write(dbc_t *c, void *arg)
{
	struct draft_ctx *x = arg;
	case_row_t r;
	if (!case_load(c, x->id, &r))
		return E_NOT_FOUND;
	int rc = 0;
	if (strcmp(r.status, "draft") != 0)
		rc = E_STATE;
	else if (r.version != x->if_version)
		rc = E_STALE;
	if (rc == 0) {
		if (x->form) {
			json_decref(r.form);
			r.form = json_incref(x->form);
		}
		if (x->delivery) {
			json_decref(r.delivery);
			r.delivery = json_incref(x->delivery);
		}
		int64_t before = r.version;
		rc = case_save(c, &r, before);
		if (rc > 0)
			rc = E_STALE;
		const char *key;
		json_t *v;
		if (rc == 0 && x->files)
			json_object_foreach(x->files, key, v) if (set_file(c, r.id, key, json_string_value(v)) != 0) rc = -1;
		if (rc == 0)
			rc = audit_append(c, x->by, "case.update_draft", "case", r.id, before, r.version, NULL);
	}
	case_row_free(&r);
	return rc;
}

errcode_t case_update_draft(store_t *st, const actor_t *by, const char *id, int64_t if_version, const json_t *body,
			    errs_t *e)
{
	dbc_t *c = store_reader(st);
	json_t *form = NULL, *materials = NULL, *delivery = NULL;
	jfield_t spec[] = {{"form", JF_OBJECT, false, 0, 0, &form, NULL}, {"materials", JF_ARRAY, false, 0, 50, &materials, NULL},
			   {"delivery", JF_OBJECT, false, 0, 0, &delivery, NULL}, JF_END};
	if (!json_spec_parse(body, spec, NULL, e))
		return E_VALIDATION;
	case_row_t r;
	if (!case_load(c, id, &r))
		return E_NOT_FOUND;
	json_t *matter = matter_doc(c, r.matter_code, r.matter_version);
	struct draft_ctx x = {.by = by, .id = id, .if_version = if_version, .form = form, .delivery = delivery};
	if (materials)
		x.files = case_parse_materials(c, matter, materials, by->id, e);
	json_decref(matter);
	case_row_free(&r);
	if (errs_any(e)) {
		json_decref(x.files);
		return E_VALIDATION;
	}
	int rc = store_write(st, draft_write, &x);
	json_decref(x.files);
	return rc < 0 ? E_INTERNAL : (errcode_t)rc;
}
