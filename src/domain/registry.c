/* registry.c — the machines and the background jobs (see registry.h). */
#include "domain/registry.h"
#include "domain/calendar/workcal.h"
#include "domain/cases/case.h"
#include "domain/cases/case_flow.h"
#include "domain/cases/task_flow.h"
#include "domain/core/notify.h"
#include "base/log.h"

static const wf_machine_t *const MACHINES[] = {&case_machine, &task_machine};

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
	{NULL, NULL},
};

const domain_job_t *domain_jobs(void) { return JOBS; }

void domain_jobs_run_all(store_t *st)
{
	for (const domain_job_t *j = JOBS; j->name; j++) {
		int n = j->run(st);
		if (n < 0)
			log_error("job %s failed", j->name);
		else if (n > 0)
			log_info("job %s handled %d item(s)", j->name, n);
	}
}
