/* visit.c — recording in-person visits (see visit.h): which kinds exist and
 * what a visit must name. The SQL is visit_store.c's. */
#include "domain/appointments/visit.h"
#include "domain/appointments/visit_store.h"
#include "base/clock.h"
#include <string.h>

bool visit_kind_valid(const char *kind)
{
	return kind && (strcmp(kind, VISIT_APPOINTMENT_CHECKIN) == 0 ||
			strcmp(kind, VISIT_WINDOW_INTAKE) == 0 || strcmp(kind, VISIT_PICKUP) == 0);
}

int visit_record(dbc_t *c, const char *account_id, const char *department, const char *kind,
		 const char *case_id, const char *appointment_id, const char *recorded_by)
{
	if (!visit_kind_valid(kind) || !account_id || !*account_id || !department || !*department ||
	    !recorded_by || !*recorded_by)
		return -1;
	return visit_store_insert(c, account_id, department, kind, case_id, appointment_id, clock_now_ms(),
				  recorded_by);
}

int visit_count_for_case(dbc_t *c, const char *case_id) { return visit_store_count_for_case(c, case_id); }
