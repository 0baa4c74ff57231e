/* complaint.c — intake of 12345 requests with automatic dispatch by the
 * responsibility list, access scope, lists and the sign-for job (see
 * complaint.h). The actions are complaint_act.c's. */
#include "domain/complaints/complaint.h"
#include "domain/files/file.h"
#include "domain/complaints/complaint_flow.h"
#include "domain/complaints/complaint_int.h"
#include "domain/complaints/complaint_rules.h"
#include "domain/complaints/complaint_store.h"
#include "domain/calendar/workcal.h"
#include "domain/core/audit.h"
#include "domain/core/textnorm.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/idcheck.h"
#include "base/seal.h"
#include "base/textcheck.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const KINDS[] = {"enquiry", "help", "complaint", "report", "suggestion", NULL};
static const char *const CHANNELS[] = {"web", "mobile", "hotline", NULL};

static bool one_of(const char *v, const char *const *list)
{
	for (; v && *list; list++)
		if (!strcmp(v, *list))
			return true;
	return false;
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
			return false;
	return true;
}

/* Attachments are uploads of the one filing (the caller, or the operator on the caller's
 * behalf); another's file, like a file that does not exist, is "not_found". */
static void check_attachments(dbc_t *c, const actor_t *by, const json_t *files, errs_t *e)
{
	size_t i, j;
	json_t *f, *g;
	json_array_foreach(files, i, f)
	{
		char p[40];
		snprintf(p, sizeof p, "attachments[%zu]", i);
		file_facts_t facts;
		const char *id = json_string_value(f);
		bool again = false;
		json_array_foreach(files, j, g) if (j < i && json_equal(f, g)) again = true;
		if (!id)
			errs_add(e, p, "type", "附件应为文件编号", "an attachment is a file id");
		else if (!by->id[0])
			errs_add(e, p, "login_required", "登录后才能上传附件", "log in to attach files");
		else if (file_facts(c, id, &facts) != E_OK || strcmp(facts.owner, by->id))
			errs_add(e, p, "not_found", "没有这个文件", "no such file");
		else if (again)
			errs_add(e, p, "duplicate", "同一文件只能附一次", "a file is attached once");
	}
}

/* Checks every field of an intake against the rules and the reference data; appends every problem. */
void complaint_check_new(dbc_t *c, const actor_t *by, const complaint_new_t *in, char tc[16], errs_t *e)
{
	bool operator=(by->roles &ROLE_OPERATOR) && complaint_is_hotline(c, by->department);
	if (!one_of(in->kind, KINDS))
		errs_add(e, "kind", "not_an_option",
			 "诉求类型应为 enquiry（咨询）、help（求助）、complaint（投诉）、report（举报）或 "
			 "suggestion（建议）",
			 "kind is enquiry, help, complaint, report or suggestion");
	char parent[COMPLAINT_CODE_LEN];
	if (in->category && !complaint_category_get(c, in->category, parent, tc))
		errs_add(e, "category", "unknown", "没有这个诉求分类", "no such category");
	if (in->text && blank(in->text))
		errs_add(e, "text", "blank", "请描述诉求内容", "describe the request");
	if (!one_of(in->channel, CHANNELS))
		errs_add(e, "channel", "not_an_option", "渠道应为 web、mobile 或 hotline",
			 "channel is web, mobile or hotline");
	else if (!strcmp(in->channel, "hotline") && !operator)
		errs_add(e, "channel", "hotline_only", "热线渠道仅由12345话务员代为登记",
			 "only a 12345 hotline operator files on the hotline channel");
	else if (strcmp(in->channel, "hotline") && operator)
		errs_add(e, "channel", "operator_hotline", "话务员代为登记时渠道为 hotline",
			 "an operator files on the hotline channel");
	bool need_phone = !by->id[0] || operator;
	if (in->phone && !phone_ok(in->phone))
		errs_add(e, "phone", "phone", "电话号码格式不正确", "the phone number is not valid");
	else if (!in->phone && need_phone)
		errs_add(e, "phone", "required", "请留下联系电话，以便答复和回访",
			 "a phone number is needed for the reply and the callback");
	char level[16], up[REGION_CODE_LEN], gov[DEPT_CODE_LEN];
	if (in->district && (!complaint_region(c, in->district, level, up) || strcmp(level, "district") ||
			     !complaint_district_government(c, in->district, gov)))
		errs_add(e, "district", "outside_region", "该区不在本热线受理范围内",
			 "the district is outside the hotline's region");
	else if (in->district && in->street &&
		 (!complaint_region(c, in->street, level, up) || strcmp(level, "street") ||
		  strcmp(up, in->district)))
		errs_add(e, "street", "outside_district", "该街道不属于所选的区",
			 "the street is not in the chosen district");
	if (in->subject) {
		const char *name = NULL, *code = NULL;
		jfield_t spec[] = {{"name", JF_STRING, false, 1, 100, &name, NULL},
				   {"credit_code", JF_STRING, false, 18, 18, &code, NULL},
				   JF_END};
		if (json_spec_parse(in->subject, spec, "subject", e)) {
			if (!name && !code)
				errs_add(e, "subject", "required", "被投诉对象须写明名称或统一社会信用代码",
					 "name the subject or give its credit code");
			if (code && credit_code_check(code) != CREDIT_OK)
				errs_add(e, "subject.credit_code", "check_digit", "统一社会信用代码不正确",
					 "the unified social credit code is not valid");
		}
	}
	check_attachments(c, by, in->attachments, e);
	if (in->answer) {
		if (!operator)
			errs_add(e, "answer", "operator_only", "直接答复由12345话务员作出",
				 "a direct answer is the hotline operator's");
		else if (in->kind && strcmp(in->kind, "enquiry"))
			errs_add(e, "answer", "enquiry_only", "只有咨询类诉求可以直接答复",
				 "only an enquiry is answered directly");
	}
}

