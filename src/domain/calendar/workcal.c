/* workcal.c — region calendars from the database (see workcal.h): which
 * region's notices a region follows, the cache of built calendars, and
 * loading a year. The statements are in workcal_store.c, the JSON views in
 * workcal_read.c; the deadline registry that follows the calendars is
 * deadline.c. */
#include "domain/calendar/workcal.h"
#include "domain/calendar/workcal_store.h"
#include "domain/calendar/workcal_int.h"
#include "domain/core/audit.h"
#include "domain/core/geo.h"
#include "base/clock.h"
#include "base/log.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CACHED 512
#define MAX_DEPTH 8      /* district, city, province, national: with room to spare */
#define MAX_YEARS 64     /* years one region defines */
#define MAX_DAYS 400     /* overrides in one year */

typedef struct {
	char region[REGION_CODE_LEN];   /* the region served (its years may come from ancestors) */
	calendar_t *cal;
} cached_t;

static cached_t cache[MAX_CACHED];
static int ncache;
static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;

void workcal_invalidate(void)
{
	pthread_rwlock_wrlock(&cache_lock);
	for (int i = 0; i < ncache; i++)
		calendar_free(cache[i].cal);
	ncache = 0;
	pthread_rwlock_unlock(&cache_lock);
}

/* The nearest region, from `region` up, that has calendar years of its own;
 * NATIONAL_REGION when none has. */
void workcal_owner(dbc_t *c, const char *region, char owner[REGION_CODE_LEN])
{
	char cur[REGION_CODE_LEN];
	snprintf(cur, sizeof cur, "%s", region);
	for (int depth = 0; depth < MAX_DEPTH && cur[0]; depth++) {
		if (workcal_store_has_years(c, cur)) {
			snprintf(owner, REGION_CODE_LEN, "%s", cur);
			return;
		}
		char parent[REGION_CODE_LEN];
		geo_region_parent(c, cur, parent);
		snprintf(cur, sizeof cur, "%s", parent);
	}
	snprintf(owner, REGION_CODE_LEN, "%s", NATIONAL_REGION);
}

/* The region, from `owner` up, whose notice defines `year`; false when none does. */
bool workcal_year_region(dbc_t *c, const char *owner, int year, char out[REGION_CODE_LEN])
{
	char cur[REGION_CODE_LEN];
	snprintf(cur, sizeof cur, "%s", owner);
	for (int depth = 0; depth < MAX_DEPTH && cur[0]; depth++) {
		if (workcal_store_has_year(c, cur, year)) {
			snprintf(out, REGION_CODE_LEN, "%s", cur);
			return true;
		}
		char parent[REGION_CODE_LEN];
		geo_region_parent(c, cur, parent);
		snprintf(cur, sizeof cur, "%s", parent);
	}
	return false;
}

/* Loads every year that `region` defines itself and not already in cal. */
static void load_years_of(dbc_t *c, calendar_t *cal, const char *region)
{
	int years[MAX_YEARS];
	int ny = workcal_store_years(c, region, years, MAX_YEARS);
	for (int i = 0; i < ny; i++) {
		if (calendar_year_loaded(cal, years[i]))
			continue;
		calendar_override_t ov[MAX_DAYS];
		size_t n = workcal_store_days(c, region, years[i], ov, MAX_DAYS);
		if (calendar_load_year(cal, years[i], ov, n) != 0)
			log_error("calendar %s %d in the database is inconsistent", region, years[i]);
	}
}

/* The calendar of `owner`: its own years, and for every other year the
 * nearest ancestor's (a city that loads its own 2027 notice keeps the
 * national 2026 one). */
static calendar_t *build_cal(dbc_t *c, const char *owner)
{
	calendar_t *cal = calendar_new();
	char cur[REGION_CODE_LEN];
	snprintf(cur, sizeof cur, "%s", owner);
	for (int depth = 0; depth < MAX_DEPTH && cur[0]; depth++) {
		load_years_of(c, cal, cur);
		char parent[REGION_CODE_LEN];
		geo_region_parent(c, cur, parent);
		snprintf(cur, sizeof cur, "%s", parent);
	}
	return cal;
}

calendar_t *workcal_build(dbc_t *c, const char *region)
{
	char owner[REGION_CODE_LEN];
	workcal_owner(c, region, owner);
	return build_cal(c, owner);
}

bool workcal_year_loaded(dbc_t *c, const char *region, int year)
{
	return workcal_store_has_year(c, region, year);
}

/* Runs fn with the region's calendar under the cache's read lock. The cache
 * is keyed by region, so a hit costs no query at all; a miss checks that the
 * region exists, finds whose notices define its years and builds the
 * calendar. Loading a year empties the cache (workcal_invalidate). */
