/* jobs.h — background work on a timer thread: each job in the table runs
 * every interval (SLA colours and escalation, deemed acceptance, calendar
 * warnings…). The table itself is the domain's (domain/registry.h). */
#ifndef ONESTOP_JOBS_H
#define ONESTOP_JOBS_H

#include "http/server.h"

void jobs_start(app_t *app);
void jobs_stop(void);

#endif
