/* stats_store.h — the SQL of the statistics counters (internal to domain/stats). */
#ifndef ONESTOP_STATS_STORE_H
#define ONESTOP_STATS_STORE_H

#include <stdint.h>
#include "store/store.h"

typedef struct {
	const char *day, *department, *matter_code, *channel, *region;
} stats_key_t;

typedef struct {
	int64_t applications, acceptances, completions, completed_no_visit, completed_first_time, ratings[6];
} stats_counts_t;

/* Adds the deltas to the key's row (created at zero). 0 or -1. */
int stats_store_add(dbc_t *c, const stats_key_t *k, const stats_counts_t *d);
int stats_store_duration(dbc_t *c, const stats_key_t *k, int workdays);

typedef struct {
	const char *from, *to, *department, *matter, *channel;
} stats_filter_t;
/* Sums the counters over the filter. 0 or -1. */
int stats_store_sum(dbc_t *c, const stats_filter_t *f, stats_counts_t *out);
/* The duration histogram over the filter: hist[d] for d in 0..max. 0 or -1. */
int stats_store_hist(dbc_t *c, const stats_filter_t *f, int64_t *hist, int max);

#endif
