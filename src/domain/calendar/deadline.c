/* deadline.c — the deadline registry (see deadline.h): registering a
 * deadline in a region's calendar, and recomputing the provisional ones when
 * a year's notice arrives. The statements are in deadline_store.c. */
#include "domain/calendar/deadline.h"
#include "domain/calendar/deadline_store.h"
#include "domain/calendar/workcal.h"
#include "domain/core/audit.h"
#include "domain/core/message.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Uses the cached calendars: inside ordinary writes the calendar does not
 * change (loading a year recomputes with a fresh one, see below). */
int deadline_set(dbc_t *c, const char *entity, const char *entity_id, const char *purpose, const char *region,
		 day_t start, int workdays, const char *owner_account, deadline_t *out)
{
	if (workcal_add(c, region, start, workdays, out) != E_OK)
		return -1;
	return deadline_store_put(c, entity, entity_id, purpose, region, start, workdays, owner_account, out);
}

/* The same with a calendar built from the transaction's own view (the year
 * being loaded is not in the cache yet). */
static int deadline_set_fresh(dbc_t *c, const char *entity, const char *entity_id, const char *purpose,
			      const char *region, day_t start, int workdays, const char *owner_account,
			      deadline_t *out)
{
	calendar_t *cal = workcal_build(c, region);
	out->provisional = false;
	out->due = calendar_add_workdays(cal, start, workdays, &out->provisional);
	calendar_free(cal);
	return deadline_store_put(c, entity, entity_id, purpose, region, start, workdays, owner_account, out);
}

int deadline_recompute_provisional(dbc_t *c, const actor_t *by, int *moved)
{
	size_t n = 0;
	deadline_row_t *rows = deadline_store_provisional(c, &n);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		deadline_row_t *r = &rows[i];
		day_t start;
		if (!date_parse(r->start, &start))
			continue;
		deadline_t d;
		if (deadline_set_fresh(c, r->entity, r->entity_id, r->purpose, r->region, start, r->workdays,
				       r->owner[0] ? r->owner : NULL, &d) != 0) {
			rc = -1;
			break;
		}
		char nd[DATE_STR_LEN];
		date_format(d.due, nd);
		bool changed = strcmp(nd, r->due) != 0;
		json_t *detail = json_pack("{ss ss ss sb ss}", "purpose", r->purpose, "from", r->due, "to",
					   nd, "provisional", d.provisional, "reason", "calendar.load");
		rc = audit_append(c, by, "deadline.recompute", r->entity, r->entity_id, r->version,
				  r->version + 1, detail);
		json_decref(detail);
		if (rc == 0 && changed && r->owner[0]) {
			char zh[512], en[512];
			snprintf(zh, sizeof zh, "因 %.4s 年节假日安排发布，您的办理期限由 %s 调整为 %s。", nd,
				 r->due, nd);
			snprintf(en, sizeof en,
				 "The %.4s holiday notice was published: your deadline moved from %s to %s.",
				 nd, r->due, nd);
			rc = message_add(c, r->owner, "deadline_moved", "办理期限已调整", "Deadline changed",
					 zh, en, r->entity, r->entity_id);
		}
		if (rc == 0 && !strcmp(r->entity, "case") && !strcmp(r->purpose, "decision")) {
			/* the case keeps a copy of its decision deadline for sorting the queue */
			rc = deadline_store_case_due(c, r->entity_id, nd, d.provisional);
		} else if (rc == 0 && changed && !strcmp(r->entity, "case") && !strcmp(r->purpose, "intake"))
			rc = deadline_store_intake_queue(c, r->entity_id, nd);
		if (changed)
			(*moved)++;
	}
	free(rows);
	return rc;
}

