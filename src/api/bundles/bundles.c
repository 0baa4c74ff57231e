/* bundles.c — bundles (一件事) over HTTP.
 *   GET  /api/v1/bundles                  the active bundles (public)
 *   GET  /api/v1/bundles/{code}           the guide: current version, or ?version=N (public)
 *   POST /api/v1/bundles                  create (admin)
 *   PUT  /api/v1/bundles/{code}           new version (admin, If-Match)
 *   POST /api/v1/bundles/{code}/retire    retire (admin, If-Match) */
#include "api/api.h"
#include "domain/bundles/bundle.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void api_bundles_list(req_t *r)
{
	static const char *const allowed[] = {NULL};
	if (!req_query_only(r, allowed))
		return;
	reply_json(r, 200, bundle_list(store_reader(r->store)));
}

void api_bundle_get(req_t *r)
{
	static const char *const allowed[] = {"version", NULL};
	if (!req_query_only(r, allowed))
		return;
	long version = 0;
	const char *v = req_query(r, "version");
	if (v) {
		char *end;
		version = strtol(v, &end, 10);
		if (!*v || *end || version < 1 || version > 1000000) {
			errs_t e = ERRS_INIT;
			errs_add(&e, "version", "type", "应为正整数", "must be a positive whole number");
			reply_errors(r, E_VALIDATION, &e);
			errs_clear(&e);
			return;
		}
	}
	int64_t rv = 0;
	json_t *doc = bundle_get(store_reader(r->store), req_param(r, "code"), version, &rv);
	if (!doc) {
		reply_problem(r, E_NOT_FOUND, "没有这个一件事或版本", "no such bundle or version", NULL);
		return;
	}
	reply_etag(r, rv);
	reply_json(r, 200, doc);
}

static void after_write(req_t *r, errcode_t ec, errs_t *e, const char *code, int64_t rv, int status)
{
	if (ec == E_OK) {
		int64_t v;
		json_t *doc = bundle_get(store_reader(r->store), code, 0, &v);
		char loc[80];
		snprintf(loc, sizeof loc, "/api/v1/bundles/%s", code);
		reply_header(r, "Location", loc);
		reply_etag(r, rv);
		reply_json(r, status, doc ? doc : json_object());
	} else if (ec == E_VALIDATION || (ec == E_CONFLICT && errs_any(e)))
		reply_errors(r, ec, e);
	else if (ec == E_NOT_FOUND)
		reply_problem(r, ec, "没有这个一件事", "no such bundle", NULL);
	else if (ec == E_STATE)
		reply_problem(r, ec, "该一件事已经停用", "the bundle is already retired", NULL);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
}

void api_bundles_create(req_t *r)
{
	if (!r->body) {
		reply_problem(r, E_BAD_REQUEST, "需要 JSON 请求体", "a JSON body is required", NULL);
		return;
	}
	errs_t e = ERRS_INIT;
	int64_t rv = 0;
	errcode_t ec = bundle_create(r->store, &r->actor, r->body, &e, &rv);
	after_write(r, ec, &e, json_string_value(json_object_get(r->body, "code")), rv, 201);
	errs_clear(&e);
}

void api_bundle_update(req_t *r)
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
	errcode_t ec = bundle_update(r->store, &r->actor, code, if_version, r->body, &e, &rv);
	after_write(r, ec, &e, code, rv, 200);
	errs_clear(&e);
}

void api_bundle_retire(req_t *r)
{
	int64_t if_version;
	if (!req_if_match(r, &if_version))
		return;
	errs_t e = ERRS_INIT;
	int64_t rv = 0;
	const char *code = req_param(r, "code");
	errcode_t ec = bundle_retire(r->store, &r->actor, code, if_version, &rv);
	after_write(r, ec, &e, code, rv, 200);
	errs_clear(&e);
}
