/* stats.c — statistics over HTTP.
 *   GET /api/v1/stats/overview?from=&to=&department=&matter=&channel=
 *       supervisors read every department; a department head their own
 *   GET /api/v1/public/stats?from=&to=    per department, for anyone (政务服务公示) */
#include "api/api.h"
#include "domain/stats/stats.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The overview as CSV, one "metric,value" row per figure (nested members as
 * "parent.child"), in the JSON's order, so 不见面率 and 满意率 stay side by
 * side; reals with 17 significant digits so the figures parse back equal.
 * Metric names are ASCII identifiers and values numbers or dates: nothing
 * needs quoting. */
static void csv_put(FILE *f, const char *prefix, json_t *o)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v)
	{
		char name[96];
		snprintf(name, sizeof name, "%s%s%s", prefix, *prefix ? "." : "", k);
		if (json_is_object(v))
			csv_put(f, name, v);
		else if (json_is_integer(v))
			fprintf(f, "%s,%lld\r\n", name, (long long)json_integer_value(v));
		else if (json_is_real(v))
			fprintf(f, "%s,%.17g\r\n", name, json_real_value(v));
		else if (json_is_string(v))
			fprintf(f, "%s,%s\r\n", name, json_string_value(v));
		else
			fprintf(f, "%s,\r\n", name);
	}
}

static void reply_csv(req_t *r, json_t *o, const stats_query_t *q)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f) {
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
		return;
	}
	fputs("metric,value\r\n", f);
	csv_put(f, "", o);
	fclose(f);
	char disp[96];
	snprintf(disp, sizeof disp, "attachment; filename=\"stats-overview-%s-%s.csv\"", q->from, q->to);
	reply_header(r, "Content-Disposition", disp);
	reply_raw(r, 200, "text/csv; charset=utf-8", buf, len);
	free(buf);
	json_decref(o);
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
	if (format && strcmp(format, "json") != 0 && strcmp(format, "csv") != 0)
		errs_add(&e, "format", "unknown", "格式应为 json 或 csv", "format is json or csv");
	dbc_t *c = store_reader(r->store);
	errcode_t ec = stats_check(c, &r->actor, &q, &e);
	json_t *o = ec == E_OK ? stats_overview(c, &q) : NULL;
	if (ec != E_OK)
		reply_errors(r, ec, &e);
	else if (!o)
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
	else if (format && !strcmp(format, "csv"))
		reply_csv(r, o, &q);
	else
		reply_json(r, 200, o);
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
