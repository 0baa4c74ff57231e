/* visit.h — in-person visits (到现场), one row per time someone came to a
 * window: an appointment check-in, a window intake of a case, a pickup of a
 * result. "At most one visit" (最多跑一次) is then a count over real rows,
 * per case and per person, not a claim.
 *
 * visit_record runs inside a writer callback, in the same transaction as the
 * action that caused the visit; that action writes the audit entry (the
 * visit is part of it), so visit_record does not audit by itself. */
#ifndef ONESTOP_VISITS_H
#define ONESTOP_VISITS_H

#include <jansson.h>
#include <stdbool.h>
#include "store/store.h"

#define VISIT_APPOINTMENT_CHECKIN "appointment_checkin"
#define VISIT_WINDOW_INTAKE "window_intake"
#define VISIT_PICKUP "pickup"

/* True for the three kinds above. */
bool visit_kind_valid(const char *kind);

/* Appends a visit at clock_now_ms() on the writer's connection. case_id and
 * appointment_id may be NULL. Returns 0, or -1 on an unknown kind, a missing
 * account/department/recorder, or a database error. */
int visit_record(dbc_t *c, const char *account_id, const char *department, const char *kind,
		 const char *case_id, const char *appointment_id, const char *recorded_by);

/* The visits of a case, oldest first: a new array of {"at", "kind",
 * "department"} (for the case's "visits" member). */
json_t *visit_list_for_case(dbc_t *c, const char *case_id);

/* How many visits a case has had (for 最多跑一次 statistics); -1 on error. */
int visit_count_for_case(dbc_t *c, const char *case_id);

#endif
