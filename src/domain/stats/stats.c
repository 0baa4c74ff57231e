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

/* What one change counts, in the kept tables or (rebuilt) the ones
 * stats_rebuild fills: the one rule of counting, for both. visits is the
 * case's visit count (read only for a completion; -1: not known yet). */
typedef struct {
	int64_t now;
	const char *action, *from, *to, *department, *matter_code, *channel, *region, *submitted_day;
	int correction_rounds;
} stats_change_t;

static int count_change(dbc_t *c, bool rebuilt, const stats_change_t *x, int64_t visits)
{
	char day[DATE_STR_LEN];
	date_format(date_from_ms(x->now), day);
	stats_key_t k = {day, x->department, x->matter_code, x->channel, x->region};
	stats_counts_t d = {0};
	if (!strcmp(x->action, "submit"))
		d.applications = 1;
	else if (!strcmp(x->action, "accept") || !strcmp(x->action, "deem_accept"))
		d.acceptances = 1;
	if (!strcmp(x->to, "completed") && strcmp(x->from, "completed") != 0) {
		d.completions = 1;
		d.completed_no_visit = visits == 0;
		d.completed_first_time = x->correction_rounds == 0;
		day_t a, b = date_from_ms(x->now);
		int n = 0;
		bool prov = false;
		if (!x->submitted_day || !date_parse(x->submitted_day, &a) ||
		    workcal_between(c, x->region, a, b, &n, &prov) != E_OK)
			n = 0;
		if (n > STATS_MAX_WORKDAYS)
			n = STATS_MAX_WORKDAYS;
		if (stats_store_duration_to(c, rebuilt, &k, n < 0 ? 0 : n) != 0)
			return -1;
	}
	if (d.applications &&
	    stats_demand_application(c, rebuilt, x->now, x->department, x->matter_code, x->channel) != 0)
		return -1;
	if (!d.applications && !d.acceptances && !d.completions)
		return 0;
	return stats_store_add_to(c, rebuilt, &k, &d);
}

int stats_case_hook(const case_change_t *ch)
{
	if (!stats_counters_kept())
		return 0;
	const case_row_t *r = ch->row;
	stats_change_t x = {ch->now,        ch->action, ch->from,  ch->to,           r->department,
			    r->matter_code, r->channel, r->region, r->submitted_day, r->correction_rounds};
	int64_t visits = 0;
	if (!strcmp(ch->to, "completed") && (visits = visit_count_for_case(ch->c, r->id)) < 0)
		return -1;
	return count_change(ch->c, false, &x, visits);
}

static int count_rating(dbc_t *c, bool rebuilt, int64_t now, const char *department, const char *matter_code,
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
	return stats_store_add_to(c, rebuilt, &k, &d);
}

typedef struct {
	dbc_t *c;
	int rc;
} rebuild_ctx_t;

static void rebuild_event(const stats_event_t *e, void *p)
{
	rebuild_ctx_t *x = p;
	stats_change_t ch = {e->at,
			     e->action,
			     e->from,
			     e->to,
			     e->department,
			     e->matter_code,
			     e->channel,
			     e->region,
			     e->submitted_day,
			     e->correction_rounds};
	if (x->rc == 0 && count_change(x->c, true, &ch, e->visits) != 0)
		x->rc = -1;
}

static void rebuild_rating(const stats_rating_t *r, void *p)
{
	rebuild_ctx_t *x = p;
	if (x->rc == 0 && count_rating(x->c, true, r->at, r->department, r->matter_code, r->channel,
				       r->region, r->level) != 0)
		x->rc = -1;
}

typedef struct {
	FILE *out;
	int differences;
} rebuild_out_t;

static int rebuild_write(dbc_t *c, void *p)
{
	rebuild_out_t *o = p;
	o->differences = 0;
	rebuild_ctx_t x = {c, 0};
	if (stats_store_rebuild_begin(c) != 0 || stats_store_scan_events(c, rebuild_event, &x) != 0 ||
	    x.rc != 0 || stats_store_scan_ratings(c, rebuild_rating, &x) != 0 || x.rc != 0 ||
	    stats_demand_rebuild(c) != 0)
		return -1;
	o->differences = stats_store_rebuild_compare(c, o->out);
	if (o->differences < 0 || (o->differences > 0 && stats_store_rebuild_replace(c) != 0))
		return -1;
	return stats_store_rebuild_end(c);
}

int stats_rebuild(store_t *st, FILE *out)
{
	rebuild_out_t o = {out, 0};
	return store_write(st, rebuild_write, &o) == 0 ? o.differences : -1;
}

int stats_rating_counted(dbc_t *c, int64_t now, const char *department, const char *matter_code,
			 const char *channel, const char *region, long long level)
{
	if (!stats_counters_kept())
		return 0;
	return count_rating(c, false, now, department, matter_code, channel, region, level);
}

