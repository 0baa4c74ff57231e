/* jobs.c — the job table and its timer thread (see jobs.h). */
#include "http/jobs.h"
#include "base/log.h"
#include "domain/cases/case.h"
#include "domain/core/notify.h"
#include "domain/calendar/workcal.h"
#include <pthread.h>
#include <stdbool.h>
#include <time.h>

typedef struct {
	const char *name;
	int (*run)(store_t *st);   /* returns the number of items handled, < 0 on error */
} job_t;

static const job_t JOBS[] = {
	{"calendar.warn_missing_year", workcal_job_warn_missing_year},
	{"cases.deemed_acceptance", case_job_deemed_acceptance},
	{"cases.sla", case_job_sla},
	{"messages.deliver", notify_job_deliver},
	{NULL, NULL},
};

static pthread_t thread;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static bool running, stopping;
static int interval_ms;
static store_t *store;

void jobs_run_all(store_t *st)
{
	for (const job_t *j = JOBS; j->name; j++) {
		int n = j->run(st);
		if (n < 0)
			log_error("job %s failed", j->name);
		else if (n > 0)
			log_info("job %s handled %d item(s)", j->name, n);
	}
}

static void *jobs_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	while (!stopping) {
		pthread_mutex_unlock(&mu);
		jobs_run_all(store);
		pthread_mutex_lock(&mu);
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += interval_ms / 1000;
		ts.tv_nsec += (long)(interval_ms % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		if (!stopping)
			pthread_cond_timedwait(&cv, &mu, &ts);
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

void jobs_start(app_t *app)
{
	store = app->store;
	interval_ms = app->cfg.job_interval_ms > 0 ? app->cfg.job_interval_ms : 60000;
	stopping = false;
	if (pthread_create(&thread, NULL, jobs_main, NULL) == 0)
		running = true;
}

void jobs_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&mu);
	stopping = true;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	pthread_join(thread, NULL);
	running = false;
}
