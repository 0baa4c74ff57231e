/* data_use.c — recording and reading the data-use log (see data_use.h). */
#include "domain/sharing/data_use.h"
#include "domain/sharing/data_use_store.h"
#include "domain/cases/case.h"
#include "domain/core/audit.h"
#include "domain/core/message.h"
#include "domain/core/role.h"
#include "domain/identity/account.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/mem.h"
#include "base/jsonin.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Who filed, as the subject reads it: themselves, a window clerk for them,
 * or other staff (names of staff members are never shown). */
static const char *role_of(const actor_t *by, const char *subject)
{
	if (!strcmp(by->id, subject))
		return "self";
	return (by->roles & ROLE_WINDOW_CLERK) ? "window_clerk" : "staff";
}

/* The names of what the case read of a certificate: its holder and each field. */
static char *fields_read(const json_t *view)
{
	json_t *names = json_pack("[ss]", "holder.name", "holder.id");
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)json_object_get(view, "fields"), k, v)
	    json_array_append_new(names, json_string(k));
	char *out = json_dumps(names, JSON_COMPACT);
	json_decref(names);
	return out;
}

int data_use_case_hook(const case_change_t *ch)
{
	/* the first submission only: filed submitted, or a draft submitted */
	if (strcmp(ch->to, "submitted") != 0 || (ch->from[0] && strcmp(ch->from, "draft") != 0))
		return 0;
	const case_row_t *r = ch->row;
	json_t *links = case_certificates_of(ch->c, r->id);
	char *purpose_name = json_dumps(json_object_get(ch->matter, "name"), JSON_COMPACT);
	int rc = purpose_name ? 0 : -1;
	size_t i;
	json_t *l;
	json_array_foreach(links, i, l)
	{
		if (rc != 0)
			break;
		char id[33];
		id_new(id);
		char *fields = fields_read(json_object_get(l, "view"));
		data_use_row_t u = {.id = id,
				    .subject_account = r->applicant_id,
				    .at = ch->now,
				    .kind = "certificate",
				    .actor_id = ch->by->id,
				    .actor_role = role_of(ch->by, r->applicant_id),
				    .department = r->department,
				    .case_id = r->id,
				    .case_number = r->number,
				    .certificate_id = json_string_value(json_object_get(l, "certificate")),
				    .material_key = json_string_value(json_object_get(l, "key")),
				    .purpose = r->matter_code,
				    .purpose_name = purpose_name,
				    .fields = fields ? fields : "[]"};
		rc = data_use_store_insert(ch->c, &u);
		free(fields);
	}
	free(purpose_name);
	json_decref(links);
	return rc;
}

static json_t *use_json(const data_use_row_t *r)
{
	char at[32];
	clock_format_iso(r->at, at);
	json_t *name = json_loads(r->purpose_name ? r->purpose_name : "null", JSON_DECODE_ANY, NULL);
	json_t *fields = json_loads(r->fields ? r->fields : "[]", 0, NULL);
	json_t *o = json_pack("{ss ss ss ss s{ss ss? ss?} s{ss? ss?} s{sO? sO?} s{ss so} so ss}", "id", r->id,
			      "at", at, "kind", r->kind, "by", r->actor_role, "department", "code",
			      r->department, "zh", r->department_zh, "en", r->department_en, "case", "id",
			      r->case_id, "number", r->case_number, "certificate", "id",
			      r->certificate_id ? json_string(r->certificate_id) : NULL, "material",
			      r->material_key ? json_string(r->material_key) : NULL, "purpose", "matter",
			      r->purpose, "name", name ? name : json_null(), "fields",
			      fields ? fields : json_array(), "outcome", r->outcome ? r->outcome : "read");
	/* sO? of fresh strings: the pack took its own reference */
	json_decref(json_object_get(json_object_get(o, "certificate"), "id"));
	json_decref(json_object_get(json_object_get(o, "certificate"), "material"));
	if (r->dataset)
		json_object_set_new(
		    o, "dataset",
		    json_pack("{ss ss? ss?}", "code", r->dataset, "zh", r->dataset_zh, "en", r->dataset_en));
	if (r->refusal)
		json_object_set_new(o, "refusal", json_string(r->refusal));
	if (r->share_id) /* a view through a share link: which link, nothing about the viewer */
		json_object_set_new(o, "share", json_pack("{ss}", "id", r->share_id));
	if (r->objection_id) {
		char oat[32];
		clock_format_iso(r->objection_at, oat);
		json_object_set_new(o, "objection",
				    json_pack("{ss ss ss}", "id", r->objection_id, "at", oat, "reason",
					      r->objection_reason ? r->objection_reason : ""));
	}
	return o;
}

struct use_page {
	page_t page;
	json_t *items;
};

static void add_use(const data_use_row_t *r, void *ctx)
{
	struct use_page *p = ctx;
	if (page_take(&p->page, r->at, r->id))
		json_array_append_new(p->items, use_json(r));
}

json_t *data_use_of_subject(dbc_t *c, const char *account, int limit, const page_cursor_t *after)
{
	struct use_page p = {page_start(limit), json_array()};
	if (data_use_store_of_subject(c, account, after, p.page.limit + 1, add_use, &p) != 0) {
		json_decref(p.items);
		return NULL;
	}
	return page_answer(p.items, &p.page);
}

