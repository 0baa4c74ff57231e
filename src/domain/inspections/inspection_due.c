/* inspection_due.c — the 20 working days for publishing a plan's results
 * and the 15 for objecting to them (see objection.h), and the job that marks
 * plans whose results are overdue and puts them under supervision. */
#include "domain/inspections/objection.h"
#include "base/clock.h"
#include "domain/calendar/workcal.h"
#include "domain/core/audit.h"
#include "domain/inspections/inspection_store.h"
#include "domain/inspections/objection_store.h"
#include "domain/supervision/supervision.h"
#include <stdio.h>
#include <string.h>

bool insp_publish_due(dbc_t *c, const char *period_end, day_t *due)
{
	day_t end;
	deadline_t d;
	if (!date_parse(period_end, &end) ||
	    workcal_add(c, NATIONAL_REGION, end, INSP_PUBLISH_WORKDAYS, &d) != E_OK)
		return false;
	*due = d.due;
	return true;
}

bool insp_objection_due(dbc_t *c, int64_t published_at, day_t *due)
{
	deadline_t d;
	if (!published_at ||
	    workcal_add(c, NATIONAL_REGION, date_from_ms(published_at), INSP_OBJECTION_WORKDAYS, &d) != E_OK)
		return false;
	*due = d.due;
	return true;
}

#define OVERDUE_BATCH 100

static int supervise(dbc_t *c, const insp_plan_t *p, const char *due, int64_t now)
{
	const char *dept = json_string_value(json_array_get(json_object_get(p->rules, "departments"), 0));
	char zh[400], en[400];
	snprintf(zh, sizeof zh, "抽查计划「%s」的结果未在 %s 前公示（检查结束后 %d 个工作日）。请督办。",
		 p->title, due, INSP_PUBLISH_WORKDAYS);
	snprintf(en, sizeof en,
		 "The results of the inspection plan \"%s\" were not published by %s (%d working "
		 "days after the inspection).",
		 p->title, due, INSP_PUBLISH_WORKDAYS);
	supervision_t sv = {"inspection_plan",
			    p->id,
			    dept ? dept : "",
			    "督办：抽查结果逾期未公示",
			    "Supervision: inspection results overdue",
			    zh,
			    en};
	bool fresh = false;
	return supervision_open(c, &sv, now, &fresh);
}

static int overdue_write(dbc_t *c, void *arg)
{
	int *n = arg;
	*n = 0;
	int64_t now = clock_now_ms();
	day_t today = date_from_ms(now);
	char today_s[DATE_STR_LEN];
	date_format(today, today_s);
	json_t *ids = insp_store_unpublished_after(c, today_s, OVERDUE_BATCH);
	actor_t sys;
	actor_system(&sys, "");
	size_t i;
	json_t *id;
	int rc = 0;
	json_array_foreach(ids, i, id)
	{
		insp_plan_t p;
		day_t due;
		if (insp_store_plan_get(c, json_string_value(id), &p) != DB_ROW)
			continue;
		if (!insp_publish_due(c, p.period_end, &due))
			rc = -1;
		else if (today > due) {
			char due_s[DATE_STR_LEN];
			date_format(due, due_s);
			json_t *d = json_pack("{ss ss}", "publish_due", due_s, "state", p.state);
			if (insp_store_mark_overdue(c, p.id, now) != DB_DONE ||
			    supervise(c, &p, due_s, now) != 0 ||
			    audit_append(c, &sys, "inspection_plan.overdue", "inspection_plan", p.id, 0, 0,
					 d) < 0)
				rc = -1;
			json_decref(d);
			++*n;
		}
		insp_plan_release(&p);
		if (rc)
			break;
	}
	json_decref(ids);
	return rc;
}

int insp_job_publish_overdue(store_t *st)
{
	int n = 0;
	return store_write(st, overdue_write, &n) == 0 ? n : -1;
}
