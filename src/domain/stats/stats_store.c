/* stats_store.c — every SQL statement of the statistics (see stats_store.h). */
#include "domain/stats/stats_store.h"

int stats_store_add(dbc_t *c, const stats_key_t *k, const stats_counts_t *d)
{
	int rc = db_run(
	    c,
	    "INSERT INTO stats_daily (day, department, matter_code, channel, region, applications, "
	    "acceptances, completions, completed_no_visit, completed_first_time, ratings_1, ratings_2, "
	    "ratings_3, ratings_4, ratings_5) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
	    "ON CONFLICT (day, department, matter_code, channel, region) DO UPDATE SET "
	    "applications = stats_daily.applications + excluded.applications, "
	    "acceptances = stats_daily.acceptances + excluded.acceptances, "
	    "completions = stats_daily.completions + excluded.completions, "
	    "completed_no_visit = stats_daily.completed_no_visit + excluded.completed_no_visit, "
	    "completed_first_time = stats_daily.completed_first_time + excluded.completed_first_time, "
	    "ratings_1 = stats_daily.ratings_1 + excluded.ratings_1, "
	    "ratings_2 = stats_daily.ratings_2 + excluded.ratings_2, "
	    "ratings_3 = stats_daily.ratings_3 + excluded.ratings_3, "
	    "ratings_4 = stats_daily.ratings_4 + excluded.ratings_4, "
	    "ratings_5 = stats_daily.ratings_5 + excluded.ratings_5",
	    k->day, k->department, k->matter_code, k->channel, k->region, d->applications, d->acceptances,
	    d->completions, d->completed_no_visit, d->completed_first_time, d->ratings[1], d->ratings[2],
	    d->ratings[3], d->ratings[4], d->ratings[5]);
	return rc == DB_DONE ? 0 : -1;
}

int stats_store_duration(dbc_t *c, const stats_key_t *k, int workdays)
{
	int rc = db_run(
	    c,
	    "INSERT INTO stats_durations (day, department, matter_code, channel, region, workdays, n) "
	    "VALUES (?,?,?,?,?,?,1) ON CONFLICT (day, department, matter_code, channel, region, workdays) "
	    "DO UPDATE SET n = stats_durations.n + 1",
	    k->day, k->department, k->matter_code, k->channel, k->region, workdays);
	return rc == DB_DONE ? 0 : -1;
}

#define FILTER                                                                                               \
	" WHERE day >= ? AND day <= ? AND (CAST(? AS TEXT) IS NULL OR department = ?) AND "                  \
	"(CAST(? AS TEXT) IS NULL OR matter_code = ?) AND (CAST(? AS TEXT) IS NULL OR channel = ?)"

int stats_store_sum(dbc_t *c, const stats_filter_t *f, stats_counts_t *out)
{
	dbs_t *s = db_prep(
	    c, "SELECT COALESCE(SUM(applications), 0), COALESCE(SUM(acceptances), 0), "
	       "COALESCE(SUM(completions), 0), COALESCE(SUM(completed_no_visit), 0), "
	       "COALESCE(SUM(completed_first_time), 0), COALESCE(SUM(ratings_1), 0), "
	       "COALESCE(SUM(ratings_2), 0), COALESCE(SUM(ratings_3), 0), COALESCE(SUM(ratings_4), 0), "
	       "COALESCE(SUM(ratings_5), 0) FROM stats_daily" FILTER);
	db_bind(s, f->from, f->to, f->department, f->department, f->matter, f->matter, f->channel,
		f->channel);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		out->applications = db_col_int(s, 0);
		out->acceptances = db_col_int(s, 1);
		out->completions = db_col_int(s, 2);
		out->completed_no_visit = db_col_int(s, 3);
		out->completed_first_time = db_col_int(s, 4);
		for (int i = 1; i <= 5; i++)
			out->ratings[i] = db_col_int(s, 4 + i);
	}
	db_reset(s);
	return rc == DB_ROW ? 0 : -1;
}

int stats_store_hist(dbc_t *c, const stats_filter_t *f, int64_t *hist, int max)
{
	dbs_t *s = db_prep(c, "SELECT workdays, SUM(n) FROM stats_durations" FILTER " GROUP BY workdays");
	db_bind(s, f->from, f->to, f->department, f->department, f->matter, f->matter, f->channel,
		f->channel);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		int64_t d = db_col_int(s, 0);
		if (d >= 0 && d <= max)
			hist[d] += db_col_int(s, 1);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}
