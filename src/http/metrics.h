/* metrics.h — request counters and latency histograms per route, exposed at
 * /metrics in the Prometheus text format together with database time. */
#ifndef ONESTOP_METRICS_H
#define ONESTOP_METRICS_H

#include <stdint.h>
#include <stddef.h>
#include "api/request.h"

/* rt: the request's route, or for a 405 a route of its path; NULL when no
 * route matches. method: the request's. */
void metrics_observe(const route_t *rt, const char *method, int status, int64_t ns);
/* Appends the exposition text to a malloc'd string. */
char *metrics_render(void);

/* GET /metrics: the Prometheus text of the counters above. */
void http_metrics(req_t *r);

#endif
