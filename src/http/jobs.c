/* jobs.c — the timer thread that runs the domain's job table (domain/registry.h). */
#include "http/jobs.h"
#include "base/thread.h"
#include "base/log.h"
#include "domain/registry.h"
#include <pthread.h>
#include <stdbool.h>
#include <time.h>

static pthread_t thread;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static bool running, stopping;
static int interval_ms;
static store_t *store;
static app_t *owner;

static void *jobs_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	while (!stopping) {
		pthread_mutex_unlock(&mu);
		domain_jobs_run_all(store, false);
		atomic_fetch_add(&owner->job_rounds, 1);
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
	owner = app;
	interval_ms = app->cfg.job_interval_ms > 0 ? app->cfg.job_interval_ms : 60000;
	stopping = false;
	if (thread_start(&thread, jobs_main, NULL, "onestop-jobs") == 0)
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
