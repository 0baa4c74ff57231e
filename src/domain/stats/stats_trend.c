/* stats_trend.c — the dashboard's series from the counters (see stats.h):
 * per day and per duration, never scanning cases. */
#include "domain/stats/stats.h"
#include "domain/stats/stats_store.h"
#include <string.h>

static void add_day(const char *day, int64_t applications, int64_t completions, void *ctx)
{
	json_array_append_new(ctx,
			      json_pack("{s:s, s:I, s:I}", "day", day, "applications",
					(json_int_t)applications, "completions", (json_int_t)completions));
}

json_t *stats_trend(dbc_t *c, const stats_query_t *q)
{
	stats_filter_t f = {q->from, q->to, q->department, q->matter, q->channel};
	static __thread int64_t hist[STATS_MAX_WORKDAYS + 1];
	memset(hist, 0, sizeof hist);
	json_t *days = json_array(), *durations = json_array();
	if (stats_store_by_day(c, &f, add_day, days) != 0 ||
	    stats_store_hist(c, &f, hist, STATS_MAX_WORKDAYS) != 0) {
		json_decref(days);
		json_decref(durations);
		return NULL;
	}
	for (int d = 0; d <= STATS_MAX_WORKDAYS; d++)
		if (hist[d])
			json_array_append_new(
			    durations, json_pack("{s:i, s:I}", "workdays", d, "count", (json_int_t)hist[d]));
	return json_pack("{s:{s:s, s:s, s:s?, s:s?, s:s?}, s:o, s:o}", "query", "from", q->from, "to", q->to,
			 "department", q->department, "matter", q->matter, "channel", q->channel, "days",
			 days, "durations", durations);
}
