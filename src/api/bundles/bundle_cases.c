/* bundle_cases.c — bundle cases (一件事办件) over HTTP.
 *   POST /api/v1/bundles/{code}/cases         apply (a person or enterprise; a window clerk for a
 *                                             walk-in; Idempotency-Key)
 *   GET  /api/v1/bundle-cases/{id}            the bundle case (applicant, supervisors; staff: their steps)
 *   POST /api/v1/bundle-cases/{id}/withdraw   withdraw every undecided sub-case (applicant)
 *   POST /api/v1/bundle-cases/{id}/correction one answer to every department's correction notice
 *                                             (applicant, If-Match)
 *   POST /api/v1/bundle-cases/{id}/retry      submit the blocked steps again (applicant, If-Match) */
#include "api/api.h"
#include "base/jsonin.h"
#include "domain/bundles/bundle_case.h"
#include "domain/bundles/bundle_correction.h"
#include <stdio.h>
#include <string.h>

static void reply_bundle_case(req_t *r, int status, const char *id)
{
	json_t *o = bundle_case_json(store_reader(r->store), id, &r->actor);
	if (!o) {
		reply_problem(r, E_NOT_FOUND, "没有这个一件事办件", "no such bundle case", NULL);
		return;
	}
	if (json_object_get(o, "version"))
		reply_etag(r, json_integer_value(json_object_get(o, "version")));
	reply_json(r, status, o);
}

void api_bundle_cases_create(req_t *r)
{
	if (!r->body) {
		reply_problem(r, E_BAD_REQUEST, "需要 JSON 请求体", "a JSON body is required", NULL);
		return;
	}
	const char *key;
	if (!req_idempotency_key(r, &key))
		return;
	errs_t e = ERRS_INIT;
	bundle_apply_t in = {.submit = true, .idem_key = key, .raw = r->raw_body, .raw_len = r->raw_len};
	jfield_t spec[] = {
	    {"form", JF_OBJECT, true, 0, 0, &in.form, NULL},
	    {"materials", JF_ARRAY, false, 0, 100, &in.materials, NULL},
	    {"channel", JF_STRING, true, 1, 16, &in.channel, NULL},
	    {"applicant", JF_OBJECT, false, 0, 0, &in.applicant, NULL},
	    {"agent", JF_OBJECT, false, 0, 0, &in.agent, NULL},
	    {"submit", JF_BOOL, false, 0, 0, &in.submit, NULL},
	    JF_END,
	};
	json_spec_parse(r->body, spec, NULL, &e);
	char id[BUNDLE_CASE_ID_LEN];
	bool replayed = false;
	errcode_t ec = bundle_apply(r->store, &r->actor, req_param(r, "code"), &in, &e, id, &replayed);
	if (ec == E_OK) {
		char loc[96];
		snprintf(loc, sizeof loc, "/api/v1/bundle-cases/%s", id);
		reply_header(r, "Location", loc);
		if (replayed)
			reply_header(r, "Idempotent-Replayed", "true");
		reply_bundle_case(r, 201, id);
	} else if (ec == E_NOT_FOUND)
		reply_problem(r, ec, "没有这个一件事，或已停止受理", "no such bundle, or it is retired",
			      NULL);
	else if (errs_any(&e))
		reply_errors(r, ec, &e);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}

void api_bundle_case_get(req_t *r) { reply_bundle_case(r, 200, req_param(r, "id")); }

void api_bundle_case_withdraw(req_t *r)
{
	int64_t if_version;
	if (!req_if_match(r, &if_version))
		return;
	const char *reason = NULL;
	errs_t e = ERRS_INIT;
	if (r->body) {
		jfield_t spec[] = {{"reason", JF_TEXT, false, 1, 500, &reason, NULL}, JF_END};
		if (!json_spec_parse(r->body, spec, NULL, &e)) {
			reply_errors(r, E_VALIDATION, &e);
			errs_clear(&e);
			return;
		}
	}
	errcode_t ec = bundle_case_withdraw(r->store, &r->actor, req_param(r, "id"), if_version, reason);
	if (ec == E_OK)
		reply_bundle_case(r, 200, req_param(r, "id"));
	else if (ec == E_NOT_FOUND)
		reply_problem(r, ec, "没有这个一件事办件", "no such bundle case", NULL);
	else if (ec == E_STATE)
		reply_problem(r, ec, "该一件事已经结束", "the bundle case has ended", NULL);
	else if (ec == E_STALE)
		reply_problem(r, ec, "该一件事办件已有变化，请刷新后重试",
			      "the bundle case has changed: reload it", NULL);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}

void api_bundle_case_correction(req_t *r)
{
	int64_t if_version;
	if (!req_if_match(r, &if_version))
		return;
	json_t *form = NULL, *materials = NULL;
	jfield_t spec[] = {
	    {"form", JF_OBJECT, false, 0, 0, &form, NULL},
	    {"materials", JF_ARRAY, false, 0, 100, &materials, NULL},
	    JF_END,
	};
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	const char *id = req_param(r, "id");
	errcode_t ec = bundle_correction_answer(r->store, &r->actor, id, if_version, form, materials, &e);
	if (ec == E_OK)
		reply_bundle_case(r, 200, req_param(r, "id"));
	else if (ec == E_NOT_FOUND)
		reply_problem(r, ec, "没有这个一件事办件", "no such bundle case", NULL);
	else if (ec == E_STATE)
		reply_problem(r, ec, "没有待补正的事项", "no step waits for a correction", NULL);
	else if (ec == E_STALE)
		reply_problem(r, ec, "该一件事办件已有变化，请刷新后重试",
			      "the bundle case has changed: reload it", NULL);
	else if (errs_any(&e))
		reply_errors(r, ec, &e);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}

void api_bundle_case_retry(req_t *r)
{
	int64_t if_version;
	if (!req_if_match(r, &if_version))
		return;
	int blocked = 0;
	errcode_t ec = bundle_case_retry(r->store, &r->actor, req_param(r, "id"), if_version, &blocked);
	if (ec == E_OK)
		reply_bundle_case(r, 200, req_param(r, "id"));
	else if (ec == E_NOT_FOUND)
		reply_problem(r, ec, "没有这个一件事办件", "no such bundle case", NULL);
	else if (ec == E_STATE)
		reply_problem(r, ec, "没有无法提交的事项，或该一件事已经结束",
			      "no step is blocked, or the bundle case has ended", NULL);
	else if (ec == E_STALE)
		reply_problem(r, ec, "该一件事办件已有变化，请刷新后重试",
			      "the bundle case has changed: reload it", NULL);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
}
