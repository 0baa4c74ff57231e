/* policy.c — policies, matching and grants (see policy.h). */
#include "domain/policies/policy.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/date.h"
#include "base/jsonin.h"
#include "domain/catalog/matter.h"
#include "domain/core/audit.h"
#include "domain/policies/decision.h"
#include "domain/policies/policy_case.h"
#include "domain/policies/policy_match.h"
#include "domain/policies/policy_store.h"
#include <stdio.h>
#include <string.h>

static errcode_t write_rc(int rc) { return rc == 0 ? E_OK : rc > 0 ? (errcode_t)rc : E_INTERNAL; }

struct create_ctx {
	const actor_t *by;
	const char *id;
	const json_t *body;
};

static int create_write(dbc_t *c, void *arg)
{
	struct create_ctx *x = arg;
	if (policy_store_insert(c, x->id, x->body, x->by->department, x->by->id, clock_now_ms()) != DB_DONE)
		return -1;
	json_t *d = json_pack("{ss}", "title", json_string_value(json_object_get(x->body, "title")));
	int rc = audit_append(c, x->by, "policy.create", "policy", x->id, 0, 1, d);
	json_decref(d);
	return rc;
}

/* A policy that takes applications names the 政策兑现 matter of its own department they are
 * filed under; a 免申即享 policy takes none. */
static void check_matter(store_t *st, const actor_t *by, const char *matter, bool auto_grant, errs_t *e)
{
	if (!matter) {
		if (!auto_grant)
			errs_add(e, "matter", "required", "需申请的政策须指定受理申请的政策兑现事项",
				 "a policy that takes applications names the matter they are filed under");
		return;
	}
	if (auto_grant) {
		errs_add(e, "matter", "not_allowed", "免申即享的政策无需申请，不指定事项",
			 "a policy granted without an application takes no applications: no matter");
		return;
	}
	dbc_t *c = store_reader(st);
	int64_t v;
	json_t *doc = matter_is_active(c, matter, &v) ? matter_doc(c, matter, v) : NULL;
	const char *dept = json_string_value(json_object_get(doc, "department"));
	if (!doc)
		errs_add(e, "matter", "unknown", "没有这个在办事项", "no such matter in service");
	else if (!dept || strcmp(dept, by->department) != 0)
		errs_add(e, "matter", "other_department", "只能指定本部门的事项",
			 "the matter must be one of your own department's");
	json_decref(doc);
}

errcode_t policy_create(store_t *st, const actor_t *by, const json_t *body, errs_t *e, char *id_out)
{
	const char *title = NULL, *text = NULL, *start = NULL, *end = NULL, *benefit = NULL;
	const char *title_en = "", *text_en = "", *benefit_en = "", *matter = NULL;
	bool auto_grant = false;
	json_t *table = NULL;
	jfield_t spec[] = {
	    {"title", JF_STRING, true, 1, 80, &title, NULL},
	    {"text", JF_TEXT, true, 1, 4000, &text, NULL},
	    {"period_start", JF_STRING, true, 10, 10, &start, NULL},
	    {"period_end", JF_STRING, true, 10, 10, &end, NULL},
	    {"benefit", JF_STRING, true, 1, 80, &benefit, NULL},
	    {"auto_grant", JF_BOOL, false, 0, 0, &auto_grant, NULL},
	    {"eligibility", JF_OBJECT, true, 0, 0, &table, NULL},
	    {"title_en", JF_STRING, false, 0, 160, &title_en, NULL},
	    {"text_en", JF_TEXT, false, 0, 8000, &text_en, NULL},
	    {"benefit_en", JF_STRING, false, 0, 160, &benefit_en, NULL},
	    {"matter", JF_STRING, false, 1, 16, &matter, NULL},
	    JF_END,
	};
	if (!json_spec_parse(body, spec, NULL, e))
		return E_VALIDATION;
	check_matter(st, by, matter, auto_grant, e);
	day_t ds, de;
	if (!date_parse(start, &ds))
		errs_add(e, "period_start", "invalid_date", "应为 YYYY-MM-DD", "a date YYYY-MM-DD");
	else if (!date_parse(end, &de) || de < ds)
		errs_add(e, "period_end", "invalid_date", "应为不早于开始日期的 YYYY-MM-DD",
			 "a date YYYY-MM-DD not before period_start");
	decision_validate(table, "eligibility", e);
	if (errs_any(e))
		return E_VALIDATION;
	if (!*by->department)
		return E_FORBIDDEN;
	char id[33];
	id_new(id);
	struct create_ctx x = {by, id, body};
	errcode_t ec = write_rc(store_write(st, create_write, &x));
	if (ec == E_OK)
		memcpy(id_out, id, sizeof id);
	return ec;
}

struct publish_ctx {
	const actor_t *by;
	const char *id;
	int64_t if_version;
	int matched, granted;
};

