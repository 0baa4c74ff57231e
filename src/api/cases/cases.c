/* cases.c — cases over HTTP.
 *   POST /api/v1/cases                         file (Idempotency-Key)
 *   GET  /api/v1/cases                         the caller's cases
 *   GET  /api/v1/cases/{id}                    one case (owner, its department, supervisors)
 *   PUT  /api/v1/cases/{id}                    edit a draft (owner, If-Match)
 *   POST /api/v1/cases/{id}/actions/{action}   move it (If-Match) */
#include "api/api.h"
#include "domain/cases/case.h"
#include "domain/cases/case_flow.h"
#include "base/jsonin.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reply_case(req_t *r, int status, const char *id)
{
	json_t *c = case_json(store_reader(r->store), id, &r->actor);
	if (!c) {
		reply_problem(r, E_NOT_FOUND, "没有这个办件", "no such case", NULL);
		return;
	}
	reply_etag(r, json_integer_value(json_object_get(c, "version")));
	reply_json(r, status, c);
}

/* Prefer: return=minimal — what the one who filed it needs to go on (the full case is at
 * GET): no reading of its form, materials, timeline or tasks. A new case's head comes from
 * its own write (case_new_t.head); a replay's is read. */
static void reply_case_minimal(req_t *r, int status, const char *id, const case_head_t *h)
{
	json_t *c = h->number[0] ? case_minimal_of(store_reader(r->store), id, h)
			       : case_minimal_json(store_reader(r->store), id);
	if (!c) {
		reply_problem(r, E_NOT_FOUND, "没有这个办件", "no such case", NULL);
		return;
	}
	reply_header(r, "Preference-Applied", "return=minimal");
	reply_etag(r, json_integer_value(json_object_get(c, "version")));
	reply_json(r, status, c);
}

static void reply_outcome(req_t *r, errcode_t ec, errs_t *e)
{
	if (ec == E_VALIDATION || ec == E_IDEMPOTENCY_MISMATCH)
		reply_errors(r, ec, e);
	else if (ec == E_NOT_FOUND)
		reply_problem(r, ec, "没有这个办件或操作", "no such case or action", NULL);
	else if (ec == E_FORBIDDEN)
		reply_problem(r, ec, "您不能对这个办件进行此操作", "you may not do this on this case", NULL);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
}

void api_cases_create(req_t *r)
{
	if (!r->body) {
		reply_problem(r, E_BAD_REQUEST, "需要 JSON 请求体", "a JSON body is required", NULL);
		return;
	}
	const char *key;
	if (!req_idempotency_key(r, &key))
		return;
	errs_t e = ERRS_INIT;
	limit_hit_t hit = {0};
	case_head_t head = {0};
	case_new_t in = {.submit = true,
			 .idem_key = key,
			 .raw = r->raw_body,
			 .raw_len = r->raw_len,
			 .limited = &hit,
			 .head = req_prefers_minimal(r) ? &head : NULL};
	jfield_t spec[] = {
		{"matter", JF_STRING, true, 1, 16, &in.matter, NULL},
		{"form", JF_OBJECT, true, 0, 0, &in.form, NULL},
		{"materials", JF_ARRAY, false, 0, 50, &in.materials, NULL},
		{"channel", JF_STRING, true, 1, 16, &in.channel, NULL},
		{"delivery", JF_OBJECT, true, 0, 0, &in.delivery, NULL},
		{"submit", JF_BOOL, false, 0, 0, &in.submit, NULL},
		{"applicant", JF_OBJECT, false, 0, 0, &in.applicant, NULL},
		{"agent", JF_OBJECT, false, 0, 0, &in.agent, NULL},
		{"accept", JF_BOOL, false, 0, 0, &in.accept, NULL},
		JF_END,
	};
	/* the envelope's problems and the form's are reported together (一次性告知) */
	json_spec_parse(r->body, spec, NULL, &e);
	char id[CASE_ID_LEN];
	bool replayed = false;
	errcode_t ec = case_create(r->store, &r->actor, &in, &e, id, &replayed);
	if (ec == E_OK) {
		char loc[80];
		snprintf(loc, sizeof loc, "/api/v1/cases/%s", id);
		reply_header(r, "Location", loc);
		if (replayed)
			reply_header(r, "Idempotent-Replayed", "true");
		if (req_prefers_minimal(r))
			reply_case_minimal(r, 201, id, &head);
		else
			reply_case(r, 201, id);
	} else if (ec == E_RATE_LIMITED)
		reply_rate_limited(r, &hit);
	else
		reply_outcome(r, ec, &e);
	errs_clear(&e);
}

