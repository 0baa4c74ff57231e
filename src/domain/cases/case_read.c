/* case_read.c — a case as the API shows it, and lists of cases (see cases.h).
 * ID numbers and phones (the form's typed fields, the agent's, any in free
 * text) are masked for a viewer who neither owns nor handles the case
 * (pii_view.h); the timeline names departments and roles, never staff members. */
#include "domain/catalog/decision_words.h"
#include "domain/cases/case.h"
#include "domain/identity/account.h"
#include "domain/cases/case_clock.h"
#include "domain/cases/case_store.h"
#include "domain/catalog/matter.h"
#include "domain/calendar/workcal.h"
#include "domain/cases/case_flow.h"
#include "domain/cases/case_hooks.h"
#include "domain/cases/case_process.h"
#include "domain/appointments/visit.h"
#include "domain/catalog/form.h"
#include "domain/core/pii_view.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "base/jsonin.h"
#include "base/date.h"
#include "domain/core/geo.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *iso(int64_t ms)
{
	if (!ms)
		return json_null();
	char ts[32];
	clock_format_iso(ms, ts);
	return json_string(ts);
}

struct files_ctx {
	json_t *first;   /* {key: file}: the material's file (page 1) */
	json_t *all;     /* {key: [file, …]}: every file of the material, in page order */
};

static void add_file(const case_file_t *f, void *ctx)
{
	struct files_ctx *x = ctx;
	json_t *o = json_pack("{ss ss sI ss}", "id", f->id, "type", f->type, "size", (json_int_t)f->size,
			      "name", f->name);
	if (!o)
		return;
	json_t *list = json_object_get(x->all, f->material_key);
	if (!list) {
		list = json_array();
		json_object_set_new(x->all, f->material_key, list);
	}
	json_array_append(list, o);
	if (f->page <= 1)
		json_object_set(x->first, f->material_key, o);
	json_decref(o);
}

/* The catalogue's key of the 授权委托书 material (data/demo/matters.json). */
#define POWER_OF_ATTORNEY "power_of_attorney"

struct certs_ctx {
	json_t *by_key;
	bool clear;
};

/* A material taken from a certificate (免提交): what it is and who issued it
 * for anyone who may see the case; its holder and fields, as a scan would
 * show them, for the applicant and the staff handling it; and where it is
 * verified now. */
static void add_cert(const case_cert_t *f, void *ctx)
{
	struct certs_ctx *x = ctx;
	const json_t *v = f->view;
	char verify[96];
	snprintf(verify, sizeof verify, "/api/v1/certificates/%s/verify", f->certificate_id);
	json_t *o = json_pack("{ss sO sO sO sO ss}", "id", f->certificate_id, "type",
			      json_object_get(v, "type"), "name", json_object_get(v, "name"), "issuer",
			      json_object_get(v, "issuer"), "issued", json_object_get(v, "issued"), "verify",
			      verify);
	if (o && x->clear) {
		const char *keys[] = {"identifier", "valid_until", "holder", "fields"};
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
			json_object_set(o, keys[i], json_object_get(v, keys[i]) ?: json_null());
	}
	if (o)
		json_object_set_new(x->by_key, f->material_key,
				    json_pack("{so sb}", "certificate", o, "auto", f->automatic));
}

