/* oversight.c — GET /api/v1/oversight/cases?colour=red|yellow: the overdue
 * and warning cases across departments, counted per department (supervisors
 * and the system administrator; the route table restricts the roles). */
#include "api/api.h"
#include "domain/cases/oversight.h"
#include <string.h>

void api_oversight_cases(req_t *r)
{
	static const char *const allowed[] = {"colour", NULL};
	if (!req_query_only(r, allowed))
		return;
	const char *colour = req_query(r, "colour");
	if (colour && strcmp(colour, "red") != 0 && strcmp(colour, "yellow") != 0) {
		errs_t e = ERRS_INIT;
		errs_add(&e, "colour", "not_an_option", "颜色应为 red（超期）或 yellow（预警）",
			 "colour is red (overdue) or yellow (warning)");
		reply_errors(r, E_VALIDATION, &e);
		errs_clear(&e);
		return;
	}
	reply_json(r, 200, oversight_cases(store_reader(r->store), colour));
}
