/* metrics.c — lock-free counters indexed by route and status (see metrics.h).
 * Unknown routes (404) count under route "unmatched". A request whose method
 * is not its route's (a 405, or a 413/431 answered before the method is
 * looked at) counts under the route of its path with its own method. */
#include "http/metrics.h"
#include "base/log.h"
#include "base/mem.h"
#include "http/routes.h"
#include "store/store.h"
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROUTES 160
#define NBUCKETS 12
static const double BUCKETS_S[NBUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
					   0.05,   0.1,   0.25,   0.5,   1,    5};

static _Atomic uint64_t counts[MAX_ROUTES + 1][600];
static _Atomic uint64_t hist[MAX_ROUTES + 1][NBUCKETS + 1];
static _Atomic uint64_t sum_ns[MAX_ROUTES + 1];

/* Requests refused with another method than their route's: 4xx only. */
static const char *const METHODS[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "OTHER"};
#define NMETHODS (sizeof METHODS / sizeof METHODS[0])
static _Atomic uint64_t other_method[MAX_ROUTES][NMETHODS][100];

static size_t method_index(const char *method)
{
	for (size_t k = 0; k + 1 < NMETHODS; k++)
		if (strcmp(METHODS[k], method) == 0)
			return k;
	return NMETHODS - 1;
}

void metrics_observe(const route_t *rt, const char *method, int status, int64_t ns)
{
	bool own = rt && method &&
		   (strcmp(method, rt->method) == 0 ||
		    (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0));
	bool counted = false;
	if (rt && !own && status >= 400 && status < 500 && routes_index(rt) < MAX_ROUTES) {
		atomic_fetch_add(&other_method[routes_index(rt)][method ? method_index(method) : NMETHODS - 1]
					      [status - 400],
				 1);
		counted = true; /* its latency goes with the unmatched ones */
	}
	if (!own)
		rt = NULL;
	size_t i = rt ? routes_index(rt) : MAX_ROUTES;
	if (i > MAX_ROUTES)
		i = MAX_ROUTES;
	if (status < 100 || status >= 600)
		status = 500;
	if (!counted)
		atomic_fetch_add(&counts[i][status], 1);
	double s = (double)ns / 1e9;
	int b = 0;
	while (b < NBUCKETS && s > BUCKETS_S[b])
		b++;
	atomic_fetch_add(&hist[i][b], 1);
	atomic_fetch_add(&sum_ns[i], (uint64_t)ns);
}

typedef struct {
	char *p;
	size_t len, cap;
} sbuf_t;

static void sb_printf(sbuf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void sb_printf(sbuf_t *b, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		b->cap = b->cap * 2 + (size_t)(n > 0 ? n : 64);
		b->p = xrealloc(b->p, b->cap);
	}
}

