/* tasks.c — the workbench queue over HTTP (staff of the department).
 *   GET  /api/v1/tasks?role=&status=&matter=&colour=&limit=&cursor=
 *   POST /api/v1/tasks/{id}/{action}      claim | release | assign {"to"} (If-Match optional)
 *   POST /api/v1/tasks/bulk               {"action", "ids": [...], "to"}
 *   GET  /api/v1/departments/{code}/staff */
#include "api/api.h"
#include "base/jsonin.h"
#include "base/page.h"
#include "domain/cases/task.h"
#include <stdlib.h>
#include <string.h>

void api_tasks_list(req_t *r)
{
	static const char *const allowed[] = {"role", "status", "matter", "colour", "limit", "cursor", NULL};
	if (!req_query_only(r, allowed))
		return;
	task_query_t q = {req_query(r, "role"), req_query(r, "status"), req_query(r, "matter"),
			  req_query(r, "colour"), PAGE_LIMIT_DEFAULT, req_query(r, "cursor")};
	errs_t e = ERRS_INIT;
	q.limit = req_limit(r, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_WIDE, &e);
	json_t *out = NULL;
	errcode_t ec =
	    errs_any(&e) ? E_VALIDATION : task_list(store_reader(r->store), &r->actor, &q, &out, &e);
	if (ec == E_OK)
		reply_json(r, 200, out);
	else
		reply_errors(r, ec, &e);
	errs_clear(&e);
}

void api_task_action(req_t *r)
{
	const char *to = NULL;
	jfield_t spec[] = {{"to", JF_STRING, false, 1, 64, &to, NULL}, JF_END};
	int64_t version;
	if ((r->body && !req_body(r, spec)) || !req_if_match_optional(r, &version))
		return;
	errs_t e = ERRS_INIT;
	errcode_t ec =
	    task_act(r->store, &r->actor, req_param(r, "id"), req_param(r, "action"), to, version, &e);
	if (ec == E_OK)
		reply_json(r, 200, json_pack("{ss ss}", "id", req_param(r, "id"), "result", "ok"));
	else if (ec == E_VALIDATION)
		reply_errors(r, ec, &e);
	else
		reply_problem(r, ec, ec == E_NOT_FOUND ? "没有这个任务或操作" : NULL,
			      ec == E_NOT_FOUND ? "no such task or action" : NULL, NULL);
	errs_clear(&e);
}

void api_tasks_bulk(req_t *r)
{
	const char *action = NULL, *to = NULL;
	json_t *ids = NULL;
	jfield_t spec[] = {{"action", JF_STRING, true, 1, 16, &action, NULL},
			   {"ids", JF_ARRAY, true, 1, 100, &ids, NULL},
			   {"to", JF_STRING, false, 1, 64, &to, NULL},
			   JF_END};
	if (!req_body(r, spec))
		return;
	if (strcmp(action, "claim") && strcmp(action, "assign") && strcmp(action, "release")) {
		errs_t e = ERRS_INIT;
		errs_add(&e, "action", "not_an_option", "批量操作应为 claim、assign 或 release",
			 "action is claim, assign or release");
		reply_errors(r, E_VALIDATION, &e);
		errs_clear(&e);
		return;
	}
	json_t *results = json_array();
	size_t i;
	json_t *id;
	int ok = 0;
	json_array_foreach(ids, i, id) {
		errs_t e = ERRS_INIT;
		const char *tid = json_string_value(id);
		errcode_t ec = tid ? task_act(r->store, &r->actor, tid, action, to, 0, &e) : E_VALIDATION;
		json_array_append_new(
		    results, json_pack("{ss ss}", "id", tid ? tid : "", "result", problem_info(ec)->slug));
		ok += ec == E_OK;
		errs_clear(&e);
	}
	reply_json(r, 200,
		   json_pack("{si si so}", "succeeded", ok, "failed", (int)json_array_size(ids) - ok,
			     "results", results));
}

void api_department_staff(req_t *r)
{
	const char *code = req_param(r, "code");
	if (!authz_resource(r, NULL, code, false))
		return;
	reply_json(r, 200, json_pack("{so}", "items", task_colleagues(store_reader(r->store), code)));
}
