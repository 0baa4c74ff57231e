/* me.c — GET /api/v1/me (the caller's own account, in clear, with the CSRF
 * token for browser writes and any warnings for administrators) and
 * GET /api/v1/me/messages (the in-app inbox). */
#include "api/api.h"
#include "base/clock.h"
#include "domain/identity/account.h"
#include "domain/core/message.h"
#include "domain/calendar/workcal.h"
#include <stdlib.h>

void api_me(req_t *r)
{
	dbc_t *c = store_reader(r->store);
	json_t *acc = account_json(c, r->actor.id, true);
	if (!acc) {
		reply_problem(r, E_NOT_FOUND, NULL, NULL, NULL);
		return;
	}
	if (r->via_cookie) {
		actor_t tmp;
		char csrf[TOKEN_HEX_LEN];
		if (session_resolve(c, r->token, &tmp, csrf))
			json_object_set_new(acc, "csrf_token", json_string(csrf));
	}
	if (r->actor.roles & ROLE_ADMIN)
		json_object_set_new(acc, "warnings", workcal_warnings(c, clock_now_ms()));
	reply_json(r, 200, acc);
}

void api_me_messages(req_t *r)
{
	const char *before = req_query(r, "before");
	long long b = 0;
	if (before) {
		char *end;
		b = strtoll(before, &end, 10);
		if (*end || b < 0) {
			errs_t e = ERRS_INIT;
			errs_add(&e, "before", "type", "应为正整数", "must be a positive integer");
			reply_errors(r, E_VALIDATION, &e);
			errs_clear(&e);
			return;
		}
	}
	json_t *items = message_list(store_reader(r->store), r->actor.id, b, 50);
	json_t *out = json_pack("{so}", "items", items);
	size_t n = json_array_size(items);
	if (n == 50)   /* a full page: the next one starts below its last id */
		json_object_set(out, "next_before", json_object_get(json_array_get(items, n - 1), "id"));
	reply_json(r, 200, out);
}
