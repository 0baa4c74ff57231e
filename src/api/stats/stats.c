/* stats.c — statistics over HTTP.
 *   GET /api/v1/stats/overview?from=&to=&department=&matter=&channel=&format=json|csv|xlsx
 *       supervisors read every department; a department head their own
 *   GET /api/v1/stats/trend?…&table=days|durations&format=   per day and per duration, the same
 *       filters and reach (an export is one table: the days, or the durations)
 *   GET /api/v1/stats/demand?…&format=   applications, bookings and full-slot refusals by
 *       hour × weekday × channel, the same filters and reach
 *   GET /api/v1/stats/ranking?from=&to=&channel=&format=   departments ranked (supervisors)
 *   GET /api/v1/public/stats?from=&to=    per department, for anyone (政务服务公示)
 * Every table is also a CSV or XLSX download, by ?format= or the Accept header. */
#include "api/api.h"
#include "domain/stats/stats.h"
#include "base/xlsx.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The overview as rows of {metric, value}, one per figure (nested members as
 * "parent.child"), in the JSON's order, so 不见面率 and 满意率 stay side by
 * side in every export. */
static void metric_rows(const char *prefix, json_t *o, json_t *rows)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v)
	{
		char name[96];
		snprintf(name, sizeof name, "%s%s%s", prefix, *prefix ? "." : "", k);
		if (json_is_object(v))
			metric_rows(name, v, rows);
		else
			json_array_append_new(rows, json_pack("{s:s, s:O}", "metric", name, "value", v));
	}
}

/* A column of an export: its heading and the member of a row it shows ("a.b": b of member a). */
typedef struct {
	const char *heading, *path;
} col_t;

static json_t *at_path(json_t *row, const char *path)
{
	const char *dot = strchr(path, '.');
	if (!dot)
		return json_object_get(row, path);
	char head[32];
	snprintf(head, sizeof head, "%.*s", (int)(dot - path), path);
	return at_path(json_object_get(row, head), dot + 1);
}

/* CSV (RFC 4180): reals with 17 significant digits so the figures parse back
 * equal; text quoted when it holds a comma, a quote or a line break; null and
 * absent empty. */
