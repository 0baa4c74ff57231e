/* inspection_objections.c — after the inspection, over HTTP (domain/inspections/objection.h).
 *   GET  /api/v1/me/inspections                       the calling enterprise's inspections
 *   POST /api/v1/me/inspections/{id}/objections       its objection to a plan's results
 *   GET  /api/v1/inspection-objections                objections to plans of the caller's department
 *   POST /api/v1/inspection-objections/{id}/answer    upheld or rejected, with a reason */
#include "api/api.h"
#include "domain/inspections/objection.h"

void api_me_inspections(req_t *r)
{
	static const char *const none[] = {NULL};
	if (req_query_only(r, none))
		reply_json(r, 200, insp_my_inspections(store_reader(r->store), &r->actor));
}

void api_inspection_objection_create(req_t *r)
{
	errs_t e = ERRS_INIT;
	char id[40];
	json_t *empty = json_object();
	errcode_t ec =
	    insp_objection_file(r->store, &r->actor, req_param(r, "id"), r->body ? r->body : empty, &e, id);
	json_decref(empty);
	if (ec == E_OK)
		reply_json(r, 201, json_pack("{ss ss}", "id", id, "status", "pending"));
	else if (ec == E_NOT_FOUND)
		reply_problem(r, ec, "没有您的这次检查", "no inspection of yours by this id", NULL);
	else if (ec == E_VALIDATION || ec == E_STATE || ec == E_CONFLICT)
		reply_errors(r, ec, &e);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}

void api_inspection_objections_list(req_t *r)
{
	static const char *const none[] = {NULL};
	if (req_query_only(r, none))
		reply_json(r, 200, insp_objection_list(store_reader(r->store), &r->actor));
}

void api_inspection_objection_answer(req_t *r)
{
	errs_t e = ERRS_INIT;
	json_t *empty = json_object();
	errcode_t ec =
	    insp_objection_answer(r->store, &r->actor, req_param(r, "id"), r->body ? r->body : empty, &e);
	json_decref(empty);
	if (ec == E_OK)
		reply_json(r, 200, json_pack("{ss}", "id", req_param(r, "id")));
	else if (ec == E_NOT_FOUND)
		reply_problem(r, ec, "没有这个异议", "no such objection", NULL);
	else if (ec == E_FORBIDDEN)
		reply_problem(
		    r, ec, "只有本计划所涉部门的负责人或审核人员才能答复异议",
		    "only the heads, reviewers and approvers of a department of the plan answer objections",
		    NULL);
	else if (ec == E_VALIDATION || ec == E_CONFLICT)
		reply_errors(r, ec, &e);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}
