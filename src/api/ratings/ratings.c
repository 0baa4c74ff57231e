/* ratings.c — 好差评 over HTTP.
 *   POST /api/v1/cases/{id}/rating    the owner rates a completed case, once
 *   GET  /api/v1/cases/{id}/rating    the rating (owner, department head, supervisors)
 *   POST /api/v1/rating-codes         a window clerk's walk-in code for a completed case
 *   POST /api/v1/ratings/by-code      a rating with a walk-in code, without logging in
 *   POST /api/v1/bundle-cases/{id}/rating   the applicant rates a finished bundle case, once
 *   GET  /api/v1/bundle-cases/{id}/rating   its rating (applicant, head of its department, supervisors) */
#include "api/api.h"
#include "domain/cases/case.h"
#include "domain/ratings/rating.h"
#include "base/clock.h"
#include "base/jsonin.h"
#include <stdio.h>
#include <string.h>

/* The fields of a rating (shared by both ways of giving one); extra: one more field or JF_END. */
static void rating_spec(rating_input_t *in, jfield_t spec[8], jfield_t extra)
{
	jfield_t s[] = {
	    {"level", JF_INT, true, 1, 5, &in->level, NULL},
	    {"tags", JF_ARRAY, false, 0, 8, &in->tags, NULL},
	    {"comment", JF_TEXT, false, 0, RATING_COMMENT_MAX, &in->comment, NULL},
	    {"staff", JF_STRING, false, 1, 64, &in->staff, NULL},
	    {"window", JF_STRING, false, 1, RATING_WINDOW_MAX, &in->window, NULL},
	    extra,
	    JF_END,
	};
	memcpy(spec, s, sizeof s);
}

static void reply_rating(req_t *r, int status, const char *case_id)
{
	reply_json(r, status, rating_case_json(store_reader(r->store), case_id, &r->actor));
}

static bool case_access(req_t *r, const char *id)
{
	char owner[ACCOUNT_ID_LEN], dept[DEPT_CODE_LEN];
	if (strlen(id) > 64 || !case_owner_dept(store_reader(r->store), id, r->actor.id, owner, dept)) {
		reply_problem(r, E_NOT_FOUND, "没有这个办件", "no such case", NULL);
		return false;
	}
	return authz_resource(r, owner, dept, false);
}

void api_case_rating_get(req_t *r)
{
	const char *id = req_param(r, "id");
	if (case_access(r, id))
		reply_rating(r, 200, id);
}

void api_case_rating_create(req_t *r)
{
	const char *id = req_param(r, "id");
	if (!case_access(r, id))
		return;
	rating_input_t in = {0};
	jfield_t spec[8];
	rating_spec(&in, spec, (jfield_t)JF_END);
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	errcode_t ec = rating_rate_case(r->store, &r->actor, id, &in, &e);
	if (ec == E_OK)
		reply_rating(r, 201, id);
	else
		reply_errors(r, ec, &e);
	errs_clear(&e);
}

void api_rating_codes_create(req_t *r)
{
	const char *case_id = NULL;
	jfield_t spec[] = {{"case", JF_STRING, true, 1, 64, &case_id, NULL}, JF_END};
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	char code[RATING_CODE_DIGITS + 1];
	int64_t expires = 0;
	errcode_t ec = rating_code_create(r->store, &r->actor, case_id, &code[0], &expires, &e);
	if (ec == E_OK) {
		char at[32];
		clock_format_iso(expires, at);
		reply_header(r, "Cache-Control", "no-store");
		reply_json(r, 201,
			   json_pack("{s:s, s:s, s:s}", "case", case_id, "code", code, "expires_at", at));
	} else
		reply_errors(r, ec, &e);
	errs_clear(&e);
}

void api_ratings_by_code(req_t *r)
{
	const char *code = NULL;
	rating_input_t in = {0};
	jfield_t spec[8];
	rating_spec(&in, spec, (jfield_t){"code", JF_STRING, true, 1, 32, &code, NULL});
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	limit_hit_t hit = {0};
	errcode_t ec = rating_by_code(r->store, r->client_addr, code, &in, &e, &hit);
	if (ec == E_OK)
		reply_json(r, 201, json_pack("{s:b}", "rated", 1));
	else if (ec == E_RATE_LIMITED)
		reply_rate_limited(r, &hit);
	else
		reply_errors(r, ec, &e);
	errs_clear(&e);
}

void api_bundle_rating_get(req_t *r)
{
	json_t *o = NULL;
	errcode_t ec = rating_bundle_json(store_reader(r->store), req_param(r, "id"), &r->actor, &o);
	if (ec == E_OK)
		reply_json(r, 200, o);
	else if (ec == E_FORBIDDEN)
		reply_problem(r, ec, "只有督查人员和牵头部门负责人可以查看",
			      "supervisors and the head of its department only", NULL);
	else
		reply_problem(r, E_NOT_FOUND, "没有这个一件事办件", "no such bundle case", NULL);
}

void api_bundle_rating_create(req_t *r)
{
	const char *id = req_param(r, "id");
	json_t *o = NULL;
	if (rating_bundle_json(store_reader(r->store), id, &r->actor, &o) != E_OK) {
		reply_problem(r, E_NOT_FOUND, "没有这个一件事办件", "no such bundle case", NULL);
		return; /* another applicant's bundle case is not said to exist */
	}
	json_decref(o);
	o = NULL;
	rating_input_t in = {0};
	jfield_t spec[8];
	rating_spec(&in, spec, (jfield_t)JF_END);
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	errcode_t ec = rating_rate_bundle(r->store, &r->actor, id, &in, &e);
	if (ec == E_OK && rating_bundle_json(store_reader(r->store), id, &r->actor, &o) == E_OK)
		reply_json(r, 201, o);
	else
		reply_errors(r, ec == E_OK ? E_INTERNAL : ec, &e);
	errs_clear(&e);
}
