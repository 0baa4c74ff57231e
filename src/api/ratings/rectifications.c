/* rectifications.c — 整改 over HTTP.
 *   GET  /api/v1/rectifications                        the department head's; supervisors: all
 *   POST /api/v1/rectifications/{id}/actions/{action}  record the callback or the fix (If-Match) */
#include "api/api.h"
#include "domain/ratings/rectification.h"
#include "base/jsonin.h"
#include <string.h>

void api_rectifications_list(req_t *r)
{
	static const char *const allowed[] = {"status", "escalated", "limit", "cursor", NULL};
	if (!req_query_only(r, allowed))
		return;
	const char *status = req_query(r, "status"), *esc = req_query(r, "escalated");
	errs_t e = ERRS_INIT;
	if (status && !wf_state(&rectification_machine, status))
		errs_add(&e, "status", "unknown", "状态应为 open、called_back 或 fixed",
			 "status is open, called_back or fixed");
	if (esc && strcmp(esc, "true") != 0 && strcmp(esc, "false") != 0)
		errs_add(&e, "escalated", "type", "应为 true 或 false", "true or false");
	int limit;
	page_cursor_t cur;
	req_page(r, &limit, &cur, &e);
	json_t *out = NULL;
	if (errs_any(&e))
		reply_errors(r, E_VALIDATION, &e);
	else if (!(out = rectification_list(store_reader(r->store), &r->actor, status,
					    esc && !strcmp(esc, "true"), limit, &cur)))
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
	else
		reply_json(r, 200, out);
	errs_clear(&e);
}

void api_rectification_action(req_t *r)
{
	const char *id = req_param(r, "id"), *action = req_param(r, "action");
	const wf_action_t *a = rectification_action(action);
	if (!a || strlen(id) > 64) {
		reply_problem(r, E_NOT_FOUND, "没有这个整改或操作", "no such rectification or action", NULL);
		return;
	}
	int64_t v;
	if (!req_if_match(r, &v))
		return;
	rect_input_t in = {0};
	jfield_t spec[WF_SPEC_MAX] = {JF_END};
	a->spec(&in, spec);
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	json_t *allowed = NULL;
	errcode_t ec = rectification_act(r->store, &r->actor, id, a, v, &in, &e, &allowed);
	if (ec == E_OK) {
		json_t *o = rectification_json(store_reader(r->store), id, &r->actor);
		reply_etag(r, json_integer_value(json_object_get(o, "version")));
		reply_json(r, 200, o);
	} else if (ec == E_STATE) {
		size_t i;
		json_t *name;
		json_array_foreach(allowed, i, name) errs_add(&e, "allowed_actions", json_string_value(name),
							      "可进行的操作", "allowed action");
		reply_problem(r, ec, "当前状态下不能进行此操作", "not allowed in this state", &e);
	} else if (ec == E_NOT_FOUND)
		reply_problem(r, ec, "没有这个整改", "no such rectification", NULL);
	else if (ec == E_FORBIDDEN)
		reply_problem(r, ec, "这是其他部门的整改", "this rectification is another department's",
			      NULL);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	json_decref(allowed);
	errs_clear(&e);
}