errcode_t workcal_with(dbc_t *c, const char *region, void (*fn)(const calendar_t *, void *), void *arg)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		pthread_rwlock_rdlock(&cache_lock);
		for (int i = 0; i < ncache; i++)
			if (strcmp(cache[i].region, region) == 0) {
				fn(cache[i].cal, arg);
				pthread_rwlock_unlock(&cache_lock);
				return E_OK;
			}
		pthread_rwlock_unlock(&cache_lock);
		if (!geo_region_known(c, region))
			return E_NOT_FOUND;
		char owner[REGION_CODE_LEN];
		workcal_owner(c, region, owner);
		calendar_t *cal = build_cal(c, owner);
		pthread_rwlock_wrlock(&cache_lock);
		bool present = false;
		for (int i = 0; i < ncache; i++)
			present |= strcmp(cache[i].region, region) == 0;
		if (!present && ncache < MAX_CACHED) {
			snprintf(cache[ncache].region, sizeof cache[ncache].region, "%s", region);
			cache[ncache++].cal = cal;
			cal = NULL;
		}
		pthread_rwlock_unlock(&cache_lock);
		if (cal) { /* cache full or raced: use it once */
			fn(cal, arg);
			calendar_free(cal);
			return E_OK;
		}
	}
	return E_INTERNAL;
}

struct add_arg {
	day_t from;
	int n;
	deadline_t *out;
};

static void do_add(const calendar_t *cal, void *p)
{
	struct add_arg *a = p;
	a->out->provisional = false;
	a->out->due = calendar_add_workdays(cal, a->from, a->n, &a->out->provisional);
}

errcode_t workcal_add(dbc_t *c, const char *region, day_t from, int n, deadline_t *out)
{
	struct add_arg a = {from, n, out};
	return workcal_with(c, region, do_add, &a);
}

struct between_arg {
	day_t a, b;
	int *out;
	bool *prov;
};

static void do_between(const calendar_t *cal, void *p)
{
	struct between_arg *x = p;
	*x->prov = false;
	*x->out = calendar_workdays_between(cal, x->a, x->b, x->prov);
}

errcode_t workcal_between(dbc_t *c, const char *region, day_t a, day_t b, int *out, bool *provisional)
{
	struct between_arg x = {a, b, out, provisional};
	return workcal_with(c, region, do_between, &x);
}

struct load_ctx {
	const actor_t *by;
	const char *region;
	int year;
	const char *source;
	calendar_override_t *ov;
	size_t n;
	int moved;
};

static int load_write(dbc_t *c, void *arg)
{
	struct load_ctx *x = arg;
	x->moved = 0;
	bool existed = workcal_store_has_year(c, x->region, x->year);
	const char *source = x->source ? x->source : "";
	if (workcal_store_replace_days(c, x->region, x->year, x->ov, x->n) != 0 ||
	    workcal_store_put_year(c, x->region, x->year, source, clock_now_ms(), x->by->id) != 0)
		return -1;
	char eid[REGION_CODE_LEN + 16];
	snprintf(eid, sizeof eid, "%s/%d", x->region, x->year);
	json_t *detail = json_pack("{si ss}", "days", (int)x->n, "source", source);
	int rc = audit_append(c, x->by, "calendar.load", "calendar", eid, existed ? 1 : 0, 1, detail);
	json_decref(detail);
	if (rc != 0)
		return -1;
	return deadline_recompute_provisional(c, x->by, &x->moved);
}

errcode_t workcal_load_year(store_t *st, const actor_t *by, const char *region, int year, const char *json,
			    size_t len, errs_t *errs, int *recomputed)
{
	int fyear = 0;
	struct load_ctx x = {.by = by, .region = region, .year = year};
	json_t *root = NULL;
	errcode_t e = E_VALIDATION;
	if (calendar_parse_year_json(json, len, &fyear, &x.ov, &x.n, errs) != 0)
		return E_VALIDATION;   /* nothing allocated */
	if (fyear != year) {
		errs_addi(errs, "year", "mismatch", "文件中的年份与地址中的年份 %lld 不一致",
			  "the year in the body differs from %lld in the URL", year);
		goto out;
	}
	root = json_loadb(json, len, 0, NULL);
	x.source = root ? json_string_value(json_object_get(root, "source")) : NULL;
	e = E_NOT_FOUND;
	if (!geo_region_known(store_reader(st), region))
		goto out;
	e = E_INTERNAL;
	if (store_write(st, load_write, &x) != 0)
		goto out;
	workcal_invalidate();
	if (recomputed)
		*recomputed = x.moved;
	e = E_OK;
out:
	json_decref(root);
	free(x.ov);
	return e;
}

int workcal_job_warn_missing_year(store_t *st)
{
	static day_t last_warned;
	int64_t now = clock_now_ms();
	day_t today = date_from_ms(now);
	if (today == last_warned)
		return 0;
	json_t *w = workcal_warnings(store_reader(st), now);
	int n = (int)json_array_size(w);
	if (n) {
		log_warn("%s", json_string_value(json_object_get(json_array_get(w, 0), "en")));
		last_warned = today;
	}
	json_decref(w);
	return 0;
}