int complaint_duty_body(dbc_t *c, const char *category, const char *district, const char *street,
			char out[DEPT_CODE_LEN])
{
	char chain[COMPLAINT_CHAIN_MAX][COMPLAINT_CODE_LEN];
	const char *cats[COMPLAINT_CHAIN_MAX + 1] = {NULL};
	json_t *rows = json_array();
	int n = 0, rc = 0;
	snprintf(chain[0], sizeof chain[0], "%s", category);
	while (n < COMPLAINT_CHAIN_MAX && chain[n][0]) {
		cats[n] = chain[n];
		if (complaint_duties_of(c, chain[n], rows) != 0) {
			rc = -1;
			goto out;
		}
		char tc[16];
		if (n + 1 >= COMPLAINT_CHAIN_MAX || !complaint_category_get(c, chain[n], chain[n + 1], tc))
			break;
		n++;
	}
	char level[16], city[REGION_CODE_LEN] = "";
	complaint_region(c, district, level, city);
	size_t nrows = json_array_size(rows);
	duty_row_t *d = calloc(nrows ? nrows : 1, sizeof *d);
	for (size_t i = 0; i < nrows; i++) {
		json_t *a = json_array_get(rows, i);
		d[i] = (duty_row_t){json_string_value(json_array_get(a, 0)),
				    json_string_value(json_array_get(a, 1)),
				    json_string_value(json_array_get(a, 2))};
	}
	const char *places[3] = {street && street[0] ? street : NULL, district, city[0] ? city : NULL};
	const char *body = complaint_duty_match(d, nrows, cats, places);
	if (body)
		snprintf(out, DEPT_CODE_LEN, "%s", body);
	else if (!complaint_district_government(c, district, out))
		rc = E_VALIDATION;
	free(d);
out:
	json_decref(rows);
	return rc;
}