static json_t *materials_json(dbc_t *c, const char *case_id, const json_t *matter, bool clear, int *reused)
{
	/* the case's files in one query, then matched to the pinned material list */
	json_t *files = json_object(), *all = json_object();
	struct files_ctx fx = {files, all};
	case_scan_files(c, case_id, add_file, &fx);
	struct certs_ctx cx = {json_object(), clear};
	case_scan_certs(c, case_id, add_cert, &cx);
	*reused = 0;
	json_t *arr = json_array();
	size_t i;
	json_t *m;
	/* The agent's power of attorney (帮办代办) is stored under its own key: it
	 * is what the catalogue's 授权委托书 material asks for, and where a
	 * matter lists no such material it is shown as one of its own. */
	json_t *poa = json_object_get(files, CASE_AGENT_AUTHORIZATION);
	bool poa_shown = false;
	json_array_foreach(json_object_get(matter, "materials"), i, m) {
		const char *key = json_string_value(json_object_get(m, "key"));
		json_t *f = json_object_get(files, key);
		if (!f && poa && key && strcmp(key, POWER_OF_ATTORNEY) == 0) {
			f = poa;
			poa_shown = true;
		}
		json_t *cert = f ? NULL : json_object_get(cx.by_key, key);
		json_t *e = json_pack("{ss sO sO sO sO}", "key", key, "name", json_object_get(m, "name"),
				      "required", json_object_get(m, "required"), "source",
				      json_object_get(m, "source"), "file", f ? f : json_null());
		/* every file of the material: a material of several pages (正反面) has more than one */
		json_t *list = f ? json_object_get(all, f == poa ? CASE_AGENT_AUTHORIZATION : key) : NULL;
		if (list)
			json_object_set(e, "files", list);
		else
			json_object_set_new(e, "files", json_array());
		json_object_set(e, "certificate", cert ? json_object_get(cert, "certificate") : json_null());
		json_object_set(e, "auto", cert ? json_object_get(cert, "auto") : json_false());
		if (cert)
			(*reused)++; /* an upload avoided */
		json_array_append_new(arr, e);
	}
	if (poa && !poa_shown) {
		json_t *e = json_pack("{ss s{ss ss} sb ss sO sn sb}", "key", CASE_AGENT_AUTHORIZATION, "name",
				      "zh", "授权委托书", "en", "Power of attorney", "required", 1, "source",
				      "upload", "file", poa, "certificate", "auto", 0);
		json_array_append_new(arr, e);
	}
	json_decref(files);
	json_decref(all);
	json_decref(cx.by_key);
	return arr;
}

static void add_event(const case_event_t *ev, void *ctx)
{
	json_t *note = json_loads(ev->note ? ev->note : "{}", 0, NULL);
	json_array_append_new(ctx,
			      json_pack("{so ss ss ss ss ss so}", "at", iso(ev->at), "action", ev->action,
					"from", ev->from, "to", ev->to, "department", ev->department, "role",
					ev->role, "note", note ? note : json_object()));
}

static json_t *timeline_json(dbc_t *c, const char *case_id)
{
	json_t *arr = json_array();
	case_scan_events(c, case_id, add_event, arr);
	return arr;
}

bool case_intake_overdue(dbc_t *c, const char *region, const char *submitted_day)
{
	day_t sub;
	int n = 0;
	bool prov;
	return submitted_day && submitted_day[0] && date_parse(submitted_day, &sub) &&
	       workcal_between(c, region, sub, today_day(), &n, &prov) == E_OK && n > CASE_INTAKE_DAYS;
}

bool case_facts(dbc_t *c, const case_row_t *r, const json_t *matter, case_facts_t *f)
{
	memset(f, 0, sizeof *f);
	f->immediate = r->immediate;
	f->has_result = matter_has_result(matter);
	f->separate_approval = json_is_true(json_object_get(matter, "separate_approval"));
	f->extended = r->extension_days > 0;
	const char *method = json_string_value(json_object_get(r->delivery, "method"));
	f->electronic = method && !strcmp(method, "electronic");
	/* a fee the result waits for (docs/payments.md): unpaid until its notice is paid */
	if (json_integer_value(json_object_get(matter, "fee_fen")) > 0 &&
	    json_is_true(json_object_get(matter, "fee_before_result")))
		f->fee_unpaid = !domain_case_fee_paid(c, r->id);
	if (!strcmp(r->status, "submitted"))
		f->intake_overdue = case_intake_overdue(c, r->region, r->submitted_day);
	return true;
}

/* The case's place in its matter's process (case_process.h): every step, the
 * one its state is in, and that step's deadline — the intake term while it
 * waits for intake, the clock's deadline while it is reviewed and decided. */
