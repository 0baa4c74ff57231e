/* data_use.c — the data-use log's routes (domain/sharing/data_use.h):
 *   GET  /api/v1/me/data-use                   the caller's own records, newest first
 *   POST /api/v1/me/data-use/{id}/objection    the caller objects to one of them
 *   GET  /api/v1/data-use-objections           the objections (supervisors) */
#include "api/api.h"
#include "base/jsonin.h"
#include "domain/sharing/data_use.h"

void api_me_data_use(req_t *r)
{
	static const char *const allowed[] = {"limit", "cursor", NULL};
	if (!req_query_only(r, allowed))
		return;
	int limit;
	page_cursor_t cur;
	errs_t e = ERRS_INIT;
	if (!req_page_valid(r, &limit, &cur, &e))
		return;
	json_t *out = data_use_of_subject(store_reader(r->store), r->actor.id, limit, &cur);
	if (!out) {
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
		return;
	}
	reply_json(r, 200, out);
}

void api_me_data_use_objection(req_t *r)
{
	const char *reason = NULL;
	jfield_t spec[] = {
	    {"reason", JF_TEXT, true, 1, 4000, &reason, NULL},
	    JF_END,
	};
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	json_t *out = NULL;
	errcode_t ec = data_use_object(r->store, &r->actor, req_param(r, "id"), reason, &e, &out);
	if (ec == E_OK)
		reply_json(r, 201, out);
	else if (ec == E_VALIDATION)
		reply_errors(r, ec, &e);
	else if (ec == E_NOT_FOUND)
		reply_problem(r, ec, "没有这条数据使用记录", "no such record of yours", NULL);
	else if (ec == E_CONFLICT)
		reply_problem(r, ec, "您已对这次使用提出过异议", "you have objected to this use already",
			      NULL);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}

void api_data_use_objections(req_t *r)
{
	static const char *const allowed[] = {"limit", "cursor", NULL};
	if (!req_query_only(r, allowed))
		return;
	int limit;
	page_cursor_t cur;
	errs_t e = ERRS_INIT;
	if (!req_page_valid(r, &limit, &cur, &e))
		return;
	json_t *out = data_use_objections(store_reader(r->store), limit, &cur);
	if (!out) {
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
		return;
	}
	reply_json(r, 200, out);
}
