/* complaints.c — 12345 requests over HTTP.
 *   POST /api/v1/complaints                          file (anyone with a phone; operators on the hotline)
 *   GET  /api/v1/complaints?status=&limit=           the caller's, the hotline's or the body's
 *   GET  /api/v1/complaints/{id}                     one request with its timeline
 *   POST /api/v1/complaints/{id}/actions/{action}    move it (If-Match)
 *   GET  /api/v1/complaint-categories                the category tree
 *   GET  /api/v1/stats/complaints?from=&to=&body=    三率 per body (staff)
 *   GET  /api/v1/stats/complaints/hotspots?from=&to=&district=&category=&factor=
 *        requests per day × street × category, spikes first (staff) */
#include "api/api.h"
#include "base/jsonin.h"
#include "base/utf8.h"
#include "domain/complaints/complaint.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reply_complaint(req_t *r, int status, const char *id)
{
	json_t *c = complaint_json(store_reader(r->store), id, &r->actor);
	if (!c) {
		reply_problem(r, E_NOT_FOUND, "没有这个诉求", "no such request", NULL);
		return;
	}
	reply_etag(r, json_integer_value(json_object_get(c, "version")));
	reply_json(r, status, c);
}

void api_complaints_create(req_t *r)
{
	if (!complaint_may_file(store_reader(r->store), &r->actor)) {
		reply_problem(r, E_FORBIDDEN, "只有群众、企业和12345话务员可以提交诉求",
			      "only people, enterprises and 12345 operators file requests", NULL);
		return;
	}
	if (!r->body) {
		reply_problem(r, E_BAD_REQUEST, "需要 JSON 请求体", "a JSON body is required", NULL);
		return;
	}
	const char *key;
	if (!req_idempotency_key(r, &key))
		return;
	bool replayed = false;
	complaint_new_t in = {
	    .idem_key = key, .raw = r->raw_body, .raw_len = r->raw_len, .replayed = &replayed};
	json_t *subject = NULL, *attachments = NULL;
	jfield_t spec[] = {
	    {"kind", JF_STRING, true, 1, 16, &in.kind, NULL},
	    {"category", JF_STRING, true, 1, 31, &in.category, NULL},
	    {"text", JF_TEXT, true, 1, 4000, &in.text, NULL},
	    {"channel", JF_STRING, true, 1, 16, &in.channel, NULL},
	    {"phone", JF_STRING, false, 5, 20, &in.phone, NULL},
	    {"district", JF_STRING, true, 6, 6, &in.district, NULL},
	    {"street", JF_STRING, false, 9, 9, &in.street, NULL},
	    {"address", JF_STRING, false, 1, 200, &in.address, NULL},
	    {"anonymous", JF_BOOL, false, 0, 0, &in.anonymous, NULL},
	    {"subject", JF_OBJECT, false, 0, 0, &subject, NULL},
	    {"answer", JF_TEXT, false, 2, 4000, &in.answer, NULL},
	    {"attachments", JF_ARRAY, false, 0, 9, &attachments, NULL},
	    JF_END,
	};
	errs_t e = ERRS_INIT;
	char id[ENTITY_ID_LEN];
	limit_hit_t hit = {0};
	errcode_t ec = E_VALIDATION;
	if (json_spec_parse(r->body, spec, NULL, &e)) {
		in.subject = subject;
		in.attachments = attachments;
		in.client_addr = r->client_addr;
		in.limited = &hit;
		ec = complaint_create(r->store, &r->actor, &in, &e, id);
	}
	if (ec == E_OK) {
		char loc[80];
		snprintf(loc, sizeof loc, "/api/v1/complaints/%s", id);
		reply_header(r, "Location", loc);
		if (replayed)
			reply_header(r, "Idempotent-Replayed", "true");
		if (r->actor.id[0])
			reply_complaint(r, 201, id);
		else { /* an anonymous caller follows it through the hotline by its number */
			json_t *full = complaint_json(store_reader(r->store), id, &r->actor);
			reply_json(r, 201,
				   json_pack("{ss sO}", "id", id, "number", json_object_get(full, "number")));
			json_decref(full);
		}
	} else if (ec == E_VALIDATION)
		reply_errors(r, ec, &e);
	else if (ec == E_RATE_LIMITED)
		reply_rate_limited(r, &hit);
	else if (ec == E_IDEMPOTENCY_MISMATCH)
		reply_problem(r, ec, NULL, NULL, NULL);
	else if (ec == E_FORBIDDEN)
		reply_problem(r, ec, "只有群众、企业和12345话务员可以提交诉求",
			      "only people, enterprises and 12345 operators file requests", NULL);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}