static json_t *process_json(dbc_t *c, const case_row_t *r, const json_t *matter, const clock_out_t *k)
{
	json_t *steps = case_process_steps(matter);
	const char *cur = case_process_step_of(steps, r->status);
	char due[DATE_STR_LEN] = "";
	day_t sub;
	deadline_t d;
	if (cur && !strcmp(r->status, "submitted") && !r->immediate && date_parse(r->submitted_day, &sub) &&
	    workcal_add(c, r->region, sub, CASE_INTAKE_DAYS, &d) == E_OK)
		date_format(d.due, due);
	else if (cur && (!strcmp(cur, "review") || !strcmp(cur, "decide")) && k->started && !k->finished)
		date_format(k->due, due);
	return json_pack("{so ss? ss?}", "steps", steps, "current", cur, "due", due[0] ? due : NULL);
}

/* The actions `viewer` may take now, by the table (never the system's own). */
json_t *case_allowed_actions(dbc_t *c, const case_row_t *r, const json_t *matter, const actor_t *viewer)
{
	case_facts_t f;
	case_facts(c, r, matter, &f);
	bool owner = !strcmp(viewer->id, r->applicant_id);
	bool staff_here = (viewer->roles & ROLES_CASEWORK) && !strcmp(viewer->department, r->department);
	unsigned who =
	    (staff_here ? viewer->roles : (viewer->roles & ROLES_APPLICANT)) | (owner ? WF_OWNER : 0);
	return wf_allowed(&case_machine, r->status, who & ~(unsigned)ROLE_SYSTEM, &f);
}

json_t *case_json(dbc_t *c, const char *id, const actor_t *viewer)
{
	case_row_t r;
	if (!case_load(c, id, &r))
		return NULL;
	json_t *matter = matter_doc(c, r.matter_code, r.matter_version);
	if (!matter) {
		case_row_release(&r);
		return NULL;
	}
	clock_in_t ci = {r.region, r.promised_days, r.extension_days, r.paused_workdays,
			 r.accepted_day[0] ? r.accepted_day : NULL, r.paused_day[0] ? r.paused_day : NULL,
			 r.finished_day[0] ? r.finished_day : NULL};
	clock_out_t k;
	case_clock(c, &ci, today_day(), &k);
	json_t *o = json_pack(
	    "{ss ss sI s{ss sI sO} s{ss sO} ss ss ss s{ss ss}}", "id", r.id, "number", r.number, "version",
	    (json_int_t)r.version, "matter", "code", r.matter_code, "version", (json_int_t)r.matter_version,
	    "name", json_object_get(matter, "name"), "department", "code", r.department, "name",
	    json_object_get(matter, "department_name") ? json_object_get(matter, "department_name")
						       : json_null(),
	    "region", r.region, "channel", r.channel, "status", r.status, "status_label", "zh",
	    wf_state_zh(&case_machine, r.status), "en", wf_state_en(&case_machine, r.status));
	/* a decision is called what the matter grants: 准予登记, not 准予许可, for a registration */
	const decision_words_t *words = decision_words_of(matter);
	json_object_set_new(o, "decision_words", decision_words_json(words));
	case_status_label_words(o, r.status, words);
	bool owner = !strcmp(viewer->id, r.applicant_id);
	account_brief_t who;
	if (account_brief(c, r.applicant_id, &who))
		json_object_set_new(
		    o, "applicant",
		    json_pack("{ss ss ss}", "id", r.applicant_id, "name", who.name, "kind", who.kind));
	/* filed for an enterprise its bundle's registration created: the applicant acts for it */
	if (r.principal_id[0] && account_brief(c, r.principal_id, &who))
		json_object_set_new(
		    o, "principal",
		    json_pack("{ss ss ss}", "id", r.principal_id, "name", who.name, "kind", who.kind));
	bool clear = pii_view_clear(viewer, r.applicant_id, r.department);
	if (r.agent) {
		json_t *ag = json_deep_copy(r.agent);
		const char *idn = json_string_value(json_object_get(ag, "id_number"));
		if (idn && !clear) {
			char masked[32];
			mask_id_number(idn, masked, sizeof masked);
			json_object_set_new(ag, "id_number", json_string(masked));
		}
		json_object_set_new(o, "agent", ag);
	} else
		json_object_set_new(o, "agent", json_null());
	if (clear || !r.form)
		json_object_set(o, "form", r.form);
	else {
		json_t *form = json_deep_copy(r.form);
		form_mask_personal(json_object_get(matter, "form"), form);
		json_object_set_new(o, "form", form);
	}
	int reused;
	json_object_set_new(o, "materials", materials_json(c, r.id, matter, clear, &reused));
	json_object_set_new(o, "materials_reused", json_integer(reused));
	json_object_set(o, "delivery", r.delivery);
	json_object_set_new(o, "clock", case_clock_json(&k, r.extension_days > 0));
	json_object_set_new(o, "process", process_json(c, &r, matter, &k));
	json_object_set(o, "correction", r.correction ? r.correction : json_null());
	json_object_set(o, "decision", r.decision ? r.decision : json_null());
	json_object_set(o, "suspension", r.suspension ? r.suspension : json_null());
	json_object_set(o, "extension", r.extension ? r.extension : json_null());
	json_object_set(o, "result", r.result ? r.result : json_null());
	json_object_set(o, "delivery_record", r.delivery_record ? r.delivery_record : json_null());
	json_object_set_new(o, "correction_rounds", json_integer(r.correction_rounds));
	json_t *fee = domain_case_payment(c, r.id);
	json_object_set_new(o, "payment", fee ? fee : json_null());
	json_t *bundle = domain_case_bundle(c, r.id);
	json_object_set_new(o, "bundle", bundle ? bundle : json_null());
	json_object_set_new(o, "notices", domain_case_notices(c, r.id));
	json_object_set_new(o, "visits", visit_list_for_case(c, r.id));
	json_object_set_new(o, "timeline", timeline_json(c, r.id));
	json_object_set_new(o, "allowed_actions", case_allowed_actions(c, &r, matter, viewer));
	json_object_set_new(o, "created_at", iso(r.created_at));
	json_object_set_new(o, "submitted_at", iso(r.submitted_at));
	json_object_set_new(o, "owned_by_you", json_boolean(owner));
	if (!clear)
		pii_view_mask(o); /* the rest: delivery phone, notes, reasons */
	json_decref(matter);
	case_row_release(&r);
	return o;
}

