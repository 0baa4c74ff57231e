/* matters.c — the catalogue over HTTP.
 *   GET  /api/v1/matters                  list and search (public)
 *   GET  /api/v1/matters/{code}           current version, or ?version=N (public)
 *   GET  /api/v1/matters/{code}/process   its steps (办理流程), same ?version=N (public)
 *   POST /api/v1/matters                  create (admin)
 *   PUT  /api/v1/matters/{code}           new version (admin, If-Match)
 *   POST /api/v1/matters/{code}/retire    retire (admin, If-Match) */
#include "api/api.h"
#include "base/crypto.h"
#include "base/jsonin.h"
#include "domain/catalog/matter.h"
#include "domain/cases/case_process.h"
#include "api/respcache.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool parse_int_arg(req_t *r, const char *name, long lo, long hi, long *out, errs_t *e)
{
	const char *v = req_query(r, name);
	if (!v)
		return false;
	char *end;
	long x = strtol(v, &end, 10);
	if (!*v || *end || x < lo || x > hi) {
		errs_addi(e, name, "type", "应为不超过 %lld 的非负整数", "must be a whole number up to %lld", hi);
		return false;
	}
	*out = x;
	return true;
}

/* A true/false query argument: *out 1 or 0, left alone when absent. */
static void parse_bool_arg(req_t *r, const char *name, int *out, errs_t *e)
{
	const char *v = req_query(r, name);
	if (!v)
		return;
	if (!strcmp(v, "true"))
		*out = 1;
	else if (!strcmp(v, "false"))
		*out = 0;
	else
		errs_add(e, name, "type", "应为 true 或 false", "must be true or false");
}

void api_matters_list(req_t *r)
{
	static const char *const allowed[] = {"department", "type",	     "immediate", "visits",
					      "q",	    "limit",	     "cursor",	  "include_retired",
					      "applicant",  "fully_online", NULL};
	if (!req_query_only(r, allowed))
		return;
	errs_t e = ERRS_INIT;
	matter_query_t q = {.immediate = -1, .visits = -1, .limit = 20};
	q.department = req_query(r, "department");
	q.type = req_query(r, "type");
	q.q = req_query(r, "q");
	q.cursor = req_query(r, "cursor");
	q.applicant = req_query(r, "applicant");
	const char *ret = req_query(r, "include_retired");
	parse_bool_arg(r, "immediate", &q.immediate, &e);
	int online = -1;
	parse_bool_arg(r, "fully_online", &online, &e);
	q.fully_online = online < 0 ? 0 : online ? 1 : 2;
	if (q.applicant && strcmp(q.applicant, "person") && strcmp(q.applicant, "enterprise"))
		errs_add(&e, "applicant", "not_an_option", "服务对象应为 person（个人）或 enterprise（法人）",
			 "must be person or enterprise");
	if (ret) {
		if (!strcmp(ret, "true"))
			q.include_retired = true;
		else if (strcmp(ret, "false"))
			errs_add(&e, "include_retired", "type", "应为 true 或 false", "must be true or false");
	}
	long v;
	if (parse_int_arg(r, "visits", 0, 1, &v, &e))
		q.visits = (int)v;
	if (parse_int_arg(r, "limit", 1, MATTER_PAGE_MAX, &v, &e))
		q.limit = (int)v;
	if (q.q) {
		size_t n = utf8_len(q.q);
		bool blank = true;
		for (const char *p = q.q; *p; p++)
			if (*p != ' ' && *p != '\t')
				blank = false;
		if (n == 0 || blank)
			errs_add(&e, "q", "required", "搜索词不能为空", "the search words may not be empty");
		else if (n > 50)
			errs_add(&e, "q", "too_long", "搜索词最多 50 个字符",
				 "the search words may be at most 50 characters");
		else if (has_control_chars(q.q, false))
			errs_add(&e, "q", "control_chars", "搜索词含有控制字符",
				 "the search words contain control characters");
	}
	if (q.department && strlen(q.department) > 32)
		errs_add(&e, "department", "too_long", "部门代码过长", "department code too long");
	if (q.type && strlen(q.type) > 32)
		errs_add(&e, "type", "too_long", "类型过长", "type too long");
	json_t *out = NULL;
	if (!errs_any(&e)) {
		errcode_t ec = matter_list(store_reader(r->store), &q, &out, &e);
		(void)ec;
	}
	if (errs_any(&e)) {
		reply_errors(r, E_VALIDATION, &e);
		errs_clear(&e);
		return;
	}
	char *text = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(out);
	if (!text) {
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
		return;
	}
	reply_text_etag(r, text);
	free(text);
}

/* The one query a matter's read takes: ?version=N (0 when absent: the current
 * one). False when the answer (400/422) has been sent. */
