/* staff.c — the security administrator's staff screens over HTTP:
 *   GET /api/v1/staff?department=        the active staff accounts
 *   PUT /api/v1/staff/{id}/roles         {"roles": "reviewer,approver", "department"?}
 * The rules of a role change are in domain/identity/staff.h. */
#include "api/api.h"
#include "base/jsonin.h"
#include "domain/identity/staff.h"

void api_staff_list(req_t *r)
{
	static const char *const allowed[] = {"department", NULL};
	if (!req_query_only(r, allowed))
		return;
	reply_json(r, 200, staff_list(store_reader(r->store), req_query(r, "department")));
}

void api_staff_roles(req_t *r)
{
	const char *roles = NULL, *department = NULL;
	jfield_t spec[] = {
	    {"roles", JF_STRING, true, 1, 200, &roles, NULL},
	    {"department", JF_STRING, false, 1, 32, &department, NULL},
	    JF_END,
	};
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	json_t *out = NULL;
	errcode_t ec = staff_set_roles(r->store, &r->actor, req_param(r, "id"), roles, department, &e, &out);
	if (ec == E_OK)
		reply_json(r, 200, out);
	else if (ec == E_NOT_FOUND)
		reply_problem(r, ec, "没有该在职工作人员账户", "No active staff account has this id", NULL);
	else if (ec == E_VALIDATION)
		reply_errors(r, ec, &e);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}
