/* progress.c — 进度查询 over HTTP.
 *   POST /api/v1/progress   {number, proof}: a case's status and dates, without logging in
 * POST, not GET, so that an ID number or phone never stands in a URL, a log
 * line or a browser's history. */
#include "api/api.h"
#include "domain/cases/case.h"
#include "base/jsonin.h"

void api_progress(req_t *r)
{
	const char *number = NULL, *proof = NULL;
	jfield_t spec[] = {
	    {"number", JF_STRING, true, 1, 39, &number, NULL},
	    {"proof", JF_STRING, true, 1, 32, &proof, NULL},
	    JF_END,
	};
	if (!req_body(r, spec))
		return;
	limit_hit_t hit = {0};
	json_t *out = NULL;
	errcode_t ec = case_progress(r->store, &r->actor, r->client_addr, number, proof, &hit, &out);
	if (ec == E_OK)
		reply_json(r, 200, out);
	else if (ec == E_RATE_LIMITED)
		reply_rate_limited(r, &hit);
	else if (ec == E_NOT_FOUND)
		reply_problem(
		    r, ec, "没有找到这个办件：请核对办件编号，以及申请人的身份证号、统一社会信用代码或手机号",
		    "no case found: check the case number and the applicant's ID number, credit code "
		    "or phone",
		    NULL);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
}