static bool version_query(req_t *r, long *version)
{
	static const char *const allowed[] = {"version", NULL};
	if (!req_query_only(r, allowed))
		return false;
	errs_t e = ERRS_INIT;
	*version = 0;
	parse_int_arg(r, "version", 1, 1000000, version, &e);
	if (errs_any(&e)) {
		reply_errors(r, E_VALIDATION, &e);
		errs_clear(&e);
		return false;
	}
	return true;
}

void api_matter_get(req_t *r)
{
	long version;
	if (!version_query(r, &version))
		return;
	char key[96];
	snprintf(key, sizeof key, "matter:%.20s:%ld", req_param(r, "code"), version);
	uint64_t gen;
	if (respcache_reply(r, key, &gen))
		return;
	int64_t row_version = 0;
	errcode_t ec;
	char *text =
	    matter_get_text(store_reader(r->store), req_param(r, "code"), version, &row_version, &ec);
	if (!text) {
		reply_problem(r, E_NOT_FOUND, version ? "没有这个事项或版本" : "没有这个事项",
			      version ? "no such matter or version" : "no such matter", NULL);
		return;
	}
	char etag[48];
	if (version)
		snprintf(etag, sizeof etag, "\"%ld-%lld\"", version, (long long)row_version);
	else
		snprintf(etag, sizeof etag, "\"%lld\"", (long long)row_version);
	respcache_put_reply(r, key, gen, text, strlen(text), etag);
	free(text);
}

/* The steps a case of the matter goes through, derived from the case machine
 * and the matter's own limits (domain/cases/case_process.h). */
void api_matter_process(req_t *r)
{
	long version;
	if (!version_query(r, &version))
		return;
	json_t *doc = matter_doc(store_reader(r->store), req_param(r, "code"), version);
	if (!doc) {
		reply_problem(r, E_NOT_FOUND, version ? "没有这个事项或版本" : "没有这个事项",
			      version ? "no such matter or version" : "no such matter", NULL);
		return;
	}
	json_t *out =
	    json_pack("{sO so}", "code", json_object_get(doc, "code"), "steps", case_process_steps(doc));
	json_decref(doc);
	reply_json(r, 200, out);
}

static void after_write(req_t *r, errcode_t ec, errs_t *e, const char *code, int64_t row_version, int status)
{
	if (ec == E_OK) {
		int64_t rv;
		errcode_t ec2;
		char *text = matter_get_text(store_reader(r->store), code, 0, &rv, &ec2);
		char loc[64];
		snprintf(loc, sizeof loc, "/api/v1/matters/%s", code);
		reply_header(r, "Location", loc);
		reply_etag(r, row_version);
		reply_raw(r, status, "application/json; charset=utf-8", text ? text : "{}",
			  text ? strlen(text) : 2);
		free(text);
	} else if (ec == E_VALIDATION || (ec == E_CONFLICT && errs_any(e)))
		reply_errors(r, ec, e);
	else if (ec == E_NOT_FOUND)
		reply_problem(r, ec, "没有这个事项", "no such matter", NULL);
	else if (ec == E_STATE)
		reply_problem(r, ec, "该事项已经停用", "the matter is already retired", NULL);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
}

void api_matters_create(req_t *r)
{
	if (!r->body) {
		reply_problem(r, E_BAD_REQUEST, "需要 JSON 请求体", "a JSON body is required", NULL);
		return;
	}
	errs_t e = ERRS_INIT;
	int64_t rv = 0;
	errcode_t ec = matter_create(r->store, &r->actor, r->body, &e, &rv);
	after_write(r, ec, &e, json_string_value(json_object_get(r->body, "code")), rv, 201);
	errs_clear(&e);
}

void api_matter_update(req_t *r)
{
	int64_t if_version;
	if (!req_if_match(r, &if_version))
		return;
	if (!r->body) {
		reply_problem(r, E_BAD_REQUEST, "需要 JSON 请求体", "a JSON body is required", NULL);
		return;
	}
	errs_t e = ERRS_INIT;
	int64_t rv = 0;
	const char *code = req_param(r, "code");
	errcode_t ec = matter_update(r->store, &r->actor, code, if_version, r->body, &e, &rv);
	after_write(r, ec, &e, code, rv, 200);
	errs_clear(&e);
}

void api_matter_retire(req_t *r)
{
	int64_t if_version;
	if (!req_if_match(r, &if_version))
		return;
	errs_t e = ERRS_INIT;
	int64_t rv = 0;
	const char *code = req_param(r, "code");
	errcode_t ec = matter_retire(r->store, &r->actor, code, if_version, &rv);
	after_write(r, ec, &e, code, rv, 200);
	errs_clear(&e);
}
