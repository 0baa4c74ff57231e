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
#include "domain/core/message.h"
#include "domain/calendar/workcal.h"
#include "base/clock.h"
#include "base/log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	char (*ids)[40];
	size_t n;
} idlist_t;

static idlist_t select_ids(dbc_t *c, const char *sql)
{
	idlist_t l = {NULL, 0};
	size_t cap = 0;
	dbs_t *s = db_prep(c, sql);
	while (s && db_step(s) == DB_ROW) {
		if (l.n == cap) {
			cap = cap ? cap * 2 : 64;
			l.ids = realloc(l.ids, cap * sizeof *l.ids);
		}
		snprintf(l.ids[l.n++], 40, "%s", db_col_text(s, 0));
	}
	db_reset(s);
	return l;
}

int case_job_deemed_acceptance(store_t *st)
{
	dbc_t *c = store_reader(st);
	idlist_t l = select_ids(c, "SELECT id FROM cases WHERE status = 'submitted'");
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
	free(l.ids);
	return done;
}

struct sla_ctx {
	const char *id;
	int turned_red;
};

static int notify_overseers(dbc_t *c, const case_row_t *r)
{
	dbs_t *s = db_prep(c, "SELECT id, roles, COALESCE(department, '') FROM accounts WHERE kind = 'staff' AND status = 'active'");
	char zh[256], en[256];
	snprintf(zh, sizeof zh, "办件 %s 已超过承诺期限（%s），请督办。", r->number, r->due_day);
	snprintf(en, sizeof en, "Case %s is overdue (deadline %s): supervision order issued.", r->number, r->due_day);
	char (*to)[40] = NULL;
	size_t n = 0, cap = 0;
	while (db_step(s) == DB_ROW) {
		unsigned roles = 0;
		role_parse_list(db_col_text(s, 1), &roles);
		bool head_here = (roles & ROLE_DEPT_HEAD) && !strcmp(db_col_text(s, 2), r->department);
		if (!head_here && !(roles & ROLE_SUPERVISOR))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			to = realloc(to, cap * sizeof *to);
		}
		snprintf(to[n++], 40, "%s", db_col_text(s, 0));
	}
	db_reset(s);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = message_add(c, to[i], "supervision", "督办：办件超期", "Supervision: case overdue", zh, en, "case", r->id);
	free(to);
	return rc;
}

static int sla_write(dbc_t *c, void *arg)
{
	struct sla_ctx *x = arg;
	x->turned_red = 0;
	case_row_t r;
	if (!case_load(c, x->id, &r))
		return 0;
	clock_in_t ci = {r.region, r.promised_days, r.extension_days, r.paused_workdays,
			 r.accepted_day[0] ? r.accepted_day : NULL, r.paused_day[0] ? r.paused_day : NULL,
			 r.finished_day[0] ? r.finished_day : NULL};
	clock_out_t k;
	case_clock(c, &ci, today_day(), &k);
	int rc = 0;
	if (strcmp(k.colour, r.colour) != 0) {
		dbs_t *s = db_prep(c, "UPDATE cases SET colour = ? WHERE id = ?");
		db_bind_text(s, 1, k.colour);
		db_bind_text(s, 2, r.id);
		rc = db_step(s) == DB_DONE ? 0 : -1;
		db_reset(s);
		if (rc == 0 && !strcmp(k.colour, "red")) {
			s = db_prep(c, "INSERT INTO supervisions (case_id, department, kind, created_at) VALUES (?, ?, 'overdue', ?) "
				       "ON CONFLICT (case_id, kind) DO NOTHING");
			db_bind_text(s, 1, r.id);
			db_bind_text(s, 2, r.department);
			db_bind_int(s, 3, clock_now_ms());
			rc = db_step(s) == DB_DONE ? 0 : -1;
			bool fresh = db_changes(c) > 0;
			db_reset(s);
			if (rc == 0 && fresh) {
				actor_t sys;
				actor_system(&sys, "job.sla");
				json_t *d = json_pack("{ss ss}", "deadline", r.due_day, "department", r.department);
				rc = audit_append(c, &sys, "case.supervise", "case", r.id, r.version, r.version, d);
				json_decref(d);
				if (rc == 0)
					rc = notify_overseers(c, &r);
				x->turned_red = 1;
			}
		}
	}
	case_row_release(&r);
	return rc;
}

int case_job_sla(store_t *st)
{
	dbc_t *c = store_reader(st);
	idlist_t l = select_ids(c, "SELECT id FROM cases WHERE accepted_day IS NOT NULL AND finished_day IS NULL "
				   "AND status NOT IN ('completed', 'refused', 'withdrawn')");
	int red = 0;
	for (size_t i = 0; i < l.n; i++) {
		struct sla_ctx x = {l.ids[i], 0};
		if (store_write(st, sla_write, &x) == 0)
			red += x.turned_red;
	}
	free(l.ids);
	return red;
}