struct list_ctx {
	dbc_t *c;
	json_t *items;
	int limit, n;
	bool more;
	char last[PAGE_CURSOR_LEN];
};

static void add_summary(const case_summary_t *r, void *ctx)
{
	struct list_ctx *x = ctx;
	if (x->n == x->limit) {
		x->more = true;
		return;
	}
	json_t *o =
	    json_pack("{ss ss s{ss s{ss ss}} ss s{ss ss} ss so ss so ss}", "id", r->id, "number", r->number,
		      "matter", "code", r->matter_code, "name", "zh", r->matter_zh, "en", r->matter_en,
		      "status", r->status, "status_label", "zh", wf_state_zh(&case_machine, r->status), "en",
		      wf_state_en(&case_machine, r->status), "channel", r->channel, "deadline",
		      r->due_day ? json_string(r->due_day) : json_null(), "colour", r->colour, "created_at",
		      iso(r->created_at), "department", r->department);
	if (!strcmp(r->status, "approved") || !strcmp(r->status, "denied")) {
		json_t *doc = matter_doc(x->c, r->matter_code, r->matter_version);
		case_status_label_words(o, r->status, decision_words_of(doc));
		json_decref(doc);
	}
	json_array_append_new(x->items, o);
	page_cursor_format(r->created_at, r->id, x->last);
	x->n++;
}

/* A LIKE pattern for text containing `s`: %, _ and \\ stand for themselves. */
static char *contains_pattern(const char *s)
{
	size_t n = strlen(s);
	char *p = xmalloc(n * 2 + 3), *o = p;
	*o++ = '%';
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	*o++ = '%';
	*o = '\0';
	return p;
}