int complaint_intake_write(dbc_t *c, complaint_intake_t *x)
{
	const complaint_new_t *in = x->in;
	bool operator=(x->by->roles &ROLE_OPERATOR) != 0;
	int64_t now = x->now, seq;
	/* The abuse limit first: a refused request counts nothing and writes nothing. */
	const char *addr = in->client_addr;
	int limited = 0;
	if (x->limit && x->by->id[0])
		limited = ratelimit_take(c, LIMIT_COMPLAINTS, x->by, NULL, now, in->limited);
	else if (x->limit)
		limited = ratelimit_take(c, LIMIT_COMPLAINTS_ANON, x->by, addr, now, in->limited);
	if (limited != 0)
		return limited;
	complaint_row_t r = {.resolved = -1, .satisfied = -1};
	if (x->id[0]) /* chosen before: an Idempotency-Key claimed it */
		snprintf(r.id, sizeof r.id, "%s", x->id);
	else
		id_new(r.id);
	snprintf(x->id, sizeof x->id, "%s", r.id);
	char day[DATE_STR_LEN], ymd[9];
	date_format(date_from_ms(now), day);
	snprintf(ymd, sizeof ymd, "%.4s%.2s%.2s", day, day + 5, day + 8);
	if (complaint_number_next(c, ymd, &seq) != 0)
		return -1;
	snprintf(r.number, sizeof r.number, "12345-%s-%06lld", ymd, (long long)seq);
	snprintf(r.kind, sizeof r.kind, "%s", in->kind);
	snprintf(r.category, sizeof r.category, "%s", in->category);
	snprintf(r.time_class, sizeof r.time_class, "%s", x->tc);
	snprintf(r.channel, sizeof r.channel, "%s", in->channel);
	if (!operator&& x->by->id[0])
		snprintf(r.caller_id, sizeof r.caller_id, "%s", x->by->id);
	snprintf(r.district, sizeof r.district, "%s", in->district);
	snprintf(r.street, sizeof r.street, "%s", in->street ? in->street : "");
	snprintf(r.status, sizeof r.status, "received");
	r.anonymous = in->anonymous;
	r.created_at = now;
	r.version = 1;
	calendar_t *cal = workcal_build(c, r.district);
	r.reply_due = complaint_reply_due(cal, r.time_class, now, NULL);
	calendar_free(cal);
	const char *sname = in->subject ? json_string_value(json_object_get(in->subject, "name")) : NULL;
	const char *scode =
	    in->subject ? json_string_value(json_object_get(in->subject, "credit_code")) : NULL;
	if (complaint_insert(c, &r, operator? x->by->id : NULL, x->phone_sealed, in->text, in->address, sname,
			     scode) != 0 ||
	    complaint_files_add(c, r.id, in->attachments) != 0)
		return -1;
	json_t *note = json_pack("{ss ss}", "channel", r.channel, "category", r.category);
	int rc =
	    complaint_event_add(c, r.id, now, "receive", "", "received",
				x->by->id[0] ? x->by->id : NULL, operator? "operator" : "caller", NULL, note);
	json_decref(note);
	if (rc == 0) /* the hotspot counters (未诉先办), in this transaction */
		rc = complaint_hotspot_add(c, date_from_ms(now), r.district, r.street, r.category);
	if (rc == 0)
		rc = audit_append(c, x->by, "complaint.create", "complaint", r.id, 0, 1, NULL);
	complaint_apply_ctx_t ax = {c, x->by, now};
	if (rc == 0 && in->answer) {
		complaint_input_t ci = {.answer = in->answer};
		rc = complaint_step(&ax, &r, complaint_action("answer_directly"), ROLE_OPERATOR, &ci);
	} else if (rc == 0) {
		char body[DEPT_CODE_LEN];
		if ((rc = complaint_duty_body(c, r.category, r.district, r.street, body)) == 0) {
			actor_t sys;
			actor_system(&sys, x->by->request_id);
			complaint_apply_ctx_t sx = {c, &sys, now};
			complaint_input_t ci = {.body = body, .reason = "职责清单 responsibility list"};
			rc = complaint_step(&sx, &r, complaint_action("dispatch"), ROLE_SYSTEM, &ci);
		}
	}
	if (rc == 0 && in->also)
		rc = in->also(c, r.id, r.number, in->also_arg);
	complaint_row_release(&r);
	return rc;
}

/* A request filed now: its time is read inside the writer, so that the numbers of a day follow the
 * times they carry. */
#define REPLAYED 1000

