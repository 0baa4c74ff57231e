/* stats.h — statistics that never scan cases: counters per day ×
 * department × matter × channel × region, and a histogram of durations in
 * whole working days, written in the transaction of the change they count
 * (the case hook; rating_record for first ratings). A dashboard query sums
 * days of the counters.
 *
 * Honest by construction: the share of cases completed without a visit
 * (不见面率) and the share of ratings that are 4 or 5 (满意率) travel in one
 * type, stats_rates_t, whose one JSON writer emits both or neither — no
 * statistics response can carry one without the other. */
#ifndef ONESTOP_STATS_H
#define ONESTOP_STATS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "domain/cases/case_hooks.h"
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "base/errs.h"
#include "store/store.h"

#define STATS_MAX_DAYS 1096    /* a range of at most three years */
#define STATS_MAX_WORKDAYS 400 /* durations above are counted as this many */

/* 不见面率 and 满意率, always together. A rate is -1 when its base is 0 (no data). */
typedef struct {
	double contactless;  /* completed with no visit / completions */
	double satisfaction; /* ratings of 4 or 5 / ratings */
} stats_rates_t;
/* Sets both members of `into` as {contactless_rate, satisfaction_rate} (null when -1). */
void stats_rates_put(json_t *into, const stats_rates_t *r);

/* Whether the counters below are kept: always, except in the test build started with
 * ONESTOP_TEST_NO_COUNTERS=1 (stats_switch.c; only the bench's row without counters does). */
bool stats_counters_kept(void);

/* The case hook: applications, acceptances, completions (with their visits,
 * corrections and duration) on the day of the change. */
int stats_case_hook(const case_change_t *ch);
/* Inside a writer: one first rating of `level` for a subject of these dimensions. 0 or -1. */
int stats_rating_counted(dbc_t *c, int64_t now, const char *department, const char *matter_code,
			 const char *channel, const char *region, long long level);

/* Inside a writer (domain/appointments): one booking of the slot starting at
 * `hour` on `day` (YYYY-MM-DD), or (refused) one refusal because it was
 * full, in the demand heat map's cell. matter_code may be NULL. 0 or -1. */
int stats_demand_counted(dbc_t *c, const char *department, const char *matter_code, const char *channel,
			 const char *day, int hour, bool refused);

/* `onestop stats-rebuild`: recomputes every counter from the rows (case
 * events with their cases and visits, first ratings) by the same rule that
 * keeps them, writes each differing row to out ("kept …" / "rebuilt …"),
 * and replaces the kept counters with the recomputed ones when any differ.
 * Returns how many rows differed, < 0 on error. */
int stats_rebuild(store_t *st, FILE *out);

/* A query as the API parsed it (NULL: every value of that dimension). */
typedef struct {
	const char *from, *to; /* YYYY-MM-DD, inclusive */
	const char *department, *matter, *channel;
} stats_query_t;

/* Checks the query (dates, range, known department, matter and channel) and
 * the viewer's reach (a department head: their own department only, which
 * is the default). E_VALIDATION / E_FORBIDDEN with the field named. */
errcode_t stats_check(dbc_t *c, const actor_t *viewer, stats_query_t *q, errs_t *e);
/* The overview of a checked query: totals, rates, durations. A new object. */
json_t *stats_overview(dbc_t *c, const stats_query_t *q);

/* The falling flag of a query's scope (its department, matter and channel):
 * sets "falling" — true when, against the previous period of the same length,
 * the in-person share of completions (with a visit: 1 − 不见面率) fell and
 * 满意率 fell too (offices turning people away from the window to raise the
 * contactless rate, and people minding it); false when not both fell; null
 * when either period lacks completions or ratings — and "falling_reason"
 * ({zh, en} naming both shares in both periods, or null). The overview and
 * each ranking row carry it. */
void stats_falling_put(dbc_t *c, const stats_query_t *q, json_t *into);

/* The trend of a checked query, for the dashboard's charts: applications and
 * completions per day with any ({day, applications, completions}, in order),
 * and the duration histogram ({workdays, count} for each number of working
 * days with completions). A new object, NULL on error. */
json_t *stats_trend(dbc_t *c, const stats_query_t *q);

/* Demand by hour × weekday × channel of a checked query (测评真实需求量):
 * {query, cells: [{weekday 1..7, hour 0..23, channel, applications, bookings,
 * refused}] (cells with any, by weekday, hour, channel), totals {applications,
 * bookings, refused}}. Applications count at their submission; bookings and
 * refusals because the slot was full at the slot asked for. NULL on error. */
json_t *stats_demand(dbc_t *c, const stats_query_t *q);

/* The department ranking of [from, to] (channel: NULL for all): per department
 * with completions or ratings, completions; 即办率 (immediate_rate: completed
 * on the day of submission, 0 working days); on_time_rate (completed within
 * the promised working days of its matter); 提速率 (speedup_rate: the mean,
 * over completions, of (legal − promised) / legal days of their matter — the
 * share of the legal time the promise saves); both rates together; ratings.
 * Matters' days are their current versions'. Ordered by on-time rate, then
 * satisfaction (no data last), then code; equal rates share a rank.
 * Checked as stats_check (the ranking's routes are supervisors'). */
errcode_t stats_ranking(dbc_t *c, const actor_t *viewer, stats_query_t *q, json_t **out, errs_t *e);

/* 政务服务公示, for anyone: per department with applications, completions or
 * ratings in [from, to], its overview (both rates together, ratings by
 * level, durations in working days) and its name. Counters hold no personal
 * data, so neither does this. E_VALIDATION for the range as stats_check. */
errcode_t stats_public(dbc_t *c, const char *from, const char *to, json_t **out, errs_t *e);

#endif
