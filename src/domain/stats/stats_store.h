/* stats_store.h — the SQL of the statistics counters (internal to domain/stats). */
#ifndef ONESTOP_STATS_STORE_H
#define ONESTOP_STATS_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "store/store.h"

typedef struct {
	const char *day, *department, *matter_code, *channel, *region;
} stats_key_t;

typedef struct {
	int64_t applications, acceptances, completions, completed_no_visit, completed_first_time, ratings[6];
} stats_counts_t;

/* Adds the deltas to the key's row (created at zero), of the kept tables or
 * (rebuilt) of the temporary ones stats_rebuild fills. 0 or -1. */
int stats_store_add_to(dbc_t *c, bool rebuilt, const stats_key_t *k, const stats_counts_t *d);
int stats_store_duration_to(dbc_t *c, bool rebuilt, const stats_key_t *k, int workdays);
int stats_store_add(dbc_t *c, const stats_key_t *k, const stats_counts_t *d);
int stats_store_duration(dbc_t *c, const stats_key_t *k, int workdays);

typedef struct {
	const char *from, *to, *department, *matter, *channel;
} stats_filter_t;
/* Sums the counters over the filter. 0 or -1. */
int stats_store_sum(dbc_t *c, const stats_filter_t *f, stats_counts_t *out);
/* The duration histogram over the filter: hist[d] for d in 0..max. 0 or -1. */
int stats_store_hist(dbc_t *c, const stats_filter_t *f, int64_t *hist, int max);

/* Applications and completions per day over the filter, days in order (days without any are not
 * called). 0 or -1. */
typedef void (*stats_day_fn)(const char *day, int64_t applications, int64_t completions, void *ctx);
int stats_store_by_day(dbc_t *c, const stats_filter_t *f, stats_day_fn fn, void *ctx);

/* The duration histogram over the filter per matter: fn for each (matter, workdays) with completions. */
typedef void (*stats_matter_fn)(const char *matter_code, int workdays, int64_t n, void *ctx);
int stats_store_hist_matters(dbc_t *c, const stats_filter_t *f, stats_matter_fn fn, void *ctx);

/* ---- demand by hour × weekday × channel (stats_demand.c) ---- */
typedef struct {
	const char *day;
	int hour, weekday;
	const char *department, *matter_code, *channel;
} stats_demand_key_t;
/* Adds to the key's cell (created at zero), of the kept table or (rebuilt) the temporary one. 0 or -1. */
int stats_store_demand_to(dbc_t *c, bool rebuilt, const stats_demand_key_t *k, int64_t applications,
			  int64_t bookings, int64_t refused);
/* The cells over the filter summed per weekday, hour and channel, in that order. 0 or -1. */
typedef void (*stats_cell_fn)(int weekday, int hour, const char *channel, int64_t applications,
			      int64_t bookings, int64_t refused, void *ctx);
int stats_store_demand(dbc_t *c, const stats_filter_t *f, stats_cell_fn fn, void *ctx);
/* For stats_rebuild: every booking with a known channel (its slot's day and starting hour), and
 * every refusal for a full slot (unmet_demand's cells, with their counts). */
typedef void (*stats_demand_row_fn)(const stats_demand_key_t *k, int64_t bookings, int64_t refused,
				    void *ctx);
int stats_store_scan_demand(dbc_t *c, stats_demand_row_fn fn, void *ctx);

/* stats_demand.c's, for the counting in stats.c: one application at `at` (ms). 0 or -1. */
int stats_demand_application(dbc_t *c, bool rebuilt, int64_t at, const char *department,
			     const char *matter_code, const char *channel);
/* Fills the rebuilt demand table's bookings and refusals from the rows. 0 or -1. */
int stats_demand_rebuild(dbc_t *c);

/* ---- stats_rebuild: the rows the counters count, and the comparison ---- */
typedef struct {
	int64_t at;
	const char *action, *from, *to, *department, *matter_code, *channel, *region, *submitted_day;
	int correction_rounds;
	int64_t visits;
} stats_event_t;
typedef struct {
	int64_t at, level;
	const char *department, *matter_code, *channel, *region;
} stats_rating_t;
/* Creates (or empties) the temporary tables stats_daily_rebuilt and stats_durations_rebuilt. */
int stats_store_rebuild_begin(dbc_t *c);
/* Every case event with its case's dimensions and visit count; every first rating. */
int stats_store_scan_events(dbc_t *c, void (*fn)(const stats_event_t *e, void *ctx), void *ctx);
int stats_store_scan_ratings(dbc_t *c, void (*fn)(const stats_rating_t *r, void *ctx), void *ctx);
/* Writes each row that differs between the kept and the rebuilt tables; how many, -1 on error. */
int stats_store_rebuild_compare(dbc_t *c, FILE *out);
/* Replaces the kept counters with the rebuilt ones. */
int stats_store_rebuild_replace(dbc_t *c);
/* Drops the temporary tables. */
int stats_store_rebuild_end(dbc_t *c);

#endif
