/* open311_keys.c — the system administrator's API keys for Open311 clients:
 *   POST   /api/v1/open311/keys        issue one ({name}); the key is in this answer only
 *   DELETE /api/v1/open311/keys/{id}   revoke it: the application's next request is refused (403) */
#include "api/api.h"
#include "base/jsonin.h"
#include "domain/open311/open311.h"
#include <stdio.h>

void api_open311_keys_create(req_t *r)
{
	const char *name = NULL;
	jfield_t spec[] = {{"name", JF_STRING, true, 1, 400, &name, NULL}, JF_END};
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	char key[OPEN311_KEY_LEN];
	json_t *out = NULL;
	errcode_t ec = open311_key_issue(r->store, &r->actor, name, &e, key, &out);
	if (ec == E_OK) {
		json_object_set_new(out, "key", json_string(key));
		char loc[80];
		snprintf(loc, sizeof loc, "/api/v1/open311/keys/%s",
			 json_string_value(json_object_get(out, "id")));
		reply_header(r, "Location", loc);
		reply_header(r, "Cache-Control", "no-store");
		reply_json(r, 201, out);
	} else if (ec == E_VALIDATION)
		reply_errors(r, ec, &e);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}

void api_open311_key_revoke(req_t *r)
{
	errcode_t ec = open311_key_revoke(r->store, &r->actor, req_param(r, "id"));
	if (ec == E_OK)
		reply_no_content(r);
	else if (ec == E_NOT_FOUND)
		reply_problem(r, ec, "没有这个 API key", "no such API key", NULL);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
}
