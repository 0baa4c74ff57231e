/* stats_store.c — every SQL statement of the statistics (see stats_store.h). */
#include "domain/stats/stats_store.h"
#include "base/date.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An upsert adding the counters to the row of KEYS (QS: one "?," per key column). */
#define ADD_SQL(T, KEYS, QS)                                                                                 \
	"INSERT INTO " T " (" KEYS ", applications, acceptances, completions, completed_no_visit, "          \
	"completed_first_time, ratings_1, ratings_2, ratings_3, ratings_4, ratings_5) VALUES (" QS           \
	"?,?,?,?,?,?,?,?,?,?) ON CONFLICT (" KEYS ") DO UPDATE SET "                                         \
	"applications = " T ".applications + excluded.applications, "                                        \
	"acceptances = " T ".acceptances + excluded.acceptances, "                                           \
	"completions = " T ".completions + excluded.completions, "                                           \
	"completed_no_visit = " T ".completed_no_visit + excluded.completed_no_visit, "                      \
	"completed_first_time = " T ".completed_first_time + excluded.completed_first_time, "                \
	"ratings_1 = " T ".ratings_1 + excluded.ratings_1, "                                                 \
	"ratings_2 = " T ".ratings_2 + excluded.ratings_2, "                                                 \
	"ratings_3 = " T ".ratings_3 + excluded.ratings_3, "                                                 \
	"ratings_4 = " T ".ratings_4 + excluded.ratings_4, "                                                 \
	"ratings_5 = " T ".ratings_5 + excluded.ratings_5"
#define FULL_KEYS(K) K ", department, matter_code, channel, region"
#define FLAT_KEYS(K) K ", department, channel"

#define DUR_SQL(T, KEYS, QS)                                                                                 \
	"INSERT INTO " T " (" KEYS ", workdays, n) VALUES (" QS "?,?) ON CONFLICT (" KEYS ", workdays) "     \
	"DO UPDATE SET n = " T ".n + excluded.n"

/* The kept tables, and the rebuilt ones of stats_rebuild (temporary, same shape); per day and
 * (the roll-up, [..][1]) per month; by every dimension, and flat (department × channel only). */
static const char *const ADD[2][2] = {
    {ADD_SQL("stats_daily", FULL_KEYS("day"), "?,?,?,?,?,"),
     ADD_SQL("stats_monthly", FULL_KEYS("month"), "?,?,?,?,?,")},
    {ADD_SQL("stats_daily_rebuilt", FULL_KEYS("day"), "?,?,?,?,?,"),
     ADD_SQL("stats_monthly_rebuilt", FULL_KEYS("month"), "?,?,?,?,?,")}};
static const char *const DUR[2][2] = {
    {DUR_SQL("stats_durations", FULL_KEYS("day"), "?,?,?,?,?,"),
     DUR_SQL("stats_durations_monthly", FULL_KEYS("month"), "?,?,?,?,?,")},
    {DUR_SQL("stats_durations_rebuilt", FULL_KEYS("day"), "?,?,?,?,?,"),
     DUR_SQL("stats_durations_monthly_rebuilt", FULL_KEYS("month"), "?,?,?,?,?,")}};
static const char *const FLAT_ADD[2][2] = {
    {ADD_SQL("stats_flat_daily", FLAT_KEYS("day"), "?,?,?,"),
     ADD_SQL("stats_flat_monthly", FLAT_KEYS("month"), "?,?,?,")},
    {ADD_SQL("stats_flat_daily_rebuilt", FLAT_KEYS("day"), "?,?,?,"),
     ADD_SQL("stats_flat_monthly_rebuilt", FLAT_KEYS("month"), "?,?,?,")}};
static const char *const FLAT_DUR[2][2] = {
    {DUR_SQL("stats_flat_durations", FLAT_KEYS("day"), "?,?,?,"),
     DUR_SQL("stats_flat_durations_monthly", FLAT_KEYS("month"), "?,?,?,")},
    {DUR_SQL("stats_flat_durations_rebuilt", FLAT_KEYS("day"), "?,?,?,"),
     DUR_SQL("stats_flat_durations_monthly_rebuilt", FLAT_KEYS("month"), "?,?,?,")}};

/* The flat roll-ups' "every department" and "every channel" (migration 0053). */
#define ALL "*"
/* Level l of the four flat keys of a change: (department, channel), (department, *), (*, channel), (*, *). */
#define LEVEL_DEPT(k, l) ((l) & 2 ? ALL : (k)->department)
#define LEVEL_CHANNEL(k, l) ((l) & 1 ? ALL : (k)->channel)

/* The kept tables' additions wait for the commit, summed per key over the writer's batch
 * (db_add_counts); stats_rebuild's tables, which it reads back in the same transaction, do not. */
static int add(dbc_t *c, bool rebuilt, const char *sql, const db_val_t *keys, int nkeys, const int64_t *d,
	       int nd)
{
	return db_add_counts(c, !rebuilt, sql, keys, nkeys, d, nd);
}

