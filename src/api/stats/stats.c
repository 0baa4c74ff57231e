/* stats.c — statistics over HTTP.
 *   GET /api/v1/stats/overview?from=&to=&department=&matter=&channel=&format=json|csv|xlsx
 *       supervisors read every department; a department head their own
 *   GET /api/v1/stats/trend?from=&to=&department=&matter=&channel=
 *       per day and per duration, the same filters and reach
 *   GET /api/v1/stats/ranking?from=&to=&channel=   departments ranked (supervisors)
 *   GET /api/v1/public/stats?from=&to=    per department, for anyone (政务服务公示) */
#include "api/api.h"
#include "domain/stats/stats.h"
#include "base/xlsx.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The overview as rows of "metric,value", one per figure (nested members as
 * "parent.child"), in the JSON's order, so 不见面率 and 满意率 stay side by
 * side in every export. */
typedef void (*row_fn)(const char *name, json_t *v, void *ctx);

static void each_row(const char *prefix, json_t *o, row_fn fn, void *ctx)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v)
	{
		char name[96];
		snprintf(name, sizeof name, "%s%s%s", prefix, *prefix ? "." : "", k);
		if (json_is_object(v))
			each_row(name, v, fn, ctx);
		else
			fn(name, v, ctx);
	}
}

/* CSV: reals with 17 significant digits so the figures parse back equal.
 * Metric names are ASCII identifiers and values numbers or dates: nothing
 * needs quoting. */
static void csv_row(const char *name, json_t *v, void *ctx)
{
	FILE *f = ctx;
	if (json_is_integer(v))
		fprintf(f, "%s,%lld\r\n", name, (long long)json_integer_value(v));
	else if (json_is_real(v))
		fprintf(f, "%s,%.17g\r\n", name, json_real_value(v));
	else if (json_is_string(v))
		fprintf(f, "%s,%s\r\n", name, json_string_value(v));
	else
		fprintf(f, "%s,\r\n", name);
}

static void reply_file(req_t *r, const stats_query_t *q, const char *ext, const char *type, const void *buf,
		       size_t len)
{
	char disp[96];
	snprintf(disp, sizeof disp, "attachment; filename=\"stats-overview-%s-%s.%s\"", q->from, q->to, ext);
	reply_header(r, "Content-Disposition", disp);
	reply_raw(r, 200, type, buf, len);
}

static void reply_csv(req_t *r, json_t *o, const stats_query_t *q)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f) {
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
		json_decref(o);
		return;
	}
	fputs("metric,value\r\n", f);
	each_row("", o, csv_row, f);
	fclose(f);
	reply_file(r, q, "csv", "text/csv; charset=utf-8", buf, len);
	free(buf);
	json_decref(o);
}

/* XLSX: the CSV's rows and columns as cells (numbers as numbers, nulls empty). */
static void xlsx_row_of(const char *name, json_t *v, void *ctx)
{
	xlsx_t *x = ctx;
	xlsx_row(x);
	xlsx_text(x, name);
	if (json_is_integer(v))
		xlsx_int(x, (long long)json_integer_value(v));
	else if (json_is_real(v))
		xlsx_real(x, json_real_value(v));
	else if (json_is_string(v))
		xlsx_text(x, json_string_value(v));
	else
		xlsx_empty(x);
}

static void reply_xlsx(req_t *r, json_t *o, const stats_query_t *q)
{
	xlsx_t x;
	xlsx_init(&x, "overview");
	xlsx_row(&x);
	xlsx_text(&x, "metric");
	xlsx_text(&x, "value");
	each_row("", o, xlsx_row_of, &x);
	json_decref(o);
	size_t len = 0;
	unsigned char *buf = xlsx_finish(&x, &len);
	if (!buf) {
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
		return;
	}
	static const char XLSX_TYPE[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	reply_file(r, q, "xlsx", XLSX_TYPE, buf, len);
	free(buf);
}

void api_stats_overview(req_t *r)
{
	static const char *const allowed[] = {"from",    "to",     "department", "matter",
					      "channel", "format", NULL};
	if (!req_query_only(r, allowed))
		return;
	stats_query_t q = {req_query(r, "from"), req_query(r, "to"), req_query(r, "department"),
			   req_query(r, "matter"), req_query(r, "channel")};
	errs_t e = ERRS_INIT;
	const char *format = req_query(r, "format");
	if (format && strcmp(format, "json") != 0 && strcmp(format, "csv") != 0 &&
	    strcmp(format, "xlsx") != 0)
		errs_add(&e, "format", "unknown", "格式应为 json、csv 或 xlsx", "format is json, csv or xlsx");
	dbc_t *c = store_reader(r->store);
	errcode_t ec = stats_check(c, &r->actor, &q, &e);
	json_t *o = ec == E_OK ? stats_overview(c, &q) : NULL;
	if (ec != E_OK)
		reply_errors(r, ec, &e);
	else if (!o)
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
	else if (format && !strcmp(format, "csv"))
		reply_csv(r, o, &q);
	else if (format && !strcmp(format, "xlsx"))
		reply_xlsx(r, o, &q);
	else
		reply_json(r, 200, o);
	errs_clear(&e);
}

void api_stats_trend(req_t *r)
{
	static const char *const allowed[] = {"from", "to", "department", "matter", "channel", NULL};
	if (!req_query_only(r, allowed))
		return;
	stats_query_t q = {req_query(r, "from"), req_query(r, "to"), req_query(r, "department"),
			   req_query(r, "matter"), req_query(r, "channel")};
	errs_t e = ERRS_INIT;
	dbc_t *c = store_reader(r->store);
	errcode_t ec = stats_check(c, &r->actor, &q, &e);
	json_t *o = ec == E_OK ? stats_trend(c, &q) : NULL;
	if (ec != E_OK)
		reply_errors(r, ec, &e);
	else if (!o)
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
	else
		reply_json(r, 200, o);
	errs_clear(&e);
}

void api_stats_ranking(req_t *r)
{
	static const char *const allowed[] = {"from", "to", "channel", NULL};
	if (!req_query_only(r, allowed))
		return;
	stats_query_t q = {req_query(r, "from"), req_query(r, "to"), NULL, NULL, req_query(r, "channel")};
	errs_t e = ERRS_INIT;
	json_t *o = NULL;
	errcode_t ec = stats_ranking(store_reader(r->store), &r->actor, &q, &o, &e);
	if (ec == E_OK)
		reply_json(r, 200, o);
	else
		reply_errors(r, ec, &e);
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
