/* keys.c — GET /api/v1/keys (the published signing keys, public) and
 * POST /api/v1/keys/rotate (a department head rotates the department's key). */
#include "api/api.h"
#include "base/jsonin.h"
#include "domain/certs/cert.h"

void api_keys_list(req_t *r)
{
	static const char *const none[] = {NULL};
	if (!req_query_only(r, none))
		return;
	reply_json(r, 200, cert_published_keys(store_reader(r->store)));
}

void api_keys_rotate(req_t *r)
{
	const char *department = NULL;
	jfield_t spec[] = {
	    {"department", JF_STRING, true, 1, 32, &department, NULL},
	    JF_END,
	};
	if (!req_body(r, spec))
		return;
	if (!authz_resource(r, NULL, department, true))
		return;
	json_t *key = NULL;
	errcode_t ec = cert_rotate(r->store, &r->actor, department, &key);
	if (ec != E_OK) {
		reply_problem(r, ec, NULL, NULL, NULL);
		return;
	}
	reply_json(r, 201, key);
}
