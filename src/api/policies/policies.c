/* policies.c — 惠企政策 over HTTP.
 *   POST /api/v1/policies                    a draft of the caller's department (dept_head)
 *   GET  /api/v1/policies                    published policies (public)
 *   GET  /api/v1/policies/{id}               a policy (public once published; drafts to staff)
 *   POST /api/v1/policies/{id}/publish       publish and match (dept_head of the issuer)
 *   POST /api/v1/policies/{id}/applications  apply in one step (the enterprise): a case is filed
 *   GET  /api/v1/departments/{code}/policies a department's policies, drafts first (its staff)
 *   GET  /api/v1/me/policies                 the policies for the calling enterprise, largest benefit first
 *   GET  /api/v1/policies/{id}/matches       the enterprises a policy matches (staff of its department)
 */
#include "api/api.h"
#include "domain/cases/case.h"
#include "domain/policies/policy.h"
#include <string.h>

static void no_policy(req_t *r) { reply_problem(r, E_NOT_FOUND, "没有这项政策", "no such policy", NULL); }

void api_policies_create(req_t *r)
{
	if (!r->body) {
		reply_problem(r, E_BAD_REQUEST, "需要 JSON 请求体", "a JSON body is required", NULL);
		return;
	}
	errs_t e = ERRS_INIT;
	char id[40];
	errcode_t ec = policy_create(r->store, &r->actor, r->body, &e, id);
	if (ec == E_OK) {
		reply_etag(r, 1);
		reply_json(r, 201, policy_get(store_reader(r->store), id));
	} else if (ec == E_VALIDATION)
		reply_errors(r, ec, &e);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}

void api_policies_list(req_t *r) { reply_json(r, 200, policy_list_published(store_reader(r->store))); }

void api_policy_get(req_t *r)
{
	json_t *p = policy_get(store_reader(r->store), req_param(r, "id"));
	bool staff = (r->actor.roles & ROLES_STAFF) != 0;
	if (!p || (!staff && strcmp(json_string_value(json_object_get(p, "state")), "published") != 0)) {
		json_decref(p);
		no_policy(r);
		return;
	}
	reply_json(r, 200, p);
}

void api_policy_publish(req_t *r)
{
	int64_t version;
	if (!req_if_match_optional(r, &version))
		return;
	int matched = 0, granted = 0;
	errcode_t ec = policy_publish(r->store, &r->actor, req_param(r, "id"), version, &matched, &granted);
	if (ec == E_OK) {
		json_t *p = policy_get(store_reader(r->store), req_param(r, "id"));
		json_object_set_new(p, "matched", json_integer(matched));
		json_object_set_new(p, "granted", json_integer(granted));
		reply_json(r, 200, p);
	} else if (ec == E_NOT_FOUND)
		no_policy(r);
	else if (ec == E_STATE)
		reply_problem(r, ec, "该政策已发布", "the policy is published already", NULL);
	else if (ec == E_FORBIDDEN)
		reply_problem(r, ec, "只能发布本部门的政策",
			      "only a policy of your own department can be published", NULL);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
}

void api_policy_apply(req_t *r)
{
	errs_t e = ERRS_INIT;
	char case_id[CASE_ID_LEN] = "";
	errcode_t ec = policy_apply(r->store, &r->actor, req_param(r, "id"), &e, case_id);
	if (ec == E_OK) {
		json_t *k = case_json(store_reader(r->store), case_id, &r->actor);
		json_t *out = json_pack("{ss ss ss s:s?}", "policy", req_param(r, "id"), "status", "applied",
					"case", case_id, "case_number",
					json_string_value(json_object_get(k, "number")));
		json_decref(k);
		reply_json(r, 201, out);
	} else if (ec == E_NOT_FOUND)
		no_policy(r);
	else if (ec == E_CONFLICT && errs_has(&e, "", "granted_already"))
		reply_problem(
		    r, ec, "该政策已免申即享发放给您，无需申请",
		    "this policy was granted to you without an application: there is nothing to apply for",
		    &e);
	else if (ec == E_CONFLICT)
		reply_problem(r, ec, "您已申请过该政策", "you have applied for this policy already", &e);
	else if (ec == E_STATE)
		reply_problem(r, ec, "该政策不受理申请", "this policy takes no applications", &e);
	else if (ec == E_VALIDATION)
		reply_errors(r, ec, &e);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}

void api_me_policies(req_t *r) { reply_json(r, 200, policy_for_me(store_reader(r->store), r->actor.id)); }

void api_policy_matches(req_t *r)
{
	static const char *const allowed[] = {"limit", "cursor", NULL};
	if (!req_query_only(r, allowed))
		return;
	dbc_t *c = store_reader(r->store);
	json_t *p = policy_get(c, req_param(r, "id"));
	if (!p) {
		no_policy(r);
		return;
	}
	bool own = !strcmp(json_string_value(json_object_get(p, "issuer")), r->actor.department);
	json_decref(p);
	if (!own) {
		reply_problem(r, E_FORBIDDEN, "只能查看本部门政策的匹配企业",
			      "only the staff of the policy's department see its matches", NULL);
		return;
	}
	errs_t e = ERRS_INIT;
	int limit;
	page_cursor_t cur;
	if (!req_page_valid(r, &limit, &cur, &e))
		return;
	reply_json(r, 200, policy_matches(c, req_param(r, "id"), limit, &cur));
}

void api_department_policies(req_t *r)
{
	const char *code = req_param(r, "code");
	if (!authz_resource(r, NULL, code, false))
		return;
	reply_json(r, 200, policy_list_department(store_reader(r->store), code));
}