static int create_write(dbc_t *c, void *arg)
{
	complaint_intake_t *x = arg;
	x->now = clock_now_ms();
	x->id[0] = 0;
	const complaint_new_t *in = x->in;
	if (in->idem_key) {
		/* the key is claimed first: a retry racing on another node waits for this commit, then
		 * finds the request; the same key with another body is refused */
		char hash[HASH_HEX_LEN], found[ENTITY_ID_LEN], was[HASH_HEX_LEN];
		hash_hex(in->raw ? in->raw : "", in->raw ? in->raw_len : 0, hash);
		id_new(x->id);
		int claimed = complaint_key_claim(c, x->by->id, in->idem_key, hash, x->id, x->now);
		if (claimed < 0)
			return -1;
		if (claimed == 0) {
			if (!complaint_key_find(c, x->by->id, in->idem_key, found, was))
				return -1;
			if (strcmp(was, hash) != 0)
				return E_IDEMPOTENCY_MISMATCH;
			snprintf(x->id, sizeof x->id, "%s", found);
			return REPLAYED;
		}
	}
	return complaint_intake_write(c, x);
}

bool complaint_may_file(dbc_t *c, const actor_t *by)
{
	return !by->id[0] || (by->roles & ROLES_APPLICANT) ||
	       ((by->roles & ROLE_OPERATOR) && complaint_is_hotline(c, by->department));
}

errcode_t complaint_create(store_t *st, const actor_t *by, const complaint_new_t *in, errs_t *e,
			   char id_out[ENTITY_ID_LEN])
{
	dbc_t *rc0 = store_reader(st);
	if (!complaint_may_file(rc0, by))
		return E_FORBIDDEN;
	char tc[16] = "";
	complaint_check_new(rc0, by, in, tc, e);
	if (errs_any(e))
		return E_VALIDATION;
	char *sealed = NULL;
	if (in->phone && !(sealed = seal(in->phone)))
		return E_INTERNAL;
	complaint_intake_t x = {.by = by, .in = in, .tc = tc, .phone_sealed = sealed, .limit = true};
	int rc = store_write(st, create_write, &x);
	free(sealed);
	if (in->replayed)
		*in->replayed = rc == REPLAYED;
	if (rc == REPLAYED)
		rc = 0;
	if (rc == 0)
		snprintf(id_out, ENTITY_ID_LEN, "%s", x.id);
	return rc < 0 ? E_INTERNAL : (errcode_t)rc;
}

errcode_t complaint_create_within(dbc_t *c, const actor_t *by, const complaint_new_t *in, errs_t *e,
				  char id_out[ENTITY_ID_LEN])
{
	if (!complaint_may_file(c, by))
		return E_FORBIDDEN;
	char tc[16] = "";
	complaint_check_new(c, by, in, tc, e);
	if (errs_any(e))
		return E_VALIDATION;
	char *sealed = NULL;
	if (in->phone && !(sealed = seal(in->phone)))
		return E_INTERNAL;
	complaint_intake_t x = {.by = by,
				.in = in,
				.tc = tc,
				.phone_sealed = sealed,
				.now = clock_now_ms(),
				.limit = !in->unlimited};
	int rc = complaint_intake_write(c, &x);
	free(sealed);
	if (rc == 0)
		snprintf(id_out, ENTITY_ID_LEN, "%s", x.id);
	return rc < 0 ? E_INTERNAL : (errcode_t)rc;
}

bool complaint_scope(dbc_t *c, const char *id, const actor_t *viewer, char owner[ACCOUNT_ID_LEN],
		     char dept[DEPT_CODE_LEN])
{
	complaint_row_t r;
	if (strlen(id) >= ENTITY_ID_LEN || !complaint_load(c, id, &r))
		return false;
	snprintf(owner, ACCOUNT_ID_LEN, "%s", r.caller_id);
	bool own_dept = viewer->department[0] && (((viewer->roles & (ROLE_DISPATCHER | ROLE_OPERATOR)) &&
						   complaint_is_hotline(c, viewer->department)) ||
						  complaint_has_body(c, id, viewer->department));
	snprintf(dept, DEPT_CODE_LEN, "%s", own_dept ? viewer->department : r.body);
	complaint_row_release(&r);
	return true;
}