/* from and to: dates, in order, at most STATS_MAX_DAYS apart. */
static void check_range(const char *from, const char *to, errs_t *e)
{
	day_t f = 0, t = 0;
	bool fok = from && date_parse(from, &f), tok = to && date_parse(to, &t);
	if (!fok)
		errs_add(e, "from", "date", "应为日期 YYYY-MM-DD", "a date YYYY-MM-DD is required");
	if (!tok)
		errs_add(e, "to", "date", "应为日期 YYYY-MM-DD", "a date YYYY-MM-DD is required");
	if (fok && tok && t < f)
		errs_add(e, "to", "before_from", "结束日期早于开始日期", "to is before from");
	else if (fok && tok && t - f + 1 > STATS_MAX_DAYS)
		errs_add(e, "to", "range_too_long", "统计区间最长三年（1096 天）",
			 "a range is at most three years (1096 days)");
}

errcode_t stats_check(dbc_t *c, const actor_t *viewer, stats_query_t *q, errs_t *e)
{
	check_range(q->from, q->to, e);
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

/* The previous period of the same length: [from − n, from − 1] for a period of n days. */
static bool previous_period(const char *from, const char *to, char pf[DATE_STR_LEN], char pt[DATE_STR_LEN])
{
	day_t f, t;
	if (!date_parse(from, &f) || !date_parse(to, &t) || t < f)
		return false;
	date_format(f - (t - f + 1), pf);
	date_format(f - 1, pt);
	return true;
}

/* In-person share (completions with a visit) and satisfaction of the counters; -1 without data. */
static void shares(const stats_counts_t *s, double *in_person, double *satisfied)
{
	int64_t rated = 0;
	for (int i = 1; i <= 5; i++)
		rated += s->ratings[i];
	*in_person =
	    s->completions ? (double)(s->completions - s->completed_no_visit) / (double)s->completions : -1;
	*satisfied = rated ? (double)(s->ratings[4] + s->ratings[5]) / (double)rated : -1;
}

void stats_falling_put(dbc_t *c, const stats_query_t *q, json_t *into)
{
	char pf[DATE_STR_LEN], pt[DATE_STR_LEN];
	stats_counts_t now = {0}, before = {0};
	stats_filter_t f = {q->from, q->to, q->department, q->matter, q->channel};
	bool ok = previous_period(q->from, q->to, pf, pt) && stats_store_sum(c, &f, &now) == 0;
	stats_filter_t g = {pf, pt, q->department, q->matter, q->channel};
	ok = ok && stats_store_sum(c, &g, &before) == 0;
	double ip1 = -1, sat1 = -1, ip0 = -1, sat0 = -1;
	if (ok) {
		shares(&now, &ip1, &sat1);
		shares(&before, &ip0, &sat0);
	}
	bool known = ip1 >= 0 && sat1 >= 0 && ip0 >= 0 && sat0 >= 0;
	bool falling = known && ip1 < ip0 && sat1 < sat0;
	json_object_set_new(into, "falling", known ? json_boolean(falling) : json_null());
	if (!falling) {
		json_object_set_new(into, "falling_reason", json_null());
		return;
	}
	char zh[256], en[256];
	snprintf(
	    zh, sizeof zh,
	    "现场办理占比由 %.1f%% 降至 %.1f%%，同时满意率由 %.1f%% 降至 %.1f%%（与上一同长期间 %s 至 %s "
	    "相比）：请核查是否把群众挡在窗口之外",
	    ip0 * 100, ip1 * 100, sat0 * 100, sat1 * 100, pf, pt);
	snprintf(
	    en, sizeof en,
	    "the in-person share fell from %.1f%% to %.1f%% while satisfaction fell from %.1f%% to %.1f%% "
	    "(against %s to %s, the period before of the same length): check that people are not turned "
	    "away from the window",
	    ip0 * 100, ip1 * 100, sat0 * 100, sat1 * 100, pf, pt);
	json_object_set_new(into, "falling_reason", json_pack("{s:s, s:s}", "zh", zh, "en", en));
}

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
	stats_falling_put(c, q, o);
	return o;
}

/* The public figures of one department: what its overview says, without the query. */
static json_t *public_row(dbc_t *c, const char *from, const char *to, json_t *dept)
{
	stats_query_t q = {from, to, json_string_value(json_object_get(dept, "code")), NULL, NULL};
	json_t *o = stats_overview(c, &q);
	if (!o)
		return NULL;
	if (json_integer_value(json_object_get(o, "applications")) == 0 &&
	    json_integer_value(json_object_get(o, "completions")) == 0 &&
	    json_integer_value(json_object_get(o, "ratings")) == 0) {
		json_decref(o);
		return json_null(); /* nothing to publish for it in this period */
	}
	json_object_del(o, "query");
	json_object_set_new(o, "department",
			    json_pack("{sO sO}", "code", json_object_get(dept, "code"), "name",
				      json_object_get(dept, "name")));
	return o;
}

errcode_t stats_public(dbc_t *c, const char *from, const char *to, json_t **out, errs_t *e)
{
	check_range(from, to, e);
	if (errs_any(e))
		return E_VALIDATION;
	json_t *depts = geo_department_list(c, NULL), *items = json_array(), *d;
	size_t i;
	json_array_foreach(depts, i, d)
	{
		json_t *row = public_row(c, from, to, d);
		if (!row) {
			json_decref(depts);
			json_decref(items);
			return E_INTERNAL;
		}
		if (json_is_null(row))
			json_decref(row);
		else
			json_array_append_new(items, row);
	}
	json_decref(depts);
	*out = json_pack("{ss ss so}", "from", from, "to", to, "items", items);
	return E_OK;
}
