/* me_enterprises.c — the enterprises the caller acts for (domain/identity/agents.h):
 *   GET  /api/v1/me/enterprises                  the enterprises a bundle's registration created for
 *                                                 the caller, its legal representative (我的企业)
 *   POST /api/v1/me/enterprises/{id}/password    {"password"}: the enterprise's own login, its
 *                                                 username its 统一社会信用代码
 * An enterprise the caller does not represent does not exist for them (404).
 * The password is never echoed, logged or audited. */
#include "api/api.h"
#include "base/jsonin.h"
#include "domain/identity/agents.h"

void api_me_enterprises(req_t *r)
{
	static const char *const allowed[] = {NULL};
	if (!req_query_only(r, allowed))
		return;
	json_t *out = agents_principals(store_reader(r->store), r->actor.id);
	if (!out)
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
	else
		reply_json(r, 200, out);
}

void api_me_enterprise_password(req_t *r)
{
	const char *password = NULL;
	jfield_t spec[] = {
	    {"password", JF_STRING, true, 1, 128, &password, NULL},
	    JF_END,
	};
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	const char *id = req_param(r, "id");
	errcode_t ec = agents_set_password(r->store, &r->actor, id, password, &e);
	if (ec == E_OK) {
		json_t *out = agents_principals(store_reader(r->store), r->actor.id);
		reply_json(r, 200, out ? out : json_object());
	} else if (ec == E_VALIDATION)
		reply_errors(r, ec, &e);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}