int stats_store_add_to(dbc_t *c, bool rebuilt, const stats_key_t *k, const stats_counts_t *d)
{
	char month[8];
	snprintf(month, sizeof month, "%.7s", k->day);
	const int64_t v[10] = {d->applications,	      d->acceptances, d->completions, d->completed_no_visit,
			       d->completed_first_time, d->ratings[1],  d->ratings[2], d->ratings[3],
			       d->ratings[4],	      d->ratings[5]};
	for (int m = 0; m < 2; m++) {
		const char *period = m ? month : k->day;
		db_val_t full[] = {db_v_text(period), db_v_text(k->department), db_v_text(k->matter_code),
				   db_v_text(k->channel), db_v_text(k->region)};
		int rc = add(c, rebuilt, ADD[rebuilt][m], full, 5, v, 10);
		for (int l = 0; l < 4 && rc == 0; l++) {
			db_val_t flat[] = {db_v_text(period), db_v_text(LEVEL_DEPT(k, l)),
					   db_v_text(LEVEL_CHANNEL(k, l))};
			rc = add(c, rebuilt, FLAT_ADD[rebuilt][m], flat, 3, v, 10);
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

int stats_store_duration_to(dbc_t *c, bool rebuilt, const stats_key_t *k, int workdays)
{
	char month[8];
	snprintf(month, sizeof month, "%.7s", k->day);
	const int64_t one[1] = {1};
	for (int m = 0; m < 2; m++) {
		const char *period = m ? month : k->day;
		db_val_t full[] = {db_v_text(period), db_v_text(k->department), db_v_text(k->matter_code),
				   db_v_text(k->channel),	db_v_text(k->region),	  db_v_int(workdays)};
		int rc = add(c, rebuilt, DUR[rebuilt][m], full, 6, one, 1);
		for (int l = 0; l < 4 && rc == 0; l++) {
			db_val_t flat[] = {db_v_text(period), db_v_text(LEVEL_DEPT(k, l)),
					   db_v_text(LEVEL_CHANNEL(k, l)), db_v_int(workdays)};
			rc = add(c, rebuilt, FLAT_DUR[rebuilt][m], flat, 4, one, 1);
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

int stats_store_add(dbc_t *c, const stats_key_t *k, const stats_counts_t *d)
{
	return stats_store_add_to(c, false, k, d);
}

int stats_store_duration(dbc_t *c, const stats_key_t *k, int workdays)
{
	return stats_store_duration_to(c, false, k, workdays);
}

#define DEMAND_SQL(T)                                                                                        \
	"INSERT INTO " T " (day, hour, weekday, department, matter_code, channel, applications, bookings, "  \
	"refused) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (day, hour, department, matter_code, channel) "     \
	"DO UPDATE SET applications = " T ".applications + excluded.applications, bookings = " T             \
	".bookings + excluded.bookings, refused = " T ".refused + excluded.refused"
static const char *const DEMAND[2] = {DEMAND_SQL("stats_demand"), DEMAND_SQL("stats_demand_rebuilt")};

/* The demand heat map's flat roll-ups (migration 0054): per day or month × weekday × hour × department
 * (or every department, '*') × channel, no matter. */
#define FLAT_DEMAND_SQL(T, K)                                                                                \
	"INSERT INTO " T " (" K ", weekday, hour, department, channel, applications, bookings, refused) "    \
	"VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (department, " K ", weekday, hour, channel) "                  \
	"DO UPDATE SET applications = " T ".applications + excluded.applications, bookings = " T             \
	".bookings + excluded.bookings, refused = " T ".refused + excluded.refused"
static const char *const FLAT_DEMAND[2][2] = {
    {FLAT_DEMAND_SQL("stats_flat_demand", "day"), FLAT_DEMAND_SQL("stats_flat_demand_monthly", "month")},
    {FLAT_DEMAND_SQL("stats_flat_demand_rebuilt", "day"),
     FLAT_DEMAND_SQL("stats_flat_demand_monthly_rebuilt", "month")}};

int stats_store_demand_to(dbc_t *c, bool rebuilt, const stats_demand_key_t *k, int64_t applications,
			  int64_t bookings, int64_t refused)
{
	const int64_t v[3] = {applications, bookings, refused};
	db_val_t keys[] = {db_v_text(k->day),	      db_v_int(k->hour),	   db_v_int(k->weekday),
			   db_v_text(k->department), db_v_text(k->matter_code), db_v_text(k->channel)};
	int rc = add(c, rebuilt, DEMAND[rebuilt], keys, 6, v, 3);
	char month[8];
	snprintf(month, sizeof month, "%.7s", k->day);
	for (int m = 0; m < 2; m++)
		for (int l = 0; l < 2 && rc == 0; l++) {
			db_val_t flat[] = {db_v_text(m ? month : k->day), db_v_int(k->weekday),
					   db_v_int(k->hour), db_v_text(l ? ALL : k->department),
					   db_v_text(k->channel)};
			rc = add(c, rebuilt, FLAT_DEMAND[rebuilt][m], flat, 5, v, 3);
		}
	return rc;
}

#define FILTER                                                                                               \
	" WHERE day >= ? AND day <= ? AND (CAST(? AS TEXT) IS NULL OR department = ?) AND "                  \
	"(CAST(? AS TEXT) IS NULL OR matter_code = ?) AND (CAST(? AS TEXT) IS NULL OR channel = ?)"

/* A range as the tables hold it: the whole months in it from the month table, the days at its
 * edges (before the first whole month, after the last) from the day table. */
typedef struct {
	int n;
	struct {
		bool months;
		char from[DATE_STR_LEN], to[DATE_STR_LEN]; /* YYYY-MM-DD, or YYYY-MM for months */
	} part[3];
} plan_t;

static day_t first_of(day_t d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return date_from_ymd(y, m, 1);
}

static day_t first_of_next(day_t d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return m == 12 ? date_from_ymd(y + 1, 1, 1) : date_from_ymd(y, m + 1, 1);
}

static void add_part(plan_t *p, bool months, day_t a, day_t b)
{
	p->part[p->n].months = months;
	date_format(a, p->part[p->n].from);
	date_format(b, p->part[p->n].to);
	if (months) {
		p->part[p->n].from[7] = 0;
		p->part[p->n].to[7] = 0;
	}
	p->n++;
}

static bool plan_range(const stats_filter_t *f, plan_t *p)
{
	day_t a, b;
	p->n = 0;
	if (!date_parse(f->from, &a) || !date_parse(f->to, &b) || b < a)
		return false;
	day_t ms = first_of(a) == a ? a : first_of_next(a);         /* the first whole month's first day */
	day_t me = first_of_next(b) - 1 == b ? b : first_of(b) - 1; /* the last whole month's last day */
	if (ms > me) {
		add_part(p, false, a, b);
		return true;
	}
	if (a < ms)
		add_part(p, false, a, ms - 1);
	add_part(p, true, ms, me);
	if (me < b)
		add_part(p, false, me + 1, b);
	return true;
}

#define MFILTER                                                                                              \
	" WHERE month >= ? AND month <= ? AND (CAST(? AS TEXT) IS NULL OR department = ?) AND "              \
	"(CAST(? AS TEXT) IS NULL OR matter_code = ?) AND (CAST(? AS TEXT) IS NULL OR channel = ?)"
#define SUM_COLS                                                                                             \
	"SELECT COALESCE(SUM(applications), 0), COALESCE(SUM(acceptances), 0), "                             \
	"COALESCE(SUM(completions), 0), COALESCE(SUM(completed_no_visit), 0), "                              \
	"COALESCE(SUM(completed_first_time), 0), COALESCE(SUM(ratings_1), 0), "                              \
	"COALESCE(SUM(ratings_2), 0), COALESCE(SUM(ratings_3), 0), COALESCE(SUM(ratings_4), 0), "            \
	"COALESCE(SUM(ratings_5), 0)"

/* The statement of one part of a plan, bound: the day table's or the month table's. */
static dbs_t *prep_part(dbc_t *c, const char *day_sql, const char *month_sql, const stats_filter_t *f,
			const plan_t *p, int i)
{
	dbs_t *s = db_prep(c, p->part[i].months ? month_sql : day_sql);
	db_bind(s, p->part[i].from, p->part[i].to, f->department, f->department, f->matter, f->matter,
		f->channel, f->channel);
	return s;
}

/* The SQL of a read of the counters. Without a matter filter: one key of the flat roll-ups
 * (department or every department, channel or every channel), the rows of the range found by the
 * primary key. With one: the matter's rows of the tables by every dimension, found by its index. */
typedef struct {
	const char *flat_day, *flat_month, *matter_day, *matter_month;
} reads_t;
#define FLAT_WHERE(K) " WHERE department = ? AND channel = ? AND " K " >= ? AND " K " <= ?"
#define MATTER_WHERE(K)                                                                                      \
	" WHERE matter_code = ? AND " K " >= ? AND " K " <= ? AND (CAST(? AS TEXT) IS NULL OR "             \
	"department = ?) AND (CAST(? AS TEXT) IS NULL OR channel = ?)"
#define READS(SELECT, FLAT_D, FLAT_M, FULL_D, FULL_M, TAIL)                                                  \
	{SELECT " FROM " FLAT_D FLAT_WHERE("day") TAIL, SELECT " FROM " FLAT_M FLAT_WHERE("month") TAIL,     \
	 SELECT " FROM " FULL_D MATTER_WHERE("day") TAIL, SELECT " FROM " FULL_M MATTER_WHERE("month") TAIL}

static const reads_t SUM_READS =
    READS(SUM_COLS, "stats_flat_daily", "stats_flat_monthly", "stats_daily", "stats_monthly", "");
static const reads_t HIST_READS =
    READS("SELECT workdays, SUM(n)", "stats_flat_durations", "stats_flat_durations_monthly",
	  "stats_durations", "stats_durations_monthly", " GROUP BY workdays");
static const reads_t DAY_READS =
    READS("SELECT day, SUM(applications), SUM(completions)", "stats_flat_daily", "stats_flat_monthly",
	  "stats_daily", "stats_monthly",
	  " GROUP BY day HAVING SUM(applications) > 0 OR SUM(completions) > 0 ORDER BY day");

/* The statement of one read of [from, to] (days, or months when `months`), bound. */
static dbs_t *prep_read(dbc_t *c, const reads_t *r, const stats_filter_t *f, bool months, const char *from,
			const char *to)
{
	dbs_t *s;
	if (f->matter) {
		s = db_prep(c, months ? r->matter_month : r->matter_day);
		db_bind(s, f->matter, from, to, f->department, f->department, f->channel, f->channel);
	} else {
		s = db_prep(c, months ? r->flat_month : r->flat_day);
		db_bind(s, f->department ? f->department : ALL, f->channel ? f->channel : ALL, from, to);
	}
	return s;
}

int stats_store_sum(dbc_t *c, const stats_filter_t *f, stats_counts_t *out)
{
	plan_t p;
	if (!plan_range(f, &p))
		return -1;
	*out = (stats_counts_t){0};
	for (int i = 0; i < p.n; i++) {
		dbs_t *s = prep_read(c, &SUM_READS, f, p.part[i].months, p.part[i].from, p.part[i].to);
		int rc = db_step(s);
		if (rc == DB_ROW) {
			out->applications += db_col_int(s, 0);
			out->acceptances += db_col_int(s, 1);
			out->completions += db_col_int(s, 2);
			out->completed_no_visit += db_col_int(s, 3);
			out->completed_first_time += db_col_int(s, 4);
			for (int k = 1; k <= 5; k++)
				out->ratings[k] += db_col_int(s, 4 + k);
		}
		db_reset(s);
		if (rc != DB_ROW)
			return -1;
	}
	return 0;
}

int stats_store_hist(dbc_t *c, const stats_filter_t *f, int64_t *hist, int max)
{
	plan_t p;
	if (!plan_range(f, &p))
		return -1;
	for (int i = 0; i < p.n; i++) {
		dbs_t *s = prep_read(c, &HIST_READS, f, p.part[i].months, p.part[i].from, p.part[i].to);
		int rc;
		while ((rc = db_step(s)) == DB_ROW) {
			int64_t d = db_col_int(s, 0);
			if (d >= 0 && d <= max)
				hist[d] += db_col_int(s, 1);
		}
		db_reset(s);
		if (rc != DB_DONE)
			return -1;
	}
	return 0;
}

int stats_store_by_day(dbc_t *c, const stats_filter_t *f, stats_day_fn fn, void *ctx)
{
	dbs_t *s = prep_read(c, &DAY_READS, f, false, f->from, f->to);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		char day[16];
		db_col_str(s, 0, day, sizeof day);
		fn(day, db_col_int(s, 1), db_col_int(s, 2), ctx);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

#define HIST_MATTERS "SELECT matter_code, workdays, SUM(n) FROM "
#define BY_MATTER " GROUP BY matter_code, workdays ORDER BY matter_code, workdays"
#define DEPT_WHERE(K)                                                                                        \
	" WHERE department = ? AND " K " >= ? AND " K " <= ? AND (CAST(? AS TEXT) IS NULL OR "              \
	"matter_code = ?) AND (CAST(? AS TEXT) IS NULL OR channel = ?)"

int stats_store_hist_matters(dbc_t *c, const stats_filter_t *f, stats_matter_fn fn, void *ctx)
{
	plan_t p;
	if (!plan_range(f, &p))
		return -1;
	for (int i = 0; i < p.n; i++) {
		dbs_t *s;
		if (f->department) { /* the department's rows, through the index on the department */
			static const char *const SQL[2] = {
			    HIST_MATTERS "stats_durations" DEPT_WHERE("day") BY_MATTER,
			    HIST_MATTERS "stats_durations_monthly" DEPT_WHERE("month") BY_MATTER};
			s = db_prep(c, SQL[p.part[i].months]);
			const char *from = p.part[i].from, *to = p.part[i].to;
			db_bind(s, f->department, from, to, f->matter, f->matter, f->channel, f->channel);
		} else {
			s = prep_part(c, HIST_MATTERS "stats_durations" FILTER BY_MATTER,
				      HIST_MATTERS "stats_durations_monthly" MFILTER BY_MATTER, f, &p, i);
		}
		int rc;
		while ((rc = db_step(s)) == DB_ROW) {
			char code[32];
			db_col_str(s, 0, code, sizeof code);
			fn(code, (int)db_col_int(s, 1), db_col_int(s, 2), ctx);
		}
		db_reset(s);
		if (rc != DB_DONE)
			return -1;
	}
	return 0;
}

/* The demand cells of a view, merged over the parts of its range: [weekday 1..7][hour][channel]. */
#define DEMAND_CHANNELS 8
typedef struct {
	char channel[DEMAND_CHANNELS][16];
	int nchannels;
	int64_t v[7][24][DEMAND_CHANNELS][3];
	bool any[7][24][DEMAND_CHANNELS];
} demand_acc_t;

static int channel_slot(demand_acc_t *a, const char *ch)
{
	for (int i = 0; i < a->nchannels; i++)
		if (!strcmp(a->channel[i], ch))
			return i;
	if (a->nchannels == DEMAND_CHANNELS)
		return -1;
	snprintf(a->channel[a->nchannels], sizeof a->channel[0], "%s", ch);
	return a->nchannels++;
}

#define DEMAND_COLS "SELECT weekday, hour, channel, SUM(applications), SUM(bookings), SUM(refused) FROM "
#define DEMAND_FLAT(K)                                                                                       \
	" WHERE department = ? AND " K " >= ? AND " K " <= ? AND (CAST(? AS TEXT) IS NULL OR channel = ?) "  \
	"GROUP BY weekday, hour, channel"
#define DEMAND_MATTER                                                                                        \
	" WHERE matter_code = ? AND day >= ? AND day <= ? AND (CAST(? AS TEXT) IS NULL OR department = ?) "  \
	"AND (CAST(? AS TEXT) IS NULL OR channel = ?) GROUP BY weekday, hour, channel"

static int demand_part(dbc_t *c, const stats_filter_t *f, bool months, const char *from, const char *to,
		       demand_acc_t *a)
{
	dbs_t *s;
	if (f->matter) { /* the matter's cells through its index, by day */
		s = db_prep(c, DEMAND_COLS "stats_demand" DEMAND_MATTER);
		db_bind(s, f->matter, from, to, f->department, f->department, f->channel, f->channel);
	} else {
		s = db_prep(c, months ? DEMAND_COLS "stats_flat_demand_monthly" DEMAND_FLAT("month")
				      : DEMAND_COLS "stats_flat_demand" DEMAND_FLAT("day"));
		db_bind(s, f->department ? f->department : ALL, from, to, f->channel, f->channel);
	}
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		int64_t w = db_col_int(s, 0), h = db_col_int(s, 1);
		int k = channel_slot(a, db_col_text(s, 2) ? db_col_text(s, 2) : "");
		if (w < 1 || w > 7 || h < 0 || h > 23 || k < 0) {
			rc = DB_ERR;
			break;
		}
		for (int i = 0; i < 3; i++)
			a->v[w - 1][h][k][i] += db_col_int(s, 3 + i);
		a->any[w - 1][h][k] = true;
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

int stats_store_demand(dbc_t *c, const stats_filter_t *f, stats_cell_fn fn, void *ctx)
{
	plan_t p;
	demand_acc_t *a = calloc(1, sizeof *a);
	if (!a)
		return -1;
	int rc = 0;
	if (f->matter) {
		rc = demand_part(c, f, false, f->from, f->to, a);
	} else if (plan_range(f, &p)) {
		for (int i = 0; i < p.n && rc == 0; i++)
			rc = demand_part(c, f, p.part[i].months, p.part[i].from, p.part[i].to, a);
	} else {
		rc = -1;
	}
	int order[DEMAND_CHANNELS]; /* the channels by name, as ORDER BY channel would have them */
	for (int i = 0; i < a->nchannels; i++) {
		int j = i;
		for (; j > 0 && strcmp(a->channel[order[j - 1]], a->channel[i]) > 0; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	for (int w = 0; w < 7 && rc == 0; w++)
		for (int h = 0; h < 24; h++)
			for (int i = 0; i < a->nchannels; i++) {
				int k = order[i];
				if (a->any[w][h][k])
					fn(w + 1, h, a->channel[k], a->v[w][h][k][0], a->v[w][h][k][1],
					   a->v[w][h][k][2], ctx);
			}
	free(a);
	return rc;
}

static int scan_demand(dbc_t *c, const char *sql, bool refusals, stats_demand_row_fn fn, void *ctx)
{
	dbs_t *s = db_prep(c, sql);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		stats_demand_key_t k = {db_col_text(s, 0), (int)db_col_int(s, 1), (int)db_col_int(s, 2),
					db_col_text(s, 3), db_col_text(s, 4),     db_col_text(s, 5)};
		int64_t n = db_col_int(s, 6);
		fn(&k, refusals ? 0 : n, refusals ? n : 0, ctx);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

int stats_store_scan_demand(dbc_t *c, stats_demand_row_fn fn, void *ctx)
{
	/* a booking's hour is its slot's starting hour ("HH:MM"); the caller computes the weekday (0 here) */
	return scan_demand(c,
			   "SELECT s.day, CAST(substr(s.start_time, 1, 2) AS INTEGER), 0, a.department, "
			   "COALESCE(a.matter_code, ''), a.channel, 1 FROM appointments a "
			   "JOIN slots s ON s.id = a.slot_id WHERE a.channel IS NOT NULL",
			   false, fn, ctx) ||
		       scan_demand(c,
				   "SELECT day, hour, weekday, department, matter_code, channel, count "
				   "FROM unmet_demand WHERE reason = 'full'",
				   true, fn, ctx)
		   ? -1
		   : 0;
}

/* The flat roll-ups' temporary twins, in the kept tables' shape (migration 0053). */
#define FLAT_TEMP(T, K)                                                                                      \
	"CREATE TEMP TABLE IF NOT EXISTS " T " (" K " TEXT NOT NULL, department TEXT NOT NULL, "            \
	"channel TEXT NOT NULL, applications INTEGER NOT NULL, acceptances INTEGER NOT NULL, "              \
	"completions INTEGER NOT NULL, completed_no_visit INTEGER NOT NULL, "                               \
	"completed_first_time INTEGER NOT NULL, ratings_1 INTEGER NOT NULL, ratings_2 INTEGER NOT NULL, "   \
	"ratings_3 INTEGER NOT NULL, ratings_4 INTEGER NOT NULL, ratings_5 INTEGER NOT NULL, "              \
	"PRIMARY KEY (department, channel, " K ")); "
#define FLAT_DEMAND_TEMP(T, K)                                                                               \
	"CREATE TEMP TABLE IF NOT EXISTS " T " (" K " TEXT NOT NULL, weekday INTEGER NOT NULL, "             \
	"hour INTEGER NOT NULL, department TEXT NOT NULL, channel TEXT NOT NULL, "                          \
	"applications INTEGER NOT NULL, bookings INTEGER NOT NULL, refused INTEGER NOT NULL, "              \
	"PRIMARY KEY (department, " K ", weekday, hour, channel)); DELETE FROM " T "; "
#define FLAT_DUR_TEMP(T, K)                                                                                  \
	"CREATE TEMP TABLE IF NOT EXISTS " T " (" K " TEXT NOT NULL, department TEXT NOT NULL, "            \
	"channel TEXT NOT NULL, workdays INTEGER NOT NULL, n INTEGER NOT NULL, "                            \
	"PRIMARY KEY (department, channel, " K ", workdays)); "

int stats_store_rebuild_begin(dbc_t *c)
{
	return db_exec(
		   c, "CREATE TEMP TABLE IF NOT EXISTS stats_daily_rebuilt (day TEXT NOT NULL, "
		      "department TEXT NOT NULL, matter_code TEXT NOT NULL, channel TEXT NOT NULL, "
		      "region TEXT NOT NULL, applications INTEGER NOT NULL, acceptances INTEGER NOT NULL, "
		      "completions INTEGER NOT NULL, completed_no_visit INTEGER NOT NULL, "
		      "completed_first_time INTEGER NOT NULL, ratings_1 INTEGER NOT NULL, "
		      "ratings_2 INTEGER NOT NULL, ratings_3 INTEGER NOT NULL, ratings_4 INTEGER NOT NULL, "
		      "ratings_5 INTEGER NOT NULL, PRIMARY KEY (day, department, matter_code, channel, "
		      "region)); "
		      "CREATE TEMP TABLE IF NOT EXISTS stats_durations_rebuilt (day TEXT NOT NULL, "
		      "department TEXT NOT NULL, matter_code TEXT NOT NULL, channel TEXT NOT NULL, "
		      "region TEXT NOT NULL, workdays INTEGER NOT NULL, n INTEGER NOT NULL, "
		      "PRIMARY KEY (day, department, matter_code, channel, region, workdays)); "
		      "CREATE TEMP TABLE IF NOT EXISTS stats_monthly_rebuilt (month TEXT NOT NULL, "
		      "department TEXT NOT NULL, matter_code TEXT NOT NULL, channel TEXT NOT NULL, "
		      "region TEXT NOT NULL, applications INTEGER NOT NULL, acceptances INTEGER NOT NULL, "
		      "completions INTEGER NOT NULL, completed_no_visit INTEGER NOT NULL, "
		      "completed_first_time INTEGER NOT NULL, ratings_1 INTEGER NOT NULL, "
		      "ratings_2 INTEGER NOT NULL, ratings_3 INTEGER NOT NULL, ratings_4 INTEGER NOT NULL, "
		      "ratings_5 INTEGER NOT NULL, PRIMARY KEY (month, department, matter_code, channel, "
		      "region)); "
		      "CREATE TEMP TABLE IF NOT EXISTS stats_durations_monthly_rebuilt (month TEXT NOT NULL, "
		      "department TEXT NOT NULL, matter_code TEXT NOT NULL, channel TEXT NOT NULL, "
		      "region TEXT NOT NULL, workdays INTEGER NOT NULL, n INTEGER NOT NULL, "
		      "PRIMARY KEY (month, department, matter_code, channel, region, workdays)); "
		      "CREATE TEMP TABLE IF NOT EXISTS stats_demand_rebuilt (day TEXT NOT NULL, "
		      "hour INTEGER NOT NULL, weekday INTEGER NOT NULL, department TEXT NOT NULL, "
		      "matter_code TEXT NOT NULL, channel TEXT NOT NULL, applications INTEGER NOT NULL, "
		      "bookings INTEGER NOT NULL, refused INTEGER NOT NULL, "
		      "PRIMARY KEY (day, hour, department, matter_code, channel)); "
		      FLAT_TEMP("stats_flat_daily_rebuilt", "day")
			  FLAT_TEMP("stats_flat_monthly_rebuilt", "month")
			  FLAT_DUR_TEMP("stats_flat_durations_rebuilt", "day")
			      FLAT_DUR_TEMP("stats_flat_durations_monthly_rebuilt", "month")
				  FLAT_DEMAND_TEMP("stats_flat_demand_rebuilt", "day")
				      FLAT_DEMAND_TEMP("stats_flat_demand_monthly_rebuilt", "month")
		      "DELETE FROM stats_flat_daily_rebuilt; DELETE FROM stats_flat_monthly_rebuilt; "
		      "DELETE FROM stats_flat_durations_rebuilt; "
		      "DELETE FROM stats_flat_durations_monthly_rebuilt; "
		      "DELETE FROM stats_daily_rebuilt; DELETE FROM stats_durations_rebuilt; "
		      "DELETE FROM stats_demand_rebuilt; DELETE FROM stats_monthly_rebuilt; "
		      "DELETE FROM stats_durations_monthly_rebuilt;") == DB_OK
		   ? 0
		   : -1;
}

int stats_store_scan_events(dbc_t *c, void (*fn)(const stats_event_t *e, void *ctx), void *ctx)
{
	dbs_t *s =
	    db_prep(c, "SELECT e.at, e.action, e.from_status, e.to_status, c.department, c.matter_code, "
		       "c.channel, c.region, c.submitted_day, c.correction_rounds, "
		       "(SELECT COUNT(*) FROM visits v WHERE v.case_id = c.id) FROM case_events e "
		       "JOIN cases c ON c.id = e.case_id ORDER BY e.case_id, e.seq");
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		stats_event_t e = {db_col_int(s, 0),      db_col_text(s, 1), db_col_text(s, 2),
				   db_col_text(s, 3),     db_col_text(s, 4), db_col_text(s, 5),
				   db_col_text(s, 6),     db_col_text(s, 7), db_col_text(s, 8),
				   (int)db_col_int(s, 9), db_col_int(s, 10)};
		fn(&e, ctx);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

int stats_store_scan_ratings(dbc_t *c, void (*fn)(const stats_rating_t *r, void *ctx), void *ctx)
{
	dbs_t *s = db_prep(
	    c, "SELECT r.created_at, r.level, r.department, r.matter_code, "
	       "COALESCE(s.source_channel, r.channel), r.region FROM ratings r LEFT JOIN "
	       "rating_subjects s ON s.kind = r.kind AND s.subject_id = r.subject_id WHERE r.round = 1");
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		stats_rating_t r = {db_col_int(s, 0),  db_col_int(s, 1),  db_col_text(s, 2),
				    db_col_text(s, 3), db_col_text(s, 4), db_col_text(s, 5)};
		fn(&r, ctx);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

static int diff_query(dbc_t *c, const char *sql, int ncols, const char *label, FILE *out)
{
	dbs_t *s = db_prep(c, sql);
	int n = 0, rc;
	while ((rc = db_step(s)) == DB_ROW) {
		n++;
		fprintf(out, "%s:", label);
		for (int i = 0; i < ncols; i++) {
			const char *v = db_col_text(s, i);
			fprintf(out, " %s", v ? v : "-");
		}
		fputc('\n', out);
	}
	db_reset(s);
	return rc == DB_DONE ? n : -1;
}

int stats_store_rebuild_compare(dbc_t *c, FILE *out)
{
	int n[10] = {
	    diff_query(c, "SELECT * FROM stats_daily EXCEPT SELECT * FROM stats_daily_rebuilt", 15,
		       "kept    daily", out),
	    diff_query(c, "SELECT * FROM stats_daily_rebuilt EXCEPT SELECT * FROM stats_daily", 15,
		       "rebuilt daily", out),
	    diff_query(c, "SELECT * FROM stats_durations EXCEPT SELECT * FROM stats_durations_rebuilt", 7,
		       "kept    durations", out),
	    diff_query(c, "SELECT * FROM stats_durations_rebuilt EXCEPT SELECT * FROM stats_durations", 7,
		       "rebuilt durations", out),
	    diff_query(c, "SELECT * FROM stats_demand EXCEPT SELECT * FROM stats_demand_rebuilt", 9,
		       "kept    demand", out),
	    diff_query(c, "SELECT * FROM stats_demand_rebuilt EXCEPT SELECT * FROM stats_demand", 9,
		       "rebuilt demand", out),
	    diff_query(c, "SELECT * FROM stats_monthly EXCEPT SELECT * FROM stats_monthly_rebuilt", 15,
		       "kept    monthly", out),
	    diff_query(c, "SELECT * FROM stats_monthly_rebuilt EXCEPT SELECT * FROM stats_monthly", 15,
		       "rebuilt monthly", out),
	    diff_query(
		c,
		"SELECT * FROM stats_durations_monthly EXCEPT SELECT * FROM stats_durations_monthly_rebuilt",
		7, "kept    monthly durations", out),
	    diff_query(
		c,
		"SELECT * FROM stats_durations_monthly_rebuilt EXCEPT SELECT * FROM stats_durations_monthly",
		7, "rebuilt monthly durations", out),
	};
	static const struct {
		const char *kept, *label;
		int ncols;
	} FLAT[] = {{"stats_flat_daily", "flat daily", 13},
		    {"stats_flat_monthly", "flat monthly", 13},
		    {"stats_flat_durations", "flat durations", 5},
		    {"stats_flat_durations_monthly", "flat monthly durations", 5},
		    {"stats_flat_demand", "flat demand", 8},
		    {"stats_flat_demand_monthly", "flat monthly demand", 8}};
	int sum = 0;
	for (int i = 0; i < 10; i++) {
		if (n[i] < 0)
			return -1;
		sum += n[i];
	}
	for (size_t i = 0; i < sizeof FLAT / sizeof FLAT[0]; i++)
		for (int rebuilt = 0; rebuilt < 2; rebuilt++) {
			char sql[160], label[64];
			const char *t = FLAT[i].kept, *x = rebuilt ? "_rebuilt" : "";
			const char *y = rebuilt ? "" : "_rebuilt";
			snprintf(sql, sizeof sql, "SELECT * FROM %s%s EXCEPT SELECT * FROM %s%s", t, x, t, y);
			snprintf(label, sizeof label, "%s %s", rebuilt ? "rebuilt" : "kept   ",
				 FLAT[i].label);
			int d = diff_query(c, sql, FLAT[i].ncols, label, out);
			if (d < 0)
				return -1;
			sum += d;
		}
	return sum;
}

int stats_store_rebuild_replace(dbc_t *c)
{
	return db_exec(
		   c,
		   "DELETE FROM stats_daily; INSERT INTO stats_daily SELECT * FROM stats_daily_rebuilt; "
		   "DELETE FROM stats_durations; "
		   "INSERT INTO stats_durations SELECT * FROM stats_durations_rebuilt; "
		   "DELETE FROM stats_demand; "
		   "INSERT INTO stats_demand SELECT * FROM stats_demand_rebuilt; DELETE FROM stats_monthly; "
		   "INSERT INTO stats_monthly SELECT * FROM stats_monthly_rebuilt; "
		   "DELETE FROM stats_durations_monthly; "
		   "INSERT INTO stats_durations_monthly SELECT * FROM stats_durations_monthly_rebuilt; "
		   "DELETE FROM stats_flat_daily; "
		   "INSERT INTO stats_flat_daily SELECT * FROM stats_flat_daily_rebuilt; "
		   "DELETE FROM stats_flat_monthly; "
		   "INSERT INTO stats_flat_monthly SELECT * FROM stats_flat_monthly_rebuilt; "
		   "DELETE FROM stats_flat_durations; "
		   "INSERT INTO stats_flat_durations SELECT * FROM stats_flat_durations_rebuilt; "
		   "DELETE FROM stats_flat_durations_monthly; INSERT INTO stats_flat_durations_monthly "
		   "SELECT * FROM stats_flat_durations_monthly_rebuilt; DELETE FROM stats_flat_demand; "
		   "INSERT INTO stats_flat_demand SELECT * FROM stats_flat_demand_rebuilt; "
		   "DELETE FROM stats_flat_demand_monthly; "
		   "INSERT INTO stats_flat_demand_monthly "
		   "SELECT * FROM stats_flat_demand_monthly_rebuilt;") ==
		       DB_OK
		   ? 0
		   : -1;
}

int stats_store_rebuild_end(dbc_t *c)
{
	return db_exec(c, "DROP TABLE stats_daily_rebuilt; DROP TABLE stats_durations_rebuilt; "
			  "DROP TABLE stats_demand_rebuilt; DROP TABLE stats_monthly_rebuilt; "
			  "DROP TABLE stats_durations_monthly_rebuilt; DROP TABLE stats_flat_daily_rebuilt; "
			  "DROP TABLE stats_flat_monthly_rebuilt; DROP TABLE stats_flat_durations_rebuilt; "
			  "DROP TABLE stats_flat_durations_monthly_rebuilt; "
			  "DROP TABLE stats_flat_demand_rebuilt; "
			  "DROP TABLE stats_flat_demand_monthly_rebuilt;") == DB_OK
		   ? 0
		   : -1;
}
