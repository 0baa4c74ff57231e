/* stats.c — counting (the case hook, first ratings), checking a query, and
 * the overview built from the counters (see stats.h). The SQL is
 * stats_store.c's. */
#include "domain/stats/stats.h"
#include "domain/stats/stats_store.h"
#include "domain/appointments/visit.h"
#include "domain/calendar/workcal.h"
#include "domain/catalog/matter.h"
#include "domain/core/geo.h"
#include "base/date.h"
#include <stdio.h>
#include <string.h>

static const char *const CHANNELS[] = {"online", "mobile", "window", "assisted", NULL};

void stats_rates_put(json_t *into, const stats_rates_t *r)
{
	json_object_set_new(into, "contactless_rate",
			    r->contactless < 0 ? json_null() : json_real(r->contactless));
	json_object_set_new(into, "satisfaction_rate",
			    r->satisfaction < 0 ? json_null() : json_real(r->satisfaction));
}

static void key_of(const case_row_t *row, const char *day, stats_key_t *k)
{
	*k = (stats_key_t){day, row->department, row->matter_code, row->channel, row->region};
}

int stats_case_hook(const case_change_t *ch)
{
	char day[DATE_STR_LEN];
	date_format(date_from_ms(ch->now), day);
	stats_key_t k;
	key_of(ch->row, day, &k);
	stats_counts_t d = {0};
	if (!strcmp(ch->action, "submit"))
		d.applications = 1;
	else if (!strcmp(ch->action, "accept") || !strcmp(ch->action, "deem_accept"))
		d.acceptances = 1;
	if (!strcmp(ch->to, "completed") && strcmp(ch->from, "completed") != 0) {
		d.completions = 1;
		int visits = visit_count_for_case(ch->c, ch->row->id);
		if (visits < 0)
			return -1;
		d.completed_no_visit = visits == 0;
		d.completed_first_time = ch->row->correction_rounds == 0;
		day_t a, b = date_from_ms(ch->now);
		int n = 0;
		bool prov = false;
		if (!date_parse(ch->row->submitted_day, &a) ||
		    workcal_between(ch->c, ch->row->region, a, b, &n, &prov) != E_OK)
			n = 0;
		if (n > STATS_MAX_WORKDAYS)
			n = STATS_MAX_WORKDAYS;
		if (stats_store_duration(ch->c, &k, n < 0 ? 0 : n) != 0)
			return -1;
	}
	if (!d.applications && !d.acceptances && !d.completions)
		return 0;
	return stats_store_add(ch->c, &k, &d);
}

int stats_rating_counted(dbc_t *c, int64_t now, const char *department, const char *matter_code,
			 const char *channel, const char *region, long long level)
{
	if (level < 1 || level > 5)
		return -1;
	char day[DATE_STR_LEN];
	date_format(date_from_ms(now), day);
	stats_key_t k = {day, department, matter_code ? matter_code : "", channel ? channel : "",
			 region ? region : ""};
	stats_counts_t d = {0};
	d.ratings[level] = 1;
	return stats_store_add(c, &k, &d);
}

errcode_t stats_check(dbc_t *c, const actor_t *viewer, stats_query_t *q, errs_t *e)
{
	day_t f = 0, t = 0;
	bool fok = q->from && date_parse(q->from, &f), tok = q->to && date_parse(q->to, &t);
	if (!fok)
		errs_add(e, "from", "date", "应为日期 YYYY-MM-DD", "a date YYYY-MM-DD is required");
	if (!tok)
		errs_add(e, "to", "date", "应为日期 YYYY-MM-DD", "a date YYYY-MM-DD is required");
	if (fok && tok && t < f)
		errs_add(e, "to", "before_from", "结束日期早于开始日期", "to is before from");
	else if (fok && tok && t - f + 1 > STATS_MAX_DAYS)
		errs_add(e, "to", "range_too_long", "统计区间最长三年（1096 天）",
			 "a range is at most three years (1096 days)");
	if (q->department && !geo_department_exists(c, q->department))
		errs_add(e, "department", "unknown", "没有这个部门", "no such department");
	int64_t v;
	if (q->matter && (strlen(q->matter) > 16 || !matter_current_version(c, q->matter, &v)))
		errs_add(e, "matter", "unknown", "没有这个事项", "no such matter");
	if (q->channel) {
		bool known = false;
		for (const char *const *ch = CHANNELS; *ch; ch++)
			known |= !strcmp(*ch, q->channel);
		if (!known)
			errs_add(e, "channel", "unknown", "渠道应为 online、mobile、window 或 assisted",
				 "channel is online, mobile, window or assisted");
	}
	if (errs_any(e))
		return E_VALIDATION;
	if (!(viewer->roles & ROLE_SUPERVISOR)) {
		/* a department head sees their own department */
		if (q->department && strcmp(q->department, viewer->department) != 0) {
			errs_add(e, "department", "other_department", "只能查看本部门的统计",
				 "you see your own department's statistics");
			return E_FORBIDDEN;
		}
		q->department = viewer->department;
	}
	return E_OK;
}

