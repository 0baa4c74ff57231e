/* orders.c — supervision orders (督办) over HTTP.
 *   POST /api/v1/supervision/orders                 a supervisor issues one
 *   GET  /api/v1/supervision/orders                 supervisors: all; a department head: the department's
 *   GET  /api/v1/supervision/orders/{id}            one, with the caller's actions (ETag)
 *   POST /api/v1/supervision/orders/{id}/answer     the department's head answers (If-Match)
 *   POST /api/v1/supervision/orders/{id}/close      a supervisor closes an answered order (If-Match)
 *   POST /api/v1/supervision/orders/{id}/send-back  a supervisor sends the answer back (If-Match) */
#include "api/api.h"
#include "domain/core/geo.h"
#include "domain/supervision/supervision.h"
#include "base/jsonin.h"
#include <string.h>

static void reply_order(req_t *r, int status, const char *id)
{
	json_t *o = NULL;
	if (supervision_get(store_reader(r->store), id, &r->actor, &o) != E_OK) {
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
		return;
	}
	reply_etag(r, json_integer_value(json_object_get(o, "version")));
	reply_json(r, status, o);
}

void api_supervision_orders_create(req_t *r)
{
	sv_issue_t in = {0};
	json_t *subject = NULL;
	jfield_t spec[] = {
	    {"department", JF_STRING, true, 1, DEPT_CODE_LEN - 1, &in.department, NULL},
	    {"subject", JF_OBJECT, false, 0, 0, &subject, NULL},
	    {"title", JF_STRING, false, 1, SV_TITLE_MAX, &in.title, NULL},
	    {"text", JF_TEXT, true, 1, SV_TEXT_MAX, &in.text, NULL},
	    {"deadline", JF_STRING, false, 10, 10, &in.deadline, NULL},
	    {"deadline_days", JF_INT, false, 1, SV_DAYS_MAX, &in.deadline_days, NULL},
	    JF_END,
	};
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	if (subject) {
		jfield_t sspec[] = {
		    {"type", JF_STRING, true, 1, 24, &in.subject_type, NULL},
		    {"id", JF_STRING, true, 1, 64, &in.subject_id, NULL},
		    JF_END,
		};
		json_spec_parse(subject, sspec, "subject", &e);
	}
	char id[ENTITY_ID_LEN];
	errcode_t ec = errs_any(&e) ? E_VALIDATION : supervision_issue(r->store, &r->actor, &in, &e, id);
	if (ec == E_OK)
		reply_order(r, 201, id);
	else
		reply_errors(r, ec, &e);
	errs_clear(&e);
}

void api_supervision_orders_list(req_t *r)
{
	static const char *const allowed[] = {"state", "department", "kind", "limit", "cursor", NULL};
	if (!req_query_only(r, allowed))
		return;
	const char *state = req_query(r, "state"), *dept = req_query(r, "department"),
		   *kind = req_query(r, "kind");
	dbc_t *c = store_reader(r->store);
	errs_t e = ERRS_INIT;
	if (state && !wf_state(&supervision_machine, state))
		errs_add(&e, "state", "unknown", "状态应为 open、escalated、answered 或 closed",
			 "state is open, escalated, answered or closed");
	if (kind && strcmp(kind, "overdue") != 0 && strcmp(kind, "issued") != 0)
		errs_add(&e, "kind", "unknown", "类型应为 overdue 或 issued", "kind is overdue or issued");
	if (dept && (strlen(dept) >= DEPT_CODE_LEN || !geo_department_exists(c, dept)))
		errs_add(&e, "department", "unknown", "没有这个部门", "no such department");
	page_cursor_t cur;
	sv_list_query_t q = {state, dept, kind, 0, &cur};
	req_page(r, &q.limit, &cur, &e);
	json_t *out = NULL;
	if (errs_any(&e))
		reply_errors(r, E_VALIDATION, &e);
	else if (dept && !(r->actor.roles & ROLE_SUPERVISOR) && strcmp(dept, r->actor.department) != 0)
		reply_problem(r, E_FORBIDDEN, "只能查看本部门的督办", "only your own department's orders",
			      NULL);
	else if (!(out = supervision_list(c, &r->actor, &q)))
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
	else
		reply_json(r, 200, out);
	errs_clear(&e);
}

void api_supervision_order_get(req_t *r)
{
	json_t *o = NULL;
	errcode_t ec = supervision_get(store_reader(r->store), req_param(r, "id"), &r->actor, &o);
	if (ec == E_OK) {
		reply_etag(r, json_integer_value(json_object_get(o, "version")));
		reply_json(r, 200, o);
	} else if (ec == E_FORBIDDEN)
		reply_problem(r, ec, "这是其他部门的督办", "this order is another department's", NULL);
	else
		reply_problem(r, E_NOT_FOUND, "没有这个督办", "no such supervision order", NULL);
}

static void act(req_t *r, const char *action)
{
	const char *id = req_param(r, "id");
	const wf_action_t *a = supervision_action(action);
	if (!a || strlen(id) > 64) {
		reply_problem(r, E_NOT_FOUND, "没有这个督办", "no such supervision order", NULL);
		return;
	}
	int64_t v;
	if (!req_if_match(r, &v))
		return;
	sv_input_t in = {0};
	jfield_t spec[WF_SPEC_MAX] = {JF_END};
	a->spec(&in, spec);
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	json_t *allowed = NULL;
	errcode_t ec = supervision_act(r->store, &r->actor, id, a, v, &in, &e, &allowed);
	if (ec == E_OK)
		reply_order(r, 200, id);
	else if (ec == E_STATE) {
		size_t i;
		json_t *name;
		json_array_foreach(allowed, i, name) errs_add(&e, "allowed_actions", json_string_value(name),
							      "可进行的操作", "allowed action");
		reply_problem(r, ec, "督办当前状态下不能进行此操作（例如已经答复过）",
			      "not allowed in the order's state (answered already, for one)", &e);
	} else if (ec == E_NOT_FOUND)
		reply_problem(r, ec, "没有这个督办", "no such supervision order", NULL);
	else if (ec == E_FORBIDDEN)
		reply_problem(r, ec, "这是其他部门的督办，或不由您处理",
			      "this order is another department's, or not yours to act on", NULL);
	else
		reply_errors(r, ec, &e);
	json_decref(allowed);
	errs_clear(&e);
}

void api_supervision_order_answer(req_t *r) { act(r, "answer"); }
void api_supervision_order_close(req_t *r) { act(r, "close"); }
void api_supervision_order_send_back(req_t *r) { act(r, "send_back"); }
