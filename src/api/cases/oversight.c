/* oversight.c — GET /api/v1/oversight/cases?colour=red|yellow: the overdue
 * and warning cases across departments, counted per department, in cursor
 * pages (supervisors and the system administrator; the route table restricts
 * the roles). */
#include "api/api.h"
#include "domain/cases/oversight.h"
#include <string.h>

void api_oversight_cases(req_t *r)
{
	static const char *const allowed[] = {"colour", "limit", "cursor", NULL};
	if (!req_query_only(r, allowed))
		return;
	const char *colour = req_query(r, "colour");
	errs_t e = ERRS_INIT;
	if (colour && strcmp(colour, "red") != 0 && strcmp(colour, "yellow") != 0)
		errs_add(&e, "colour", "not_an_option", "颜色应为 red（超期）或 yellow（预警）",
			 "colour is red (overdue) or yellow (warning)");
	int limit;
	page_cursor_t cur;
	if (!req_page_valid(r, &limit, &cur, &e))
		return;
	json_t *page = oversight_cases(store_reader(r->store), colour, limit, &cur);
	if (!page) {
		errs_add(&e, "cursor", "invalid", "分页游标无效", "invalid cursor");
		reply_errors(r, E_VALIDATION, &e);
		errs_clear(&e);
		return;
	}
	reply_json(r, 200, page);
}