/* The smallest d with at least ceil(p·n) durations ≤ d (nearest rank); -1 when n = 0. */
static int percentile(const int64_t *hist, int max, int64_t n, int pct)
{
	if (n == 0)
		return -1;
	int64_t rank = (n * pct + 99) / 100, seen = 0;
	for (int d = 0; d <= max; d++) {
		seen += hist[d];
		if (seen >= rank)
			return d;
	}
	return max;
}

static double share(int64_t part, int64_t whole) { return whole ? (double)part / (double)whole : -1; }

json_t *stats_overview(dbc_t *c, const stats_query_t *q)
{
	stats_filter_t f = {q->from, q->to, q->department, q->matter, q->channel};
	stats_counts_t s = {0};
	static __thread int64_t hist[STATS_MAX_WORKDAYS + 1];
	memset(hist, 0, sizeof hist);
	if (stats_store_sum(c, &f, &s) != 0 || stats_store_hist(c, &f, hist, STATS_MAX_WORKDAYS) != 0)
		return NULL;
	int64_t rated = 0, durations = 0, total_days = 0;
	for (int i = 1; i <= 5; i++)
		rated += s.ratings[i];
	for (int d = 0; d <= STATS_MAX_WORKDAYS; d++) {
		durations += hist[d];
		total_days += hist[d] * d;
	}
	json_t *by_level = json_object();
	for (int i = 1; i <= 5; i++) {
		char k[2] = {(char)('0' + i), 0};
		json_object_set_new(by_level, k, json_integer(s.ratings[i]));
	}
	json_t *o = json_pack(
	    "{s:{s:s, s:s, s:s?, s:s?, s:s?}, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "query", "from", q->from,
	    "to", q->to, "department", q->department, "matter", q->matter, "channel", q->channel,
	    "applications", (json_int_t)s.applications, "acceptances", (json_int_t)s.acceptances,
	    "completions", (json_int_t)s.completions, "completed_no_visit", (json_int_t)s.completed_no_visit,
	    "completed_first_time", (json_int_t)s.completed_first_time, "ratings", (json_int_t)rated,
	    "ratings_by_level", by_level);
	stats_rates_t r = {share(s.completed_no_visit, s.completions),
			   share(s.ratings[4] + s.ratings[5], rated)};
	stats_rates_put(o, &r);
	double first = share(s.completed_first_time, s.completions);
	json_object_set_new(o, "first_time_rate", first < 0 ? json_null() : json_real(first));
	int med = percentile(hist, STATS_MAX_WORKDAYS, durations, 50),
	    p90 = percentile(hist, STATS_MAX_WORKDAYS, durations, 90);
	json_t *dur = json_pack("{s:I}", "count", (json_int_t)durations);
	json_object_set_new(dur, "mean",
			    durations ? json_real((double)total_days / (double)durations) : json_null());
	json_object_set_new(dur, "median", med < 0 ? json_null() : json_integer(med));
	json_object_set_new(dur, "p90", p90 < 0 ? json_null() : json_integer(p90));
	json_object_set_new(o, "duration_workdays", dur);
	return o;
}
