/* workcal.c — region calendars from the database, and deadlines that follow
 * them (see workcal.h). */
#include "domain/calendar/workcal.h"
#include "domain/core/audit.h"
#include "domain/core/message.h"
#include "base/clock.h"
#include "base/log.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CACHED 512

typedef struct {
	char region[16];  /* the region this calendar serves (its years may come from ancestors) */
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

static bool region_exists(dbc_t *c, const char *code)
{
	dbs_t *s = db_prep(c, "SELECT 1 FROM regions WHERE code = ?");
	db_bind_text(s, 1, code);
	bool r = db_step(s) == DB_ROW;
	db_reset(s);
	return r;
}

/* The nearest region, from `region` up, that has calendar years of its own;
 * NATIONAL_REGION when none has. */
static void calendar_owner(dbc_t *c, const char *region, char owner[16])
{
	char cur[16];
	snprintf(cur, sizeof cur, "%s", region);
	for (int depth = 0; depth < 8 && cur[0]; depth++) {
		dbs_t *s = db_prep(c, "SELECT 1 FROM calendar_years WHERE region = ? LIMIT 1");
		db_bind_text(s, 1, cur);
		bool has = db_step(s) == DB_ROW;
		db_reset(s);
		if (has) {
			snprintf(owner, 16, "%s", cur);
			return;
		}
		s = db_prep(c, "SELECT parent FROM regions WHERE code = ?");
		db_bind_text(s, 1, cur);
		char parent[16] = "";
		if (db_step(s) == DB_ROW && !db_col_null(s, 0))
			snprintf(parent, sizeof parent, "%s", db_col_text(s, 0));
		db_reset(s);
		snprintf(cur, sizeof cur, "%s", parent);
	}
	snprintf(owner, 16, "%s", NATIONAL_REGION);
}

static bool region_parent(dbc_t *c, const char *code, char parent[16])
{
	dbs_t *s = db_prep(c, "SELECT parent FROM regions WHERE code = ?");
	db_bind_text(s, 1, code);
	parent[0] = '\0';
	if (db_step(s) == DB_ROW && !db_col_null(s, 0))
		snprintf(parent, 16, "%s", db_col_text(s, 0));
	db_reset(s);
	return parent[0] != '\0';
}

/* The region, from `owner` up, whose notice defines `year`; false when none does. */
static bool year_region(dbc_t *c, const char *owner, int year, char out[16])
{
	char cur[16];
	snprintf(cur, sizeof cur, "%s", owner);
	for (int depth = 0; depth < 8 && cur[0]; depth++) {
		dbs_t *s = db_prep(c, "SELECT 1 FROM calendar_years WHERE region = ? AND year = ?");
		db_bind_text(s, 1, cur);
		db_bind_int(s, 2, year);
		bool has = db_step(s) == DB_ROW;
		db_reset(s);
		if (has) {
			snprintf(out, 16, "%s", cur);
			return true;
		}
		char parent[16];
		region_parent(c, cur, parent);
		snprintf(cur, sizeof cur, "%s", parent);
	}
	return false;
}

/* Loads every year that `region` defines itself and not already in cal. */
static void load_years_of(dbc_t *c, calendar_t *cal, const char *region)
{
	dbs_t *ys = db_prep(c, "SELECT year FROM calendar_years WHERE region = ? ORDER BY year");
	db_bind_text(ys, 1, region);
	int years[64], ny = 0;
	while (db_step(ys) == DB_ROW && ny < 64)
		years[ny++] = (int)db_col_int(ys, 0);
	db_reset(ys);
	for (int i = 0; i < ny; i++) {
		if (calendar_year_loaded(cal, years[i]))
			continue;
		char from[16], to[16];
		snprintf(from, sizeof from, "%04d-01-01", years[i]);
		snprintf(to, sizeof to, "%04d-12-31", years[i]);
		dbs_t *s = db_prep(c, "SELECT day, workday, name FROM calendar_days WHERE region = ? AND day >= ? AND day <= ?");
		db_bind_text(s, 1, region);
		db_bind_text(s, 2, from);
		db_bind_text(s, 3, to);
		calendar_override_t ov[400];
		size_t n = 0;
		while (db_step(s) == DB_ROW && n < 400) {
			if (!date_parse(db_col_text(s, 0), &ov[n].day))
				continue;
			ov[n].workday = db_col_int(s, 1) != 0;
			snprintf(ov[n].name, sizeof ov[n].name, "%s", db_col_text(s, 2));
			n++;
		}
		db_reset(s);
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
	char cur[16];
	snprintf(cur, sizeof cur, "%s", owner);
	for (int depth = 0; depth < 8 && cur[0]; depth++) {
		load_years_of(c, cal, cur);
		char parent[16];
		region_parent(c, cur, parent);
		snprintf(cur, sizeof cur, "%s", parent);
	}
	return cal;
}

/* Runs fn with the region's calendar under the cache's read lock. The cache
 * is keyed by region, so a hit costs no query at all; a miss checks that the
 * region exists, finds whose notices define its years and builds the
 * calendar. Loading a year empties the cache (workcal_invalidate). */
static errcode_t with_cal(dbc_t *c, const char *region, void (*fn)(const calendar_t *, void *), void *arg)
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
		if (!region_exists(c, region))
			return E_NOT_FOUND;
		char owner[16];
		calendar_owner(c, region, owner);
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
	return with_cal(c, region, do_add, &a);
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
	return with_cal(c, region, do_between, &x);
}

struct year_arg {
	int year;
	json_t *o;
};

static void do_year(const calendar_t *cal, void *p)
{
	struct year_arg *y = p;
	bool loaded = calendar_year_loaded(cal, y->year);
	json_t *off = json_array(), *work = json_array();
	day_t first = date_from_ymd(y->year, 1, 1), last = date_from_ymd(y->year, 12, 31);
	int count = 0;
	for (day_t d = first; d <= last; d++) {
		bool prov;
		bool w = calendar_is_workday(cal, d, &prov);
		int wd = date_weekday(d);
		char s[DATE_STR_LEN];
		date_format(d, s);
		if (w)
			count++;
		if (!w && wd <= 5)
			json_array_append_new(off, json_string(s));
		else if (w && wd >= 6)
			json_array_append_new(work, json_string(s));
	}
	json_object_set_new(y->o, "loaded", json_boolean(loaded));
	json_object_set_new(y->o, "provisional", json_boolean(!loaded));
	json_object_set_new(y->o, "holidays", off);
	json_object_set_new(y->o, "workdays", work);
	json_object_set_new(y->o, "working_days", json_integer(count));
	json_object_set_new(y->o, "last_loaded_year", json_integer(calendar_last_loaded_year(cal)));
}

errcode_t workcal_year_json(dbc_t *c, const char *region, int year, json_t **out)
{
	char owner[16];
	if (!region_exists(c, region))
		return E_NOT_FOUND;
	calendar_owner(c, region, owner);
	struct year_arg y = {year, json_pack("{ss si ss}", "region", region, "year", year, "calendar_of", owner)};
	errcode_t e = with_cal(c, region, do_year, &y);
	if (e != E_OK) {
		json_decref(y.o);
		return e;
	}
	char src_region[16];
	if (year_region(c, owner, year, src_region))
		json_object_set_new(y.o, "calendar_of", json_string(src_region));
	else
		snprintf(src_region, sizeof src_region, "%s", owner);
	dbs_t *s = db_prep(c, "SELECT source, loaded_at FROM calendar_years WHERE region = ? AND year = ?");
	db_bind_text(s, 1, src_region);
	db_bind_int(s, 2, year);
	if (db_step(s) == DB_ROW) {
		char ts[32];
		clock_format_iso(db_col_int(s, 1), ts);
		json_object_set_new(y.o, "source", json_string(db_col_text(s, 0)));
		json_object_set_new(y.o, "loaded_at", json_string(ts));
	}
	db_reset(s);
	if (!json_is_true(json_object_get(y.o, "loaded")))
		json_object_set_new(y.o, "notice", json_pack("{ss ss}", "zh",
			"该年度节假日安排尚未录入：按周末推算的期限为临时期限，录入后将自动重算。", "en",
			"This year's holiday notice is not loaded: deadlines in it count weekends only, are provisional, and are recomputed when it is loaded."));
	*out = y.o;
	return E_OK;
}

static int deadline_write_row(dbc_t *c, const char *entity, const char *entity_id, const char *purpose,
			      const char *region, day_t start, int workdays, const char *owner_account, const deadline_t *d)
{
	char sd[DATE_STR_LEN], dd[DATE_STR_LEN];
	date_format(start, sd);
	date_format(d->due, dd);
	dbs_t *s = db_prep(c, "INSERT INTO deadlines (entity, entity_id, purpose, region, start_day, workdays, due_day, "
			      "provisional, owner_account) VALUES (?,?,?,?,?,?,?,?,?) "
			      "ON CONFLICT (entity, entity_id, purpose) DO UPDATE SET region = excluded.region, "
			      "start_day = excluded.start_day, workdays = excluded.workdays, due_day = excluded.due_day, "
			      "provisional = excluded.provisional, version = deadlines.version + 1");
	if (!s)
		return -1;
	db_bind_text(s, 1, entity);
	db_bind_text(s, 2, entity_id);
	db_bind_text(s, 3, purpose);
	db_bind_text(s, 4, region);
	db_bind_text(s, 5, sd);
	db_bind_int(s, 6, workdays);
	db_bind_text(s, 7, dd);
	db_bind_int(s, 8, d->provisional);
	db_bind_text(s, 9, owner_account);
	int rc = db_step(s);
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

/* Uses the cached calendars: inside ordinary writes the calendar does not
 * change (loading a year recomputes with a fresh one, see below). */
int deadline_set(dbc_t *c, const char *entity, const char *entity_id, const char *purpose, const char *region,
		 day_t start, int workdays, const char *owner_account, deadline_t *out)
{
	if (workcal_add(c, region, start, workdays, out) != E_OK)
		return -1;
	return deadline_write_row(c, entity, entity_id, purpose, region, start, workdays, owner_account, out);
}

/* The same with a calendar built from the transaction's own view (the year
 * being loaded is not in the cache yet). */
static int deadline_set_fresh(dbc_t *c, const char *entity, const char *entity_id, const char *purpose,
			      const char *region, day_t start, int workdays, const char *owner_account, deadline_t *out)
{
	char owner[16];
	calendar_owner(c, region, owner);
	calendar_t *cal = build_cal(c, owner);
	out->provisional = false;
	out->due = calendar_add_workdays(cal, start, workdays, &out->provisional);
	calendar_free(cal);
	return deadline_write_row(c, entity, entity_id, purpose, region, start, workdays, owner_account, out);
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

typedef struct {
	int64_t id;
	char entity[32], entity_id[64], purpose[32], region[16], start[16], due[16], owner[40];
	int workdays;
	int64_t version;
} dl_row_t;

static int recompute_provisional(dbc_t *c, const actor_t *by, int *moved)
{
	dbs_t *s = db_prep(c, "SELECT id, entity, entity_id, purpose, region, start_day, workdays, due_day, "
			      "COALESCE(owner_account, ''), version FROM deadlines WHERE provisional = 1");
	size_t cap = 16, n = 0;
	dl_row_t *rows = malloc(cap * sizeof *rows);
	while (db_step(s) == DB_ROW) {
		if (n == cap) {
			cap *= 2;
			rows = realloc(rows, cap * sizeof *rows);
		}
		dl_row_t *r = &rows[n++];
		r->id = db_col_int(s, 0);
		snprintf(r->entity, sizeof r->entity, "%s", db_col_text(s, 1));
		snprintf(r->entity_id, sizeof r->entity_id, "%s", db_col_text(s, 2));
		snprintf(r->purpose, sizeof r->purpose, "%s", db_col_text(s, 3));
		snprintf(r->region, sizeof r->region, "%s", db_col_text(s, 4));
		snprintf(r->start, sizeof r->start, "%s", db_col_text(s, 5));
		r->workdays = (int)db_col_int(s, 6);
		snprintf(r->due, sizeof r->due, "%s", db_col_text(s, 7));
		snprintf(r->owner, sizeof r->owner, "%s", db_col_text(s, 8));
		r->version = db_col_int(s, 9);
	}
	db_reset(s);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		dl_row_t *r = &rows[i];
		day_t start;
		if (!date_parse(r->start, &start))
			continue;
		deadline_t d;
		if (deadline_set_fresh(c, r->entity, r->entity_id, r->purpose, r->region, start, r->workdays,
				       r->owner[0] ? r->owner : NULL, &d) != 0) {
			rc = -1;
			break;
		}
		char nd[DATE_STR_LEN];
		date_format(d.due, nd);
		bool changed = strcmp(nd, r->due) != 0;
		json_t *detail = json_pack("{ss ss ss sb ss}", "purpose", r->purpose, "from", r->due, "to", nd,
					   "provisional", d.provisional, "reason", "calendar.load");
		rc = audit_append(c, by, "deadline.recompute", r->entity, r->entity_id, r->version, r->version + 1, detail);
		json_decref(detail);
		if (rc == 0 && changed && r->owner[0]) {
			char zh[512], en[512];
			snprintf(zh, sizeof zh, "因 %.4s 年节假日安排发布，您的办理期限由 %s 调整为 %s。", nd, r->due, nd);
			snprintf(en, sizeof en, "The %.4s holiday notice was published: your deadline moved from %s to %s.", nd, r->due, nd);
			rc = message_add(c, r->owner, "deadline_moved", "办理期限已调整", "Deadline changed", zh, en, r->entity,
					 r->entity_id);
		}
		if (rc == 0 && !strcmp(r->entity, "case") && !strcmp(r->purpose, "decision")) {
			/* the case keeps a copy of its decision deadline for sorting the queue */
			dbs_t *u = db_prep(c, "UPDATE cases SET due_day = ?, provisional = ? WHERE id = ?");
			db_bind_text(u, 1, nd);
			db_bind_int(u, 2, d.provisional);
			db_bind_text(u, 3, r->entity_id);
			rc = db_step(u) == DB_DONE ? 0 : -1;
			db_reset(u);
		}
		if (changed)
			(*moved)++;
	}
	free(rows);
	return rc;
}

static int load_write(dbc_t *c, void *arg)
{
	struct load_ctx *x = arg;
	x->moved = 0;
	char from[16], to[16];
	snprintf(from, sizeof from, "%04d-01-01", x->year);
	snprintf(to, sizeof to, "%04d-12-31", x->year);
	dbs_t *s = db_prep(c, "SELECT 1 FROM calendar_years WHERE region = ? AND year = ?");
	db_bind_text(s, 1, x->region);
	db_bind_int(s, 2, x->year);
	bool existed = db_step(s) == DB_ROW;
	db_reset(s);
	s = db_prep(c, "DELETE FROM calendar_days WHERE region = ? AND day >= ? AND day <= ?");
	db_bind_text(s, 1, x->region);
	db_bind_text(s, 2, from);
	db_bind_text(s, 3, to);
	if (db_step(s) != DB_DONE) {
		db_reset(s);
		return -1;
	}
	db_reset(s);
	for (size_t i = 0; i < x->n; i++) {
		char d[DATE_STR_LEN];
		date_format(x->ov[i].day, d);
		s = db_prep(c, "INSERT INTO calendar_days (region, day, workday, name) VALUES (?,?,?,?)");
		db_bind_text(s, 1, x->region);
		db_bind_text(s, 2, d);
		db_bind_int(s, 3, x->ov[i].workday);
		db_bind_text(s, 4, x->ov[i].name);
		int rc = db_step(s);
		db_reset(s);
		if (rc != DB_DONE)
			return -1;
	}
	s = db_prep(c, "INSERT INTO calendar_years (region, year, source, loaded_at, loaded_by) VALUES (?,?,?,?,?) "
		       "ON CONFLICT (region, year) DO UPDATE SET source = excluded.source, loaded_at = excluded.loaded_at, "
		       "loaded_by = excluded.loaded_by");
	db_bind_text(s, 1, x->region);
	db_bind_int(s, 2, x->year);
	db_bind_text(s, 3, x->source ? x->source : "");
	db_bind_int(s, 4, clock_now_ms());
	db_bind_text(s, 5, x->by->id);
	int rc = db_step(s);
	db_reset(s);
	if (rc != DB_DONE)
		return -1;
	char eid[32];
	snprintf(eid, sizeof eid, "%s/%d", x->region, x->year);
	json_t *detail = json_pack("{si ss}", "days", (int)x->n, "source", x->source ? x->source : "");
	rc = audit_append(c, x->by, "calendar.load", "calendar", eid, existed ? 1 : 0, 1, detail);
	json_decref(detail);
	if (rc != 0)
		return -1;
	return recompute_provisional(c, x->by, &x->moved);
}

errcode_t workcal_load_year(store_t *st, const actor_t *by, const char *region, int year, const char *json,
			    size_t len, errs_t *errs, int *recomputed)
{
	int fyear = 0;
	struct load_ctx x = {.by = by, .region = region, .year = year};
	if (calendar_parse_year_json(json, len, &fyear, &x.ov, &x.n, errs) != 0)
		return E_VALIDATION;
	if (fyear != year) {
		errs_addi(errs, "year", "mismatch", "文件中的年份与地址中的年份 %lld 不一致", "the year in the body differs from %lld in the URL", year);
		free(x.ov);
		return E_VALIDATION;
	}
	json_t *root = json_loadb(json, len, 0, NULL);
	x.source = root ? json_string_value(json_object_get(root, "source")) : NULL;
	if (!region_exists(store_reader(st), region)) {
		json_decref(root);
		free(x.ov);
		return E_NOT_FOUND;
	}
	int r = store_write(st, load_write, &x);
	json_decref(root);
	free(x.ov);
	if (r != 0)
		return E_INTERNAL;
	workcal_invalidate();
	if (recomputed)
		*recomputed = x.moved;
	return E_OK;
}

json_t *workcal_warnings(dbc_t *c, int64_t now_ms)
{
	json_t *arr = json_array();
	int y, m, d;
	date_to_ymd(date_from_ms(now_ms), &y, &m, &d);
	if (m < 10)
		return arr;
	dbs_t *s = db_prep(c, "SELECT 1 FROM calendar_years WHERE region = ? AND year = ?");
	db_bind_text(s, 1, NATIONAL_REGION);
	db_bind_int(s, 2, y + 1);
	bool has = db_step(s) == DB_ROW;
	db_reset(s);
	if (!has) {
		char zh[256], en[256];
		snprintf(zh, sizeof zh, "%d 年节假日安排尚未录入。跨年期限暂按周末推算（临时），请在国务院通知发布后录入。", y + 1);
		snprintf(en, sizeof en, "The %d holiday notice is not loaded. Deadlines into %d count weekends only (provisional); load it when the State Council publishes it.", y + 1, y + 1);
		json_array_append_new(arr, json_pack("{ss si ss ss}", "code", "calendar_year_missing", "year", y + 1, "zh", zh, "en", en));
	}
	return arr;
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