int data_use_record_read(dbc_t *c, const data_use_read_t *u, char id[DATA_USE_ID_LEN])
{
	id_new(id);
	char *purpose_name = json_dumps(u->purpose_name ? u->purpose_name : json_null(), JSON_ENCODE_ANY);
	char *fields = json_dumps(u->fields ? u->fields : json_array(), JSON_COMPACT);
	data_use_row_t row = {.id = id,
			      .subject_account = u->subject,
			      .at = u->now,
			      .kind = "registry",
			      .actor_id = u->by->id,
			      .actor_role = u->actor_role ? u->actor_role : role_of(u->by, u->subject),
			      .department = u->department,
			      .case_id = u->case_id,
			      .case_number = u->case_number,
			      .purpose = u->purpose,
			      .purpose_name = purpose_name ? purpose_name : "null",
			      .fields = fields ? fields : "[]",
			      .dataset = u->dataset,
			      .outcome = u->outcome,
			      .refusal = u->refusal};
	int rc = data_use_store_insert(c, &row);
	free(purpose_name);
	free(fields);
	return rc;
}

struct object_ctx {
	const actor_t *by;
	const char *use_id, *reason;
	int64_t now;
	char id[DATA_USE_ID_LEN];
	json_t *use;
	bool mine;
};

static void take_use(const data_use_row_t *r, void *ctx)
{
	struct object_ctx *x = ctx;
	x->mine = r->subject_account && !strcmp(r->subject_account, x->by->id);
	if (x->mine)
		x->use = use_json(r);
}

/* Every supervisor gets the objection in the outbox. */
struct supervisors {
	char (*to)[ACCOUNT_ID_LEN];
	size_t n, cap;
};

static void pick_supervisor(const account_staff_t *p, void *ctx)
{
	struct supervisors *o = ctx;
	if (!(p->roles & ROLE_SUPERVISOR))
		return;
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 8;
		o->to = xrealloc(o->to, o->cap * sizeof *o->to);
	}
	snprintf(o->to[o->n++], ACCOUNT_ID_LEN, "%s", p->id);
}

static int object_write(dbc_t *c, void *arg)
{
	struct object_ctx *x = arg;
	json_decref(x->use);
	x->use = NULL;
	if (!data_use_store_get(c, x->use_id, take_use, x) || !x->mine || !x->use)
		return E_NOT_FOUND;
	id_new(x->id);
	int added = data_use_store_objection_add(c, x->id, x->use_id, x->by->id, x->reason, x->now);
	if (added <= 0)
		return added == 0 ? E_CONFLICT : -1;
	const char *what = json_string_value(json_object_get(json_object_get(x->use, "dataset"), "zh"));
	const char *dept = json_string_value(json_object_get(json_object_get(x->use, "department"), "zh"));
	const char *num = json_string_value(json_object_get(json_object_get(x->use, "case"), "number"));
	char zh[1600], en[1600];
	snprintf(zh, sizeof zh, "数据使用异议：%s在办件%s中使用%s，数据主体提出异议。理由：%s",
		 dept ? dept : "", num ? num : "", what ? what : "电子证照", x->reason);
	snprintf(en, sizeof en, "A subject objects to a use of their data by %s in case %s (%s). Reason: %s",
		 json_string_value(json_object_get(json_object_get(x->use, "department"), "code")),
		 num ? num : "", what ? "a registry read" : "a certificate taken", x->reason);
	struct supervisors sv = {NULL, 0, 0};
	account_staff_each(c, NULL, pick_supervisor, &sv);
	int rc = 0;
	for (size_t i = 0; i < sv.n && rc == 0; i++)
		rc = message_add(c, sv.to[i], "data_use_objection", "数据使用异议",
				 "An objection to a use of data", zh, en, "data_use", x->use_id);
	free(sv.to);
	if (rc == 0) {
		json_t *detail = json_pack("{ss}", "objection", x->id);
		rc = audit_append(c, x->by, "data_use.object", "data_use", x->use_id, 0, 1, detail);
		json_decref(detail);
	}
	return rc;
}

errcode_t data_use_object(store_t *st, const actor_t *by, const char *use_id, const char *reason, errs_t *e,
			  json_t **out)
{
	*out = NULL;
	size_t n = reason ? utf8_len(reason) : 0;
	if (n < DATA_USE_OBJECTION_MIN || n > DATA_USE_OBJECTION_MAX) {
		errs_add(e, "reason", "length", "异议理由应为5至1000个字符",
			 "The reason must be 5 to 1000 characters");
		return E_VALIDATION;
	}
	if (strlen(use_id) != DATA_USE_ID_LEN - 1)
		return E_NOT_FOUND;
	struct object_ctx x = {.by = by, .use_id = use_id, .reason = reason, .now = clock_now_ms()};
	int rc = store_write(st, object_write, &x);
	if (rc != 0) {
		json_decref(x.use);
		return rc > 0 ? (errcode_t)rc : E_INTERNAL;
	}
	char at[32];
	clock_format_iso(x.now, at);
	*out = json_pack("{ss ss ss so}", "id", x.id, "at", at, "reason", reason, "data_use", x.use);
	return E_OK;
}

static void add_objection(const data_use_row_t *r, const char *subject_name, void *ctx)
{
	struct use_page *p = ctx;
	if (!page_take(&p->page, r->objection_at, r->objection_id))
		return;
	char at[32];
	clock_format_iso(r->objection_at, at);
	json_array_append_new(p->items, json_pack("{ss ss ss s{ss} so}", "id", r->objection_id, "at", at,
						  "reason", r->objection_reason, "subject", "name",
						  subject_name ? subject_name : "", "data_use", use_json(r)));
}

json_t *data_use_objections(dbc_t *c, int limit, const page_cursor_t *after)
{
	struct use_page p = {page_start(limit), json_array()};
	if (data_use_store_objections(c, after, p.page.limit + 1, add_objection, &p) != 0) {
		json_decref(p.items);
		return NULL;
	}
	return page_answer(p.items, &p.page);
}