char *metrics_render(void)
{
	sbuf_t b = {xmalloc(8192), 0, 8192};
	const route_t *t = routes_table();
	size_t n = routes_count();
	sb_printf(&b, "# HELP onestop_http_requests_total Requests by route and status.\n"
		      "# TYPE onestop_http_requests_total counter\n");
	for (size_t i = 0; i <= n && i <= MAX_ROUTES; i++) {
		size_t idx = i == n ? MAX_ROUTES : i;
		const char *m = i == n ? "" : t[i].method, *pat = i == n ? "unmatched" : t[i].pattern;
		for (int s = 100; s < 600; s++) {
			uint64_t c = atomic_load(&counts[idx][s]);
			if (c)
				sb_printf(&b,
					  "onestop_http_requests_total{method=\"%s\",route=\"%s\",status=\"%"
					  "d\"} %llu\n",
					  m, pat, s, (unsigned long long)c);
		}
	}
	for (size_t i = 0; i < n && i < MAX_ROUTES; i++)
		for (size_t k = 0; k < NMETHODS; k++)
			for (int s = 0; s < 100; s++) {
				uint64_t c = atomic_load(&other_method[i][k][s]);
				if (c)
					sb_printf(&b,
						  "onestop_http_requests_total{method=\"%s\",route=\"%s\","
						  "status=\"%"
						  "d\"} %llu\n",
						  METHODS[k], t[i].pattern, 400 + s, (unsigned long long)c);
			}
	sb_printf(&b, "# HELP onestop_http_request_duration_seconds Latency by route.\n"
		      "# TYPE onestop_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i <= n && i <= MAX_ROUTES; i++) {
		size_t idx = i == n ? MAX_ROUTES : i;
		const char *m = i == n ? "" : t[i].method, *pat = i == n ? "unmatched" : t[i].pattern;
		uint64_t cum = 0, total = 0;
		for (int k = 0; k <= NBUCKETS; k++)
			total += atomic_load(&hist[idx][k]);
		if (!total)
			continue;
		for (int k = 0; k < NBUCKETS; k++) {
			cum += atomic_load(&hist[idx][k]);
			sb_printf(&b,
				  "onestop_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\","
				  "le=\"%g\"} %llu\n",
				  m, pat, BUCKETS_S[k], (unsigned long long)cum);
		}
		sb_printf(&b,
			  "onestop_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\",le=\"+"
			  "Inf\"} %llu\n",
			  m, pat, (unsigned long long)total);
		sb_printf(&b, "onestop_http_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} %.6f\n",
			  m, pat, (double)atomic_load(&sum_ns[idx]) / 1e9);
		sb_printf(&b,
			  "onestop_http_request_duration_seconds_count{method=\"%s\",route=\"%s\"} %llu\n", m,
			  pat, (unsigned long long)total);
	}
	store_stats_t st;
	store_stats(&st);
	sb_printf(&b, "# HELP onestop_db_seconds_total Time spent executing SQL statements.\n"
		      "# TYPE onestop_db_seconds_total counter\nonestop_db_seconds_total %.6f\n"
		      "# HELP onestop_db_statements_total SQL statements executed.\n"
		      "# TYPE onestop_db_statements_total counter\nonestop_db_statements_total %llu\n"
		      "# HELP onestop_db_commits_total Durable commits of the writer (one per batch).\n"
		      "# TYPE onestop_db_commits_total counter\nonestop_db_commits_total %llu\n"
		      "# HELP onestop_db_writes_total Writes applied by the writer.\n"
		      "# TYPE onestop_db_writes_total counter\nonestop_db_writes_total %llu\n"
		      "# HELP onestop_db_queued_writes Writes waiting for the writer.\n"
		      "# TYPE onestop_db_queued_writes gauge\nonestop_db_queued_writes %llu\n",
		  (double)st.statement_ns / 1e9, (unsigned long long)st.statements,
		  (unsigned long long)st.commits, (unsigned long long)st.writes,
		  (unsigned long long)st.queued);
	unsigned long long lines, writes;
	log_counts(&lines, &writes);
	sb_printf(&b, "# HELP onestop_log_lines_total Log lines written (access lines included).\n"
		      "# TYPE onestop_log_lines_total counter\nonestop_log_lines_total %llu\n"
		      "# HELP onestop_log_writes_total System calls that wrote them.\n"
		      "# TYPE onestop_log_writes_total counter\nonestop_log_writes_total %llu\n",
		  lines, writes);
	return b.p;
}

void http_metrics(req_t *r)
{
	char *text = metrics_render();
	/* the store's storage fault (store.h): 1 while writes fail for it */
	store_fault_t f = store_fault(r->store);
	char fault[512];
	int n = snprintf(fault, sizeof fault,
			 "# HELP onestop_storage_fault Writes fail now for a full disk, I/O errors or "
			 "lack of resources (1).\n# TYPE onestop_storage_fault gauge\n"
			 "onestop_storage_fault{kind=\"disk_full\"} %d\n"
			 "onestop_storage_fault{kind=\"io_error\"} %d\n"
			 "onestop_storage_fault{kind=\"resources\"} %d\n",
			 f == STORE_FAULT_FULL, f == STORE_FAULT_IO, f == STORE_FAULT_RESOURCES);
	size_t tl = strlen(text), fl = n > 0 && (size_t)n < sizeof fault ? (size_t)n : 0;
	char *all = xmalloc(tl + fl + 1);
	memcpy(all, text, tl);
	memcpy(all + tl, fault, fl);
	all[tl + fl] = '\0';
	reply_raw(r, 200, "text/plain; version=0.0.4; charset=utf-8", all, tl + fl);
	free(all);
	free(text);
}