/* Checks what a search narrows to; writes the errors. */
static void search_check(dbc_t *c, const actor_t *v, const case_search_t *q, bool overseer, errs_t *e)
{
	if (q->number && (strlen(q->number) > CASE_NUMBER_LEN - 1 || !*q->number ||
			  strspn(q->number, "0123456789-") != strlen(q->number)))
		errs_add(e, "number", "invalid", "办件编号只含数字和连字符（可只输前几位）",
			 "a case number is digits and hyphens (its beginning will do)");
	if (q->applicant && (!*q->applicant || utf8_len(q->applicant) > 50 || !utf8_valid(q->applicant)))
		errs_add(e, "applicant", "invalid", "申请人姓名或名称为 1 至 50 个字符",
			 "the applicant's name is 1 to 50 characters");
	if (q->matter && !matter_current_version(c, q->matter, &(int64_t){0}))
		errs_add(e, "matter", "unknown", "没有这个事项", "no such matter");
	if (q->department && !geo_department_exists(c, q->department))
		errs_add(e, "department", "unknown", "没有这个部门", "no such department");
	else if (q->department && !overseer && strcmp(q->department, v->department))
		errs_add(e, "department", "not_yours", "只能查询本部门的办件",
			 "staff search their own department's cases");
	day_t f = 0, t = 0;
	if (q->from && !date_parse(q->from, &f))
		errs_add(e, "from", "date", "应为日期 YYYY-MM-DD", "a date YYYY-MM-DD is required");
	if (q->to && !date_parse(q->to, &t))
		errs_add(e, "to", "date", "应为日期 YYYY-MM-DD", "a date YYYY-MM-DD is required");
	else if (q->from && q->to && f && t < f)
		errs_add(e, "to", "range", "结束日期不能早于开始日期", "to is on or after from");
}

errcode_t case_list(dbc_t *c, const actor_t *v, const case_search_t *q, int limit,
		    const page_cursor_t *cursor, json_t **out, errs_t *e)
{
	if (limit <= 0 || limit > PAGE_LIMIT_MAX)
		limit = PAGE_LIMIT_DEFAULT;
	static const case_search_t none = {0};
	if (!q)
		q = &none;
	bool overseer = (v->roles & (ROLE_SUPERVISOR | ROLE_ADMIN)) != 0;
	search_check(c, v, q, overseer, e);
	if (errs_any(e))
		return E_VALIDATION;
	int64_t after = cursor && cursor->set ? cursor->at : 0;
	const char *after_id = after ? cursor->id : "";
	char number[CASE_NUMBER_LEN + 1] = "";
	if (q->number)
		snprintf(number, sizeof number, "%s%%", q->number); /* digits and hyphens: no escaping */
	char *applicant = q->applicant ? contains_pattern(q->applicant) : NULL;
	case_list_filter_t f = {v->id,
				v->department,
				overseer,
				(v->roles & ROLES_CASEWORK) != 0,
				q->status,
				q->number ? number : NULL,
				applicant,
				q->matter,
				q->department,
				q->from,
				q->to,
				after,
				after_id,
				limit + 1};
	struct list_ctx lx = {c, json_array(), limit, 0, false, ""};
	int rc = case_scan_list(c, &f, add_summary, &lx);
	free(applicant);
	if (rc != 0) {
		json_decref(lx.items);
		return E_INTERNAL;
	}
	json_t *items = lx.items;
	bool more = lx.more;
	const char *last = lx.last;
	*out = json_pack("{so so}", "items", items, "next_cursor", more ? json_string(last) : json_null());
	return E_OK;
}

json_t *case_minimal_of(dbc_t *c, const char *id, const case_head_t *h)
{
	const char *zh = wf_state_zh(&case_machine, h->status);
	const char *en = wf_state_en(&case_machine, h->status);
	json_t *o = json_pack("{ss ss sI s{ss sI} ss s{ss ss}}", "id", id, "number", h->number,
			      "version", (json_int_t)h->version, "matter", "code", h->matter_code,
			      "version", (json_int_t)h->matter_version, "status", h->status,
			      "status_label", "zh", zh, "en", en);
	/* the matter's own words for a decision, as in the full view (即办: decided at once) */
	json_t *matter = matter_doc(c, h->matter_code, h->matter_version);
	if (matter)
		case_status_label_words(o, h->status, decision_words_of(matter));
	json_decref(matter);
	return o;
}

json_t *case_minimal_json(dbc_t *c, const char *id)
{
	case_head_t h;
	return case_head(c, id, &h) ? case_minimal_of(c, id, &h) : NULL;
}
