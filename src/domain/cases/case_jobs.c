/* case_jobs.c — background work on cases (see cases.h):
 *   deemed acceptance: a submitted case without an intake decision for more
 *     than 5 working days is accepted as of its submission day (Art. 32);
 *   SLA: open cases whose clock colour changed are updated; a case turning
 *     red gets a supervision order (督办) and a message to the department
 *     heads and the supervisors. */
#include "domain/cases/case.h"
#include "domain/core/audit.h"
#include "domain/cases/case_clock.h"
#include "domain/cases/case_store.h"
#include "domain/supervision/supervision.h"
#include "domain/core/retention.h"
#include "domain/cases/case_flow.h"
#include "domain/calendar/workcal.h"
#include "base/clock.h"
#include "base/log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Only the cases whose intake term has passed are written; the write checks it again. */
static bool intake_due(dbc_t *c, const case_clock_row_t *r, void *ctx)
{
	(void)ctx;
	return case_intake_overdue(c, r->region, r->submitted_day);
}

int case_job_deemed_acceptance(store_t *st)
{
	dbc_t *c = store_reader(st);
	case_ids_t l = case_ids(c, CASE_IDS_AWAITING_INTAKE, intake_due, NULL);
	int done = 0;
	actor_t sys;
	actor_system(&sys, "job.deemed_acceptance");
	for (size_t i = 0; i < l.n; i++) {
		errs_t e = ERRS_INIT;
		/* the guard (5 working days passed) is checked by the table inside the write */
		case_input_t none = {0};
		errcode_t ec = case_act(st, &sys, l.ids[i], case_action("deem_accept"), 0, &none, &e, NULL);
		if (ec == E_OK)
			done++;
		errs_clear(&e);
	}
	case_ids_release(&l);
	return done;
}

struct sla_ctx {
	const char *id;
	int turned_red;
};

/* The order and the message to the department's heads and the supervisors. */
static int supervise(dbc_t *c, const case_row_t *r, bool *fresh)
{
	char zh[256], en[256];
	snprintf(zh, sizeof zh, "办件 %s 已超过承诺期限（%s），请督办。", r->number, r->due_day);
	snprintf(en, sizeof en, "Case %s is overdue (deadline %s): supervision order issued.", r->number,
		 r->due_day);
	supervision_t s = {"case", r->id, r->department, "督办：办件超期", "Supervision: case overdue",
			   zh,     en};
	return supervision_open(c, &s, clock_now_ms(), fresh);
}

static int sla_write(dbc_t *c, void *arg)
{
	struct sla_ctx *x = arg;
	x->turned_red = 0;
	case_row_t r;
	if (!case_load(c, x->id, &r))
		return 0;
	clock_in_t ci = {r.region,
			 r.promised_days,
			 r.extension_days,
			 r.paused_workdays,
			 r.accepted_day[0] ? r.accepted_day : NULL,
			 r.paused_day[0] ? r.paused_day : NULL,
			 r.finished_day[0] ? r.finished_day : NULL};
	clock_out_t k;
	case_clock(c, &ci, today_day(), &k);
	int rc = 0;
	if (strcmp(k.colour, r.colour) != 0) {
		rc = case_set_colour(c, r.id, k.colour);
		if (rc == 0 && !strcmp(k.colour, "red")) {
			bool fresh = false;
			rc = supervise(c, &r, &fresh);
			if (rc == 0 && fresh) {
				actor_t sys;
				actor_system(&sys, "job.sla");
				json_t *d =
				    json_pack("{ss ss}", "deadline", r.due_day, "department", r.department);
				rc = audit_append(c, &sys, "case.supervise", "case", r.id, r.version,
						  r.version, d);
				json_decref(d);
				x->turned_red = 1;
			}
		}
	}
	case_row_release(&r);
	return rc;
}

/* Only the cases whose colour changed are written (most change once a day, if at all); the
 * write computes it again from the row it loads. */
static bool colour_moved(dbc_t *c, const case_clock_row_t *r, void *ctx)
{
	(void)ctx;
	clock_in_t ci = {r->region, r->promised_days, r->extension_days, r->paused_workdays,
			 r->accepted_day, r->paused_day, r->finished_day};
	clock_out_t k;
	case_clock(c, &ci, today_day(), &k);
	return !r->colour || strcmp(k.colour, r->colour) != 0;
}

int case_job_sla(store_t *st)
{
	dbc_t *c = store_reader(st);
	case_ids_t l = case_ids(c, CASE_IDS_CLOCK_RUNNING, colour_moved, NULL);
	int red = 0;
	for (size_t i = 0; i < l.n; i++) {
		struct sla_ctx x = {l.ids[i], 0};
		if (store_write(st, sla_write, &x) == 0)
			red += x.turned_red;
	}
	case_ids_release(&l);
	return red;
}

static int purge_write(dbc_t *c, void *arg)
{
	int64_t n = case_store_drafts_delete(c, NULL, clock_now_ms() - retention_ms(RETAIN_DRAFTS));
	if (n < 0)
		return -1;
	*(int64_t *)arg = n;
	return 0;
}

int case_job_purge_drafts(store_t *st)
{
	int64_t n = 0;
	return store_write(st, purge_write, &n) == 0 ? (int)n : -1;
}

static void note_open(const char *status, void *ctx)
{
	const wf_state_t *s = wf_state(&case_machine, status);
	if (strcmp(status, "draft") != 0 && (!s || !s->final))
		*(bool *)ctx = true;
}

bool case_applicant_in_progress(dbc_t *c, const char *applicant_id)
{
	bool open = false;
	case_store_applicant_statuses(c, applicant_id, note_open, &open);
	return open;
}

int64_t case_drafts_erase(dbc_t *c, const char *applicant_id)
{
	int64_t total = 0, n;
	while ((n = case_store_drafts_delete(c, applicant_id, INT64_MAX)) > 0)
		total += n;
	return n < 0 ? -1 : total;
}
