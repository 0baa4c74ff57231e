/* jobs.h — background work on a timer thread: each job in the table runs
 * every interval (SLA colours and escalation, deemed acceptance, calendar
 * warnings…). Jobs are domain functions taking the store and the time. */
#ifndef ONESTOP_JOBS_H
#define ONESTOP_JOBS_H

#include "http/server.h"

void jobs_start(app_t *app);
void jobs_stop(void);
/* Runs every job once, now (the command line and tests use it). */
void jobs_run_all(store_t *st);

#endif