void api_cases_list(req_t *r)
{
	static const char *const allowed[] = {"status", "limit",      "cursor", "number", "applicant",
					      "matter", "department", "from",   "to",     NULL};
	if (!req_query_only(r, allowed))
		return;
	errs_t e = ERRS_INIT;
	const char *status = req_query(r, "status");
	int n;
	page_cursor_t cur;
	req_page(r, &n, &cur, &e);
	if (status && strlen(status) > 16)
		errs_add(&e, "status", "too_long", "状态过长", "status too long");
	json_t *out = NULL;
	if (!errs_any(&e))
	{
		/* 办件查询: by number, applicant, matter, department, status and submission days */
		case_search_t q = {status,
				   req_query(r, "number"),
				   req_query(r, "applicant"),
				   req_query(r, "matter"),
				   req_query(r, "department"),
				   req_query(r, "from"),
				   req_query(r, "to")};
		case_list(store_reader(r->store), &r->actor, &q, n, &cur, &out, &e);
	}
	if (errs_any(&e))
		reply_errors(r, E_VALIDATION, &e);
	else
		reply_json(r, 200, out);
	errs_clear(&e);
}

/* Loads owner and department and applies the route's scope. */
static bool access(req_t *r, const char *id, bool write)
{
	char owner[ACCOUNT_ID_LEN], dept[DEPT_CODE_LEN];
	if (strlen(id) > 64 || !case_owner_dept(store_reader(r->store), id, r->actor.id, owner, dept)) {
		reply_problem(r, E_NOT_FOUND, "没有这个办件", "no such case", NULL);
		return false;
	}
	return authz_resource(r, owner, dept, write);
}

void api_case_get(req_t *r)
{
	const char *id = req_param(r, "id");
	if (!access(r, id, false))
		return;
	reply_case(r, 200, id);
}

void api_case_update(req_t *r)
{
	const char *id = req_param(r, "id");
	if (!access(r, id, true))
		return;
	int64_t v;
	if (!req_if_match(r, &v))
		return;
	if (!r->body) {
		reply_problem(r, E_BAD_REQUEST, "需要 JSON 请求体", "a JSON body is required", NULL);
		return;
	}
	errs_t e = ERRS_INIT;
	case_draft_t in = {0};
	jfield_t spec[] = {{"form", JF_OBJECT, false, 0, 0, &in.form, NULL},
			   {"materials", JF_ARRAY, false, 0, 50, &in.materials, NULL},
			   {"delivery", JF_OBJECT, false, 0, 0, &in.delivery, NULL}, JF_END};
	errcode_t ec = json_spec_parse(r->body, spec, NULL, &e)
			   ? case_update_draft(r->store, &r->actor, id, v, &in, &e)
			   : E_VALIDATION;
	if (ec == E_OK)
		reply_case(r, 200, id);
	else
		reply_outcome(r, ec, &e);
	errs_clear(&e);
}

void api_case_action(req_t *r)
{
	const char *id = req_param(r, "id"), *action = req_param(r, "action");
	if (!access(r, id, true))
		return;
	/* an unknown action is 404 whatever the If-Match says */
	const wf_action_t *a = case_action(action);
	if (!a) {
		reply_problem(r, E_NOT_FOUND, "没有这个办件或操作", "no such case or action", NULL);
		return;
	}
	int64_t v;
	if (!req_if_match(r, &v))
		return;
	if (a->flags & CASE_ACT_SYSTEM_ONLY) {
		reply_problem(r, E_FORBIDDEN, "视为受理由系统按期自动执行",
			      "deemed acceptance is done by the system when due", NULL);
		return;
	}
	errs_t e = ERRS_INIT;
	json_t *allowed = NULL, *empty = NULL;
	case_input_t in = {0};
	jfield_t spec[WF_SPEC_MAX] = {JF_END};
	if (a->spec)
		a->spec(&in, spec);
	errcode_t ec = E_VALIDATION;
	if (json_spec_parse(r->body ? r->body : (empty = json_object()), spec, NULL, &e))
		ec = case_act(r->store, &r->actor, id, a, v, &in, &e, &allowed);
	json_decref(empty);
	if (ec == E_OK)
		reply_case(r, 200, id);
	else if (ec == E_STATE) {
		/* 409 with the actions that are allowed now */
		char zh[300] = "当前状态下不能进行此操作。可以进行：", en[300] = "Not allowed now. Allowed: ";
		size_t i;
		json_t *name;
		json_array_foreach(allowed, i, name) {
			strncat(zh, json_string_value(name), sizeof zh - strlen(zh) - 3);
			strncat(zh, " ", sizeof zh - strlen(zh) - 1);
			strncat(en, json_string_value(name), sizeof en - strlen(en) - 3);
			strncat(en, " ", sizeof en - strlen(en) - 1);
		}
		errs_t ae = ERRS_INIT;
		json_array_foreach(allowed, i, name)
			errs_add(&ae, "allowed_actions", json_string_value(name), "可进行的操作", "allowed action");
		reply_problem(r, ec, zh, en, &ae);
		errs_clear(&ae);
	} else
		reply_outcome(r, ec, &e);
	json_decref(allowed);
	errs_clear(&e);
}
