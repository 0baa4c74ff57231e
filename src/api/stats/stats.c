/* stats.c — statistics over HTTP.
 *   GET /api/v1/stats/overview?from=&to=&department=&matter=&channel=
 * Supervisors read every department; a department head their own. */
#include "api/api.h"
#include "domain/stats/stats.h"

void api_stats_overview(req_t *r)
{
	static const char *const allowed[] = {"from", "to", "department", "matter", "channel", NULL};
	if (!req_query_only(r, allowed))
		return;
	stats_query_t q = {req_query(r, "from"), req_query(r, "to"), req_query(r, "department"),
			   req_query(r, "matter"), req_query(r, "channel")};
	errs_t e = ERRS_INIT;
	dbc_t *c = store_reader(r->store);
	errcode_t ec = stats_check(c, &r->actor, &q, &e);
	json_t *o = ec == E_OK ? stats_overview(c, &q) : NULL;
	if (ec != E_OK)
		reply_errors(r, ec, &e);
	else if (!o)
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
	else
		reply_json(r, 200, o);
	errs_clear(&e);
}
