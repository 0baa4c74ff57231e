/* inspection_plans.c — 双随机一公开 over HTTP.
 *   POST /api/v1/inspection-items                         an item of the caller's department (dept_head)
 *   GET  /api/v1/inspection-items                         every item, for planning (staff)
 *   PUT  /api/v1/enterprise-profiles/{id}                 an enterprise's profile, the target register
 * (supervisor) PUT  /api/v1/inspectors/{id}                          a colleague in the inspector register
 * (dept_head) POST /api/v1/inspection-plans                         a draft plan (supervisor) GET
 * /api/v1/inspection-plans/{id}                    the plan (staff) POST
 * /api/v1/inspection-plans/{id}/actions/{action}   commit, draw, reveal, start, publish (supervisor) POST
 * /api/v1/inspection-plans/{id}/findings           a finding (an inspector drawn for the target) GET
 * /api/v1/public/inspections                       published results, without personal data GET
 * /api/v1/public/inspections/{id}/draw             the draw record once the seed is revealed */
#include "api/api.h"
#include "domain/inspections/inspection.h"
#include <string.h>

static void no_plan(req_t *r)
{
	reply_problem(r, E_NOT_FOUND, "没有这个抽查计划", "no such inspection plan", NULL);
}

static bool need_body(req_t *r)
{
	if (r->body)
		return true;
	reply_problem(r, E_BAD_REQUEST, "需要 JSON 请求体", "a JSON body is required", NULL);
	return false;
}

static void answer(req_t *r, errcode_t ec, errs_t *e, int status, json_t *ok)
{
	if (ec == E_OK)
		reply_json(r, status, ok ? ok : json_object());
	else if (ec == E_VALIDATION || ec == E_CONFLICT)
		reply_errors(r, ec, e);
	else if (ec == E_NOT_FOUND)
		reply_problem(r, ec, "没有这个账户或对象", "no such account or object", NULL);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(e);
}

void api_inspection_items_create(req_t *r)
{
	insp_item_t it = {.title_en = "", .legal_basis_en = ""};
	jfield_t spec[] = {
	    {"code", JF_STRING, true, 1, 32, &it.code, NULL},
	    {"title", JF_STRING, true, 1, 80, &it.title, NULL},
	    {"legal_basis", JF_TEXT, true, 1, 1000, &it.legal_basis, NULL},
	    {"title_en", JF_STRING, false, 0, 160, &it.title_en, NULL},
	    {"legal_basis_en", JF_TEXT, false, 0, 2000, &it.legal_basis_en, NULL},
	    JF_END,
	};
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	errcode_t ec = insp_item_put(r->store, &r->actor, &it, &e);
	answer(r, ec, &e, 201,
	       ec == E_OK ? json_pack("{ss ss ss ss ss ss}", "code", it.code, "department",
				      r->actor.department, "title", it.title, "legal_basis", it.legal_basis,
				      "title_en", it.title_en, "legal_basis_en", it.legal_basis_en)
			  : NULL);
}

void api_inspection_items_list(req_t *r)
{
	static const char *const none[] = {NULL};
	if (req_query_only(r, none))
		reply_json(r, 200, insp_item_list(store_reader(r->store)));
}

void api_enterprise_profile_put(req_t *r)
{
	if (!need_body(r))
		return;
	errs_t e = ERRS_INIT;
	answer(r, insp_profile_put(r->store, &r->actor, req_param(r, "id"), r->body, &e), &e, 200, NULL);
}

void api_inspection_targets(req_t *r)
{
	static const char *const none[] = {NULL};
	if (req_query_only(r, none))
		reply_json(r, 200, insp_register_view(store_reader(r->store)));
}

void api_inspector_put(req_t *r)
{
	if (!need_body(r))
		return;
	errs_t e = ERRS_INIT;
	answer(r, insp_inspector_put(r->store, &r->actor, req_param(r, "id"), r->body, &e), &e, 200, NULL);
}