errcode_t complaint_list(dbc_t *c, const actor_t *v, const char *status, int limit, const page_cursor_t *cur,
			json_t **out, errs_t *e)
{
	if (status && !wf_state(&complaint_machine, status)) {
		errs_add(e, "status", "not_an_option", "没有这个状态", "no such status");
		return E_VALIDATION;
	}
	const char *scope = "caller", *key = v->id;
	if ((v->roles & (ROLE_DISPATCHER | ROLE_OPERATOR | ROLE_SUPERVISOR)) &&
	    (complaint_is_hotline(c, v->department) || (v->roles & ROLE_SUPERVISOR)))
		scope = "all";
	else if (v->roles & COMPLAINT_BODY_ROLES)
		scope = "body", key = v->department;
	page_t page = page_start(limit);
	json_t *items = complaint_view_list(c, scope, key, status, cur, &page), *it;
	size_t i;
	json_array_foreach(items, i, it)
	{
		const char *st = json_string_value(json_object_get(it, "status"));
		json_object_set_new(it, "status_zh", json_string(wf_state_zh(&complaint_machine, st)));
		json_object_set_new(it, "status_en", json_string(wf_state_en(&complaint_machine, st)));
	}
	*out = page_answer(items, &page);
	return E_OK;
}

json_t *complaint_categories_json(dbc_t *c)
{
	json_t *all = complaint_view_categories(c), *roots = json_array();
	size_t i, j;
	json_t *k, *p;
	json_array_foreach(all, i, k) json_object_set_new(k, "children", json_array());
	json_array_foreach(all, i, k)
	{
		const char *parent = json_string_value(json_object_get(k, "parent"));
		if (!parent) {
			json_array_append(roots, k);
			continue;
		}
		json_array_foreach(all, j,
				   p) if (!strcmp(json_string_value(json_object_get(p, "code")), parent))
		    json_array_append(json_object_get(p, "children"), k);
	}
	json_decref(all);
	return json_pack("{so}", "items", roots);
}

json_t *complaint_categories_search(dbc_t *c, const char *q)
{
	json_t *all = complaint_view_categories(c), *out = json_array();
	char *nq = textnorm(q);
	size_t i, j;
	json_t *k, *p;
	json_array_foreach(all, i, k)
	{
		const char *parent = json_string_value(json_object_get(k, "parent"));
		json_t *up = NULL;
		json_array_foreach(
		    all, j, p) if (parent && !strcmp(json_string_value(json_object_get(p, "code")), parent))
		    up = p;
		const char *pz = up ? json_string_value(json_object_get(up, "zh")) : "",
			   *pe = up ? json_string_value(json_object_get(up, "en")) : "";
		size_t n = strlen(json_string_value(json_object_get(k, "zh"))) +
			   strlen(json_string_value(json_object_get(k, "en"))) + strlen(pz) + strlen(pe) + 8;
		char *hay = malloc(n);
		snprintf(hay, n, "%s\n%s\n%s\n%s", json_string_value(json_object_get(k, "zh")),
			 json_string_value(json_object_get(k, "en")), pz, pe);
		char *nh = textnorm(hay);
		if (nq && nh && strstr(nh, nq))
			json_array_append_new(
			    out,
			    json_pack("{sO sO sO ss ss sO}", "code", json_object_get(k, "code"), "zh",
				      json_object_get(k, "zh"), "en", json_object_get(k, "en"), "parent_zh",
				      pz, "parent_en", pe, "time_class", json_object_get(k, "time_class")));
		free(nh);
		free(hay);
	}
	free(nq);
	json_decref(all);
	return json_pack("{ss so}", "q", q, "matches", out);
}

/* The system takes `action` on each request of ids (the table's guard decides, inside each write);
 * how many moved. Frees ids. */
static int system_takes(store_t *st, json_t *ids, const char *action)
{
	actor_t sys;
	actor_system(&sys, "job");
	int n = 0;
	size_t i;
	json_t *id;
	json_array_foreach(ids, i, id)
	{
		errs_t e = ERRS_INIT;
		if (complaint_act(st, &sys, json_string_value(id), complaint_action(action), 0, NULL, &e,
				  NULL) == E_OK)
			n++;
		errs_clear(&e);
	}
	json_decref(ids);
	return n;
}

int complaint_job_sign_overdue(store_t *st)
{
	return system_takes(st, complaint_sign_overdue_ids(store_reader(st), clock_now_ms()), "escalate");
}

int complaint_job_reply_overdue(store_t *st)
{
	return system_takes(st, complaint_reply_overdue_ids(store_reader(st), clock_now_ms()), "supervise");
}