static int publish_write(dbc_t *c, void *arg)
{
	struct publish_ctx *x = arg;
	x->matched = x->granted = 0;
	json_t *p = policy_store_get(c, x->id);
	if (!p)
		return E_NOT_FOUND;
	int rc = 0;
	int64_t version = json_integer_value(json_object_get(p, "version"));
	if (strcmp(json_string_value(json_object_get(p, "issuer")), x->by->department) != 0)
		rc = E_FORBIDDEN;
	else if (x->if_version && x->if_version != version)
		rc = E_STALE;
	else if (strcmp(json_string_value(json_object_get(p, "state")), "draft") != 0)
		rc = E_STATE;
	int64_t now = clock_now_ms();
	if (!rc && policy_store_publish(c, x->id, version, now) != DB_DONE)
		rc = E_STALE;
	json_t *firms = rc ? json_array() : policy_store_enterprises(c);
	size_t i;
	json_t *f;
	json_array_foreach(firms, i, f)
	{
		if (!rc)
			rc = policy_match_firm(c, p, f, now, &x->matched, &x->granted);
	}
	json_decref(firms);
	if (!rc) {
		json_t *d = json_pack("{si si}", "matched", x->matched, "granted", x->granted);
		rc = audit_append(c, x->by, "policy.publish", "policy", x->id, version, version + 1, d);
		json_decref(d);
	}
	json_decref(p);
	return rc;
}

errcode_t policy_publish(store_t *st, const actor_t *by, const char *id, int64_t if_version, int *matched,
			 int *granted)
{
	struct publish_ctx x = {by, id, if_version, 0, 0};
	errcode_t ec = write_rc(store_write(st, publish_write, &x));
	*matched = x.matched;
	*granted = x.granted;
	return ec;
}

struct apply_ctx {
	const actor_t *by;
	const char *id;
	errs_t *e;
	json_t *p;
	char case_id[CASE_ID_LEN];
};

static int apply_write(dbc_t *c, struct apply_ctx *x)
{
	errs_clear(x->e);
	const json_t *p = x->p;
	if (!p)
		return E_NOT_FOUND;
	bool published = !strcmp(json_string_value(json_object_get(p, "state")), "published");
	if (!published)
		return E_NOT_FOUND; /* a draft is not shown to enterprises */
	if (policy_store_granted(c, x->id, x->by->id)) {
		errs_add(
		    x->e, "", "granted_already", "该政策已免申即享发放给您，无需申请",
		    "this policy was granted to you without an application: there is nothing to apply for");
		return E_CONFLICT;
	}
	if (policy_store_applied(c, x->id, x->by->id)) {
		errs_add(x->e, "", "applied_already", "您已申请过该政策",
			 "you have applied for this policy already");
		return E_CONFLICT;
	}
	if (!policy_store_matched(c, x->id, x->by->id)) {
		errs_add(x->e, "", "not_eligible", "您的企业不符合该政策的条件",
			 "your enterprise does not meet the policy's rules");
		return E_VALIDATION;
	}
	if (!json_is_string(json_object_get(p, "matter"))) {
		errs_add(x->e, "", "no_applications", "该政策不受理申请", "this policy takes no applications");
		return E_STATE;
	}
	errcode_t ec = policy_case_file(c, x->by, p, x->e, x->case_id);
	if (ec != E_OK)
		return ec == E_INTERNAL ? -1 : (int)ec;
	if (policy_store_apply(c, x->id, x->by->id, x->case_id, clock_now_ms()) != DB_DONE)
		return -1;
	json_t *d = json_pack("{ss}", "case", x->case_id);
	int rc = audit_append(c, x->by, "policy.apply", "policy", x->id, 0, 0, d);
	json_decref(d);
	return rc;
}

static int apply_write_policy(dbc_t *c, void *arg)
{
	struct apply_ctx *x = arg;
	json_decref(x->p);
	x->p = policy_store_get(c, x->id);
	return apply_write(c, x);
}

errcode_t policy_apply(store_t *st, const actor_t *by, const char *id, errs_t *e, char *case_id)
{
	struct apply_ctx x = {by, id, e, NULL, ""};
	errcode_t ec = write_rc(store_write(st, apply_write_policy, &x));
	json_decref(x.p);
	if (ec == E_OK)
		memcpy(case_id, x.case_id, CASE_ID_LEN);
	return ec;
}

json_t *policy_get(dbc_t *c, const char *id) { return policy_store_get(c, id); }

json_t *policy_list_published(dbc_t *c) { return json_pack("{so}", "items", policy_store_published(c, 100)); }

json_t *policy_list_department(dbc_t *c, const char *department)
{
	return json_pack("{so}", "items", policy_store_of_department(c, department));
}

json_t *policy_matches(dbc_t *c, const char *id, int limit, const page_cursor_t *cur)
{
	json_t *p = policy_store_get(c, id);
	if (!p)
		return NULL;
	json_decref(p);
	page_t page = page_start(limit);
	json_t *out = page_answer(policy_store_matches(c, id, cur, &page), &page);
	json_object_set_new(out, "total", json_integer(policy_store_match_count(c, id)));
	return out;
}

json_t *policy_for_me(dbc_t *c, const char *account)
{
	return json_pack("{so}", "items", policy_store_for_account(c, account));
}