void api_inspection_plans_create(req_t *r)
{
	if (!need_body(r))
		return;
	errs_t e = ERRS_INIT;
	char id[40];
	errcode_t ec = insp_plan_create(r->store, &r->actor, r->body, &e, id);
	if (ec == E_OK) {
		reply_etag(r, 1);
		reply_json(r, 201, insp_plan_view(store_reader(r->store), id, &r->actor));
		return;
	}
	answer(r, ec, &e, 0, NULL);
}

/* ?limit= and ?cursor= only (page.h); false when answered. */
static bool plan_page(req_t *r, int *limit, page_cursor_t *cur)
{
	static const char *const allowed[] = {"limit", "cursor", NULL};
	errs_t e = ERRS_INIT;
	return req_query_only(r, allowed) && req_page_valid(r, limit, cur, &e);
}

void api_inspection_plans_list(req_t *r)
{
	int limit;
	page_cursor_t cur;
	if (plan_page(r, &limit, &cur))
		reply_json(r, 200, insp_plan_list(store_reader(r->store), limit, &cur));
}

void api_inspection_plan_get(req_t *r)
{
	json_t *out = insp_plan_view(store_reader(r->store), req_param(r, "id"), &r->actor);
	if (!out) {
		no_plan(r);
		return;
	}
	reply_etag(r, json_integer_value(json_object_get(out, "version")));
	reply_json(r, 200, out);
}

void api_inspection_plan_action(req_t *r)
{
	int64_t version;
	if (!req_if_match_optional(r, &version))
		return;
	const char *action = req_param(r, "action");
	errs_t e = ERRS_INIT;
	char state[16] = "";
	json_t *empty = json_object();
	errcode_t ec = insp_plan_act(r->store, &r->actor, req_param(r, "id"), action,
				     r->body ? r->body : empty, version, &e, state);
	json_decref(empty);
	if (ec == E_OK) {
		json_t *out = insp_plan_view(store_reader(r->store), req_param(r, "id"), &r->actor);
		reply_etag(r, json_integer_value(json_object_get(out, "version")));
		reply_json(r, 200, out);
	} else if (ec == E_NOT_FOUND && !*state)
		no_plan(r);
	else if (ec == E_STATE && !strcmp(action, "draw") && strcmp(state, "draft") != 0)
		reply_problem(
		    r, ec, "本计划已抽取，种子公开后不能重抽；如需再抽，请新建计划",
		    "this plan is drawn already and its seed is or will be revealed: a redraw is refused; "
		    "a new plan is needed",
		    NULL);
	else if (ec == E_STATE)
		reply_problem(r, ec, "计划当前状态不允许此操作",
			      "the plan's state does not allow this action", NULL);
	else if (ec == E_VALIDATION)
		reply_errors(r, ec, &e);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}

void api_inspection_findings_create(req_t *r)
{
	if (!need_body(r))
		return;
	errs_t e = ERRS_INIT;
	errcode_t ec = insp_finding_record(r->store, &r->actor, req_param(r, "id"), r->body, &e);
	if (ec == E_FORBIDDEN)
		reply_problem(r, ec, "您未被抽中检查这个对象，不能记录结果",
			      "you were not drawn to inspect this target: you cannot record findings on it",
			      NULL);
	else if (ec == E_STATE)
		reply_problem(r, ec, "只能在检查阶段记录结果",
			      "findings are recorded while the plan is inspecting", NULL);
	else if (ec == E_NOT_FOUND)
		no_plan(r);
	else
		answer(r, ec, &e, 201, NULL);
	errs_clear(&e);
}

void api_public_inspections(req_t *r)
{
	int limit;
	page_cursor_t cur;
	if (plan_page(r, &limit, &cur))
		reply_json(r, 200, insp_public_list(store_reader(r->store), limit, &cur));
}

void api_public_inspection_draw(req_t *r)
{
	json_t *out = insp_public_draw(store_reader(r->store), req_param(r, "id"));
	if (!out)
		reply_problem(r, E_NOT_FOUND, "没有这个已公开种子的抽查计划",
			      "no inspection plan with a revealed seed by this id", NULL);
	else
		reply_json(r, 200, out);
}