static void csv_cell(FILE *f, json_t *v)
{
	if (json_is_integer(v))
		fprintf(f, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		fprintf(f, "%.17g", json_real_value(v));
	else if (json_is_boolean(v))
		fputs(json_is_true(v) ? "true" : "false", f);
	else if (json_is_string(v)) {
		const char *t = json_string_value(v);
		if (!strpbrk(t, ",\"\r\n")) {
			fputs(t, f);
			return;
		}
		fputc('"', f);
		for (; *t; t++) {
			if (*t == '"')
				fputc('"', f);
			fputc(*t, f);
		}
		fputc('"', f);
	}
}

static void xlsx_cell(xlsx_t *x, json_t *v)
{
	if (json_is_integer(v))
		xlsx_int(x, (long long)json_integer_value(v));
	else if (json_is_real(v))
		xlsx_real(x, json_real_value(v));
	else if (json_is_boolean(v))
		xlsx_text(x, json_is_true(v) ? "true" : "false");
	else if (json_is_string(v))
		xlsx_text(x, json_string_value(v));
	else
		xlsx_empty(x);
}

/* The format asked for: ?format= first, else the Accept header; NULL (with an error) when unknown. */
static const char *format_of(req_t *r, errs_t *e)
{
	const char *f = req_query(r, "format");
	if (f) {
		if (strcmp(f, "json") != 0 && strcmp(f, "csv") != 0 && strcmp(f, "xlsx") != 0)
			errs_add(e, "format", "unknown", "格式应为 json、csv 或 xlsx",
				 "format is json, csv or xlsx");
		return f;
	}
	const char *accept = req_header(r, "Accept");
	if (accept && strstr(accept, "text/csv"))
		return "csv";
	if (accept && strstr(accept, "spreadsheetml.sheet"))
		return "xlsx";
	return "json";
}

static const char XLSX_TYPE[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/* Answers rows (a JSON array, stolen) as a CSV or XLSX file named
 * stats-<name>-<from>-<to>.<ext>, one column per col_t. */
static void reply_table(req_t *r, const char *format, const char *name, const stats_query_t *q,
			const col_t *cols, json_t *rows)
{
	char *buf = NULL;
	size_t len = 0, i;
	json_t *row;
	bool csv = !strcmp(format, "csv");
	if (csv) {
		FILE *f = open_memstream(&buf, &len);
		if (f) {
			for (const col_t *c = cols; c->heading; c++)
				fprintf(f, "%s%s", c == cols ? "" : ",", c->heading);
			fputs("\r\n", f);
			json_array_foreach(rows, i, row)
			{
				for (const col_t *c = cols; c->heading; c++) {
					if (c != cols)
						fputc(',', f);
					csv_cell(f, at_path(row, c->path));
				}
				fputs("\r\n", f);
			}
			fclose(f);
		}
	} else {
		xlsx_t x;
		xlsx_init(&x, name);
		xlsx_row(&x);
		for (const col_t *c = cols; c->heading; c++)
			xlsx_text(&x, c->heading);
		json_array_foreach(rows, i, row)
		{
			xlsx_row(&x);
			for (const col_t *c = cols; c->heading; c++)
				xlsx_cell(&x, at_path(row, c->path));
		}
		buf = (char *)xlsx_finish(&x, &len);
	}
	json_decref(rows);
	if (!buf) {
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
		return;
	}
	char disp[160];
	snprintf(disp, sizeof disp, "attachment; filename=\"stats-%s-%s-%s.%s\"", name, q->from, q->to,
		 csv ? "csv" : "xlsx");
	reply_header(r, "Content-Disposition", disp);
	reply_raw(r, 200, csv ? "text/csv; charset=utf-8" : XLSX_TYPE, buf, len);
	free(buf);
}

static const col_t OVERVIEW_COLS[] = {{"metric", "metric"}, {"value", "value"}, {NULL, NULL}};
static const col_t DAY_COLS[] = {
    {"day", "day"}, {"applications", "applications"}, {"completions", "completions"}, {NULL, NULL}};
static const col_t DURATION_COLS[] = {{"workdays", "workdays"}, {"count", "count"}, {NULL, NULL}};
static const col_t DEMAND_COLS[] = {{"weekday", "weekday"},
				    {"hour", "hour"},
				    {"channel", "channel"},
				    {"applications", "applications"},
				    {"bookings", "bookings"},
				    {"refused", "refused"},
				    {NULL, NULL}};
/* 不见面率 and 满意率 side by side, as in the JSON. */
static const col_t RANKING_COLS[] = {{"rank", "rank"},
				     {"department", "department.code"},
				     {"department_name_zh", "department.name.zh"},
				     {"department_name_en", "department.name.en"},
				     {"completions", "completions"},
				     {"immediate", "immediate"},
				     {"on_time", "on_time"},
				     {"immediate_rate", "immediate_rate"},
				     {"on_time_rate", "on_time_rate"},
				     {"speedup_rate", "speedup_rate"},
				     {"contactless_rate", "contactless_rate"},
				     {"satisfaction_rate", "satisfaction_rate"},
				     {"ratings", "ratings"},
				     {"falling", "falling"},
				     {"falling_reason_zh", "falling_reason.zh"},
				     {"falling_reason_en", "falling_reason.en"},
				     {NULL, NULL}};

/* The statistics answers that share the overview's query (from, to, department, matter, channel). */
typedef enum { V_OVERVIEW, V_TREND, V_DEMAND } view_t;

static void stats_view(req_t *r, view_t view)
{
	static const char *const allowed[] = {"from",    "to",     "department", "matter",
					      "channel", "format", "table",      NULL};
	static const char *const allowed_no_table[] = {"from",    "to",     "department", "matter",
						       "channel", "format", NULL};
	if (!req_query_only(r, view == V_TREND ? allowed : allowed_no_table))
		return;
	stats_query_t q = {req_query(r, "from"), req_query(r, "to"), req_query(r, "department"),
			   req_query(r, "matter"), req_query(r, "channel")};
	errs_t e = ERRS_INIT;
	const char *format = format_of(r, &e), *table = req_query(r, "table");
	if (table && strcmp(table, "days") != 0 && strcmp(table, "durations") != 0)
		errs_add(&e, "table", "unknown", "表应为 days 或 durations", "table is days or durations");
	dbc_t *c = store_reader(r->store);
	errcode_t ec = stats_check(c, &r->actor, &q, &e);
	json_t *o = NULL;
	if (ec == E_OK)
		o = view == V_OVERVIEW ? stats_overview(c, &q)
		    : view == V_TREND  ? stats_trend(c, &q)
				       : stats_demand(c, &q);
	if (ec != E_OK)
		reply_errors(r, ec, &e);
	else if (!o)
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
	else if (!strcmp(format, "json"))
		reply_json(r, 200, o);
	else if (view == V_OVERVIEW) {
		json_t *rows = json_array();
		metric_rows("", o, rows);
		reply_table(r, format, "overview", &q, OVERVIEW_COLS, rows);
	} else if (view == V_DEMAND)
		reply_table(r, format, "demand", &q, DEMAND_COLS, json_incref(json_object_get(o, "cells")));
	else if (table && !strcmp(table, "durations"))
		reply_table(r, format, "trend-durations", &q, DURATION_COLS,
			    json_incref(json_object_get(o, "durations")));
	else
		reply_table(r, format, "trend-days", &q, DAY_COLS, json_incref(json_object_get(o, "days")));
	if (o && strcmp(format, "json") != 0)
		json_decref(o);
	errs_clear(&e);
}

void api_stats_overview(req_t *r) { stats_view(r, V_OVERVIEW); }
void api_stats_trend(req_t *r) { stats_view(r, V_TREND); }
void api_stats_demand(req_t *r) { stats_view(r, V_DEMAND); }

void api_stats_ranking(req_t *r)
{
	static const char *const allowed[] = {"from", "to", "channel", "format", NULL};
	if (!req_query_only(r, allowed))
		return;
	stats_query_t q = {req_query(r, "from"), req_query(r, "to"), NULL, NULL, req_query(r, "channel")};
	errs_t e = ERRS_INIT;
	const char *format = format_of(r, &e);
	json_t *o = NULL;
	errcode_t ec = stats_ranking(store_reader(r->store), &r->actor, &q, &o, &e);
	if (ec != E_OK)
		reply_errors(r, ec, &e);
	else if (!strcmp(format, "json"))
		reply_json(r, 200, o);
	else {
		reply_table(r, format, "ranking", &q, RANKING_COLS, json_incref(json_object_get(o, "items")));
		json_decref(o);
	}
	errs_clear(&e);
}

void api_public_stats(req_t *r)
{
	static const char *const allowed[] = {"from", "to", NULL};
	if (!req_query_only(r, allowed))
		return;
	errs_t e = ERRS_INIT;
	json_t *o = NULL;
	errcode_t ec = stats_public(store_reader(r->store), req_query(r, "from"), req_query(r, "to"), &o, &e);
	if (ec == E_OK)
		reply_json(r, 200, o);
	else
		reply_errors(r, ec, &e);
	errs_clear(&e);
}
