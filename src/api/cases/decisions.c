/* decisions.c — 双公示 over HTTP.
 *   GET /api/v1/public/decisions?from=&to=&department=&limit=&cursor=
 *       the licensing decisions of a period, newest first, for anyone */
#include "api/api.h"
#include "domain/cases/case.h"
#include <stdlib.h>

void api_public_decisions(req_t *r)
{
	static const char *const allowed[] = {"from", "to", "department", "limit", "cursor", NULL};
	if (!req_query_only(r, allowed))
		return;
	errs_t e = ERRS_INIT;
	case_public_query_t q = {req_query(r, "from"), req_query(r, "to"), req_query(r, "department"),
				 req_query(r, "cursor"), 50};
	const char *limit = req_query(r, "limit");
	if (limit) {
		char *end;
		long n = strtol(limit, &end, 10);
		if (*end || !*limit || n < 1 || n > 100)
			errs_add(&e, "limit", "type", "应为 1 至 100", "must be 1 to 100");
		else
			q.limit = (int)n;
	}
	json_t *out = NULL;
	errcode_t ec =
	    errs_any(&e) ? E_VALIDATION : case_public_decisions(store_reader(r->store), &q, &out, &e);
	if (ec == E_OK)
		reply_json(r, 200, out);
	else
		reply_errors(r, ec, &e);
	errs_clear(&e);
}
