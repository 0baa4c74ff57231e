/* visit_read.c — the JSON view of a case's visits (see visit.h), the
 * "visits" member of a case. */
#include "domain/appointments/visit.h"
#include "domain/appointments/visit_store.h"
#include "base/clock.h"

static void add_visit(const visit_row_t *r, void *arr)
{
	char ts[32];
	clock_format_iso(r->at, ts);
	json_array_append_new(
	    arr, json_pack("{ss ss ss}", "at", ts, "kind", r->kind, "department", r->department));
}

json_t *visit_list_for_case(dbc_t *c, const char *case_id)
{
	json_t *arr = json_array();
	visit_store_of_case(c, case_id, add_visit, arr);
	return arr;
}