void api_complaints_list(req_t *r)
{
	static const char *const allowed[] = {"status", "limit", "cursor", NULL};
	if (!req_query_only(r, allowed))
		return;
	errs_t e = ERRS_INIT;
	const char *cursor = req_query(r, "cursor");
	int n = req_limit(r, COMPLAINT_LIST_DEFAULT, COMPLAINT_LIST_MAX, &e);
	page_cursor_t cur;
	if (!page_cursor_parse(cursor, &cur) && cursor)
		errs_add(&e, "cursor", "invalid", "分页游标无效", "invalid cursor");
	json_t *out = NULL;
	if (!errs_any(&e))
		complaint_list(store_reader(r->store), &r->actor, req_query(r, "status"), n, &cur, &out, &e);
	if (errs_any(&e))
		reply_errors(r, E_VALIDATION, &e);
	else
		reply_json(r, 200, out);
	errs_clear(&e);
}

static bool access(req_t *r, const char *id, bool write)
{
	char owner[ACCOUNT_ID_LEN], dept[DEPT_CODE_LEN];
	if (!complaint_scope(store_reader(r->store), id, &r->actor, owner, dept)) {
		reply_problem(r, E_NOT_FOUND, "没有这个诉求", "no such request", NULL);
		return false;
	}
	return authz_resource(r, owner[0] ? owner : NULL, dept[0] ? dept : NULL, write);
}

void api_complaint_get(req_t *r)
{
	const char *id = req_param(r, "id");
	if (access(r, id, false))
		reply_complaint(r, 200, id);
}

void api_complaint_action(req_t *r)
{
	const char *id = req_param(r, "id");
	if (!access(r, id, true))
		return;
	const wf_action_t *a = complaint_action(req_param(r, "action"));
	if (!a) {
		reply_problem(r, E_NOT_FOUND, "没有这个诉求或操作", "no such request or action", NULL);
		return;
	}
	int64_t v;
	if (!req_if_match(r, &v))
		return;
	errs_t e = ERRS_INIT;
	json_t *allowed = NULL, *empty = NULL;
	complaint_input_t in = {0};
	jfield_t spec[WF_SPEC_MAX] = {JF_END};
	if (a->spec)
		a->spec(&in, spec);
	errcode_t ec = E_VALIDATION;
	if (json_spec_parse(r->body ? r->body : (empty = json_object()), spec, NULL, &e))
		ec = complaint_act(r->store, &r->actor, id, a, v, &in, &e, &allowed);
	json_decref(empty);
	if (ec == E_OK)
		reply_complaint(r, 200, id);
	else if (ec == E_VALIDATION)
		reply_errors(r, ec, &e);
	else if (ec == E_STATE) {
		errs_t ae = ERRS_INIT;
		size_t i;
		json_t *name;
		json_array_foreach(allowed, i, name) errs_add(&ae, "allowed_actions", json_string_value(name),
							      "可进行的操作", "allowed action");
		reply_problem(r, ec, "当前状态下不能进行此操作", "this action is not open now", &ae);
		errs_clear(&ae);
	} else if (ec == E_FORBIDDEN)
		reply_problem(r, ec, "您不能对这个诉求进行此操作", "you may not do this on this request",
			      NULL);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	json_decref(allowed);
	errs_clear(&e);
}

void api_complaint_categories(req_t *r)
{
	static const char *const allowed[] = {"q", NULL};
	if (!req_query_only(r, allowed))
		return;
	const char *q = req_query(r, "q");
	if (!q) {
		reply_json(r, 200, complaint_categories_json(store_reader(r->store)));
		return;
	}
	size_t n = strlen(q);
	const char *blank = q + strspn(q, " \t");
	if (!n || !*blank || n > 60 || !utf8_valid(q)) {
		errs_t e = ERRS_INIT;
		errs_add(&e, "q", "length", "请输入 1 至 20 个字的分类名称",
			 "type 1 to 20 characters of a category name");
		reply_errors(r, E_VALIDATION, &e);
		errs_clear(&e);
		return;
	}
	reply_json(r, 200, complaint_categories_search(store_reader(r->store), q));
}

void api_complaint_hotspots(req_t *r)
{
	static const char *const allowed[] = {"from", "to", "district", "category", "factor", NULL};
	if (!req_query_only(r, allowed))
		return;
	complaint_hotspot_query_t q = {req_query(r, "from"), req_query(r, "to"), req_query(r, "district"),
				       req_query(r, "category"), req_query(r, "factor")};
	errs_t e = ERRS_INIT;
	json_t *out = NULL;
	errcode_t ec = complaint_hotspots(store_reader(r->store), &q, &out, &e);
	if (ec == E_OK)
		reply_json(r, 200, out);
	else
		reply_errors(r, ec, &e);
	errs_clear(&e);
}

void api_complaint_stats(req_t *r)
{
	static const char *const allowed[] = {"from", "to", "body", NULL};
	if (!req_query_only(r, allowed))
		return;
	errs_t e = ERRS_INIT;
	json_t *out = NULL;
	errcode_t ec = complaint_stats(store_reader(r->store), req_query(r, "from"), req_query(r, "to"),
				       req_query(r, "body"), &out, &e);
	if (ec == E_OK)
		reply_json(r, 200, out);
	else
		reply_errors(r, ec, &e);
	errs_clear(&e);
}
