/* registry.c — the machines and the background jobs (see registry.h). */
#include "domain/registry.h"
#include "base/clock.h"
#include "domain/bundles/bundle_case.h"
#include "domain/bundles/bundle_flow.h"
#include "domain/calendar/workcal.h"
#include "domain/cases/case.h"
#include "domain/cases/case_flow.h"
#include "domain/cases/case_hooks.h"
#include "domain/cases/task_flow.h"
#include "domain/certs/cert.h"
#include "domain/certs/cert_ident.h"
#include "domain/certs/notice.h"
#include "domain/catalog/matter.h"
#include "domain/sharing/data_use.h"
#include "domain/sharing/dataset.h"
#include "domain/payments/payment.h"
#include "domain/complaints/complaint.h"
#include "domain/core/audit_checkpoint.h"
#include "domain/core/notify.h"
#include "domain/core/throttle.h"
#include "domain/core/ratelimit.h"
#include "domain/core/message.h"
#include "domain/files/file.h"
#include "domain/identity/reset.h"
#include "domain/identity/session.h"
#include "domain/inspections/inspection.h"
#include "domain/inspections/objection.h"
#include "domain/policies/policy.h"
#include "domain/ratings/rating.h"
#include "domain/ratings/rectification.h"
#include "domain/stats/stats.h"
#include "domain/supervision/supervision.h"
#include "base/log.h"
#include <time.h>

static const wf_machine_t *const MACHINES[] = {&case_machine, &task_machine, &inspection_machine,
					       &rectification_machine, &complaint_machine, &bundle_machine,
					       &supervision_machine};

const wf_machine_t *const *domain_machines(size_t *n)
{
	*n = sizeof MACHINES / sizeof MACHINES[0];
	return MACHINES;
}

static const domain_job_t JOBS[] = {
	{"calendar.warn_missing_year", workcal_job_warn_missing_year},
	{"cases.deemed_acceptance", case_job_deemed_acceptance},
	{"cases.sla", case_job_sla},
	{"messages.deliver", notify_job_deliver},
	{"identity.forget_login_failures", throttle_job_forget},
	{"audit.checkpoint", audit_checkpoint_job},
	{"core.forget_rate_limits", ratelimit_job_forget},
	/* retention (domain/core/retention.h; docs/operations.md has the table) */
	{"identity.forget_sessions", session_job_forget},
	{"identity.purge_reset_codes", reset_job_purge},
	{"cases.purge_drafts", case_job_purge_drafts},
	{"messages.purge", message_job_purge},
	{"files.purge_unattached", file_job_purge_unattached},
	{"ratings.invite", rating_job_invite},
	{"ratings.escalate_rectifications", rectification_job_escalate},
	{"complaints.sign_overdue", complaint_job_sign_overdue},
	{"complaints.reply_overdue", complaint_job_reply_overdue},
	{"inspections.publish_overdue", insp_job_publish_overdue},
	{"supervision.escalate", supervision_job_escalate},
	{NULL, NULL},
};

const domain_job_t *domain_jobs(void) { return JOBS; }

/* What follows a case's filing or transition, in its transaction (case_hooks.h). */
static const case_hook_t CASE_HOOKS[] = {
	cert_on_case_change,
	notice_case_hook,
	rating_case_hook,
	stats_case_hook,
	bundle_case_changed,
	dataset_case_hook,
	rating_bundle_hook, /* after the bundles': the bundle case has ended by then */
	data_use_case_hook,
	payment_case_hook,
	policy_case_hook,
	NULL,
};

/* The seams below let the case code and the catalogue reach the
 * certificates they sit beneath (case_hooks.h, matter.h). */
int domain_case_certificate(dbc_t *c, const char *holder_account, const char *type, const char *id,
			    int64_t now, json_t **out)
{
	return cert_for_material(c, holder_account, type, id, now, out);
}

bool domain_certificate_type_known(const char *type) { return cert_type_known(type); }

bool domain_case_fee_paid(dbc_t *c, const char *case_id) { return payment_case_paid(c, case_id); }

json_t *domain_case_payment(dbc_t *c, const char *case_id) { return payment_case_json(c, case_id); }

json_t *domain_case_bundle(dbc_t *c, const char *case_id) { return bundle_of_case(c, case_id); }
json_t *domain_case_notices(dbc_t *c, const char *case_id) { return notice_of_case(c, case_id); }

/* An enterprise's profile changed (inspection.h): its policies are matched again. */
int domain_enterprise_changed(dbc_t *c, const actor_t *by, const char *account, int64_t now)
{
	return policy_rematch_account(c, by, account, now);
}

bool domain_case_hooked(void) { return CASE_HOOKS[0] != NULL; }

int domain_case_changed(const case_change_t *ch)
{
	for (const case_hook_t *h = CASE_HOOKS; *h; h++) {
		int rc = (*h)(ch);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* The key of a job's lock across nodes: its name, hashed. */
static int64_t job_key(const char *name)
{
	uint64_t h = 1469598103934665603ull;
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return (int64_t)(h >> 1);
}

void domain_jobs_run_all(store_t *st, bool wait)
{
	dbc_t *c = store_reader(st);
	if (!c)
		return;
	for (const domain_job_t *j = JOBS; j->name; j++) {
		int64_t key = job_key(j->name);
		bool mine = store_try_lock(c, key);
		for (int tries = 0; !mine && wait && tries < 600; tries++) {
			struct timespec ts = {0, 50 * 1000000L};
			nanosleep(&ts, NULL);
			mine = store_try_lock(c, key);
		}
		if (!mine)
			continue;   /* another node runs it now */
		int64_t t0 = clock_mono_ns();
		int n = j->run(st);
		int64_t ms = (clock_mono_ns() - t0) / 1000000;
		store_unlock(c, key);
		/* a job that took long is named even when it found nothing: it held the writer or a reader */
		if (n < 0)
			log_error("job %s failed after %lld ms", j->name, (long long)ms);
		else if (n > 0 || ms >= 1000)
			log_info("job %s handled %d item(s) in %lld ms", j->name, n, (long long)ms);
	}
}
