/* workcal_store.c — every statement on calendar_years and calendar_days
 * (see workcal_store.h). Days are stored as "YYYY-MM-DD" text, so one year is
 * the text range from its first to its last day. */
#include "domain/calendar/workcal_store.h"
#include "base/mem.h"
#include <stdio.h>

static void year_range(int year, char from[DATE_STR_LEN], char to[DATE_STR_LEN])
{
	date_format(date_from_ymd(year, 1, 1), from);
	date_format(date_from_ymd(year, 12, 31), to);
}

bool workcal_store_has_years(dbc_t *c, const char *region)
{
	dbs_t *s = db_prep(c, "SELECT 1 FROM calendar_years WHERE region = ? LIMIT 1");
	db_bind(s, region);
	bool has = db_step(s) == DB_ROW;
	db_reset(s);
	return has;
}

bool workcal_store_has_year(dbc_t *c, const char *region, int year)
{
	dbs_t *s = db_prep(c, "SELECT 1 FROM calendar_years WHERE region = ? AND year = ?");
	db_bind(s, region, year);
	bool has = db_step(s) == DB_ROW;
	db_reset(s);
	return has;
}

int workcal_store_years(dbc_t *c, const char *region, int *years, int max)
{
	dbs_t *s = db_prep(c, "SELECT year FROM calendar_years WHERE region = ? ORDER BY year");
	db_bind(s, region);
	int n = 0;
	while (n < max && db_step(s) == DB_ROW)
		years[n++] = (int)db_col_int(s, 0);
	db_reset(s);
	return n;
}

size_t workcal_store_days(dbc_t *c, const char *region, int year, calendar_override_t *ov, size_t max)
{
	char from[DATE_STR_LEN], to[DATE_STR_LEN];
	year_range(year, from, to);
	dbs_t *s = db_prep(
		c, "SELECT day, workday, name FROM calendar_days WHERE region = ? AND day >= ? AND day <= ?");
	db_bind(s, region, from, to);
	size_t n = 0;
	while (n < max && db_step(s) == DB_ROW) {
		if (!date_parse(db_col_text(s, 0), &ov[n].day))
			continue;
		ov[n].workday = db_col_int(s, 1) != 0;
		db_col_str(s, 2, ov[n].name, sizeof ov[n].name);
		n++;
	}
	db_reset(s);
	return n;
}

char *workcal_store_year_source(dbc_t *c, const char *region, int year, int64_t *loaded_at)
{
	dbs_t *s = db_prep(c, "SELECT source, loaded_at FROM calendar_years WHERE region = ? AND year = ?");
	db_bind(s, region, year);
	char *src = NULL;
	if (db_step(s) == DB_ROW) {
		src = xstrdup(db_col_text(s, 0) ? db_col_text(s, 0) : "");
		*loaded_at = db_col_int(s, 1);
	}
	db_reset(s);
	return src;
}

int workcal_store_replace_days(dbc_t *c, const char *region, int year, const calendar_override_t *ov,
			       size_t n)
{
	char from[DATE_STR_LEN], to[DATE_STR_LEN];
	year_range(year, from, to);
	if (db_run(c, "DELETE FROM calendar_days WHERE region = ? AND day >= ? AND day <= ?", region, from,
		   to) != DB_DONE)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char d[DATE_STR_LEN];
		date_format(ov[i].day, d);
		if (db_run(c, "INSERT INTO calendar_days (region, day, workday, name) VALUES (?,?,?,?)",
			   region, d, ov[i].workday, ov[i].name) != DB_DONE)
			return -1;
	}
	return 0;
}

int workcal_store_put_year(dbc_t *c, const char *region, int year, const char *source, int64_t now_ms,
			   const char *by)
{
	int rc = db_run(
		c,
		"INSERT INTO calendar_years (region, year, source, loaded_at, loaded_by) VALUES (?,?,?,?,?) "
		"ON CONFLICT (region, year) DO UPDATE SET source = excluded.source, "
		"loaded_at = excluded.loaded_at, loaded_by = excluded.loaded_by",
		region, year, source, now_ms, by);
	return rc == DB_DONE ? 0 : -1;
}
