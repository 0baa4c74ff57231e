/* stats_rank.c — the department ranking (see stats.h): each department's
 * overview and its durations per matter, weighed against each matter's
 * promised and legal days. Reads counters and the catalogue, never cases. */
#include "domain/stats/stats.h"
#include "domain/stats/stats_store.h"
#include "domain/catalog/matter.h"
#include "domain/core/geo.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
	dbc_t *c;
	json_t *days; /* matter code -> [promised, legal], looked up once */
	int64_t completions, immediate, on_time;
	double speedup;
} rank_acc_t;

/* [promised, legal] of a matter's current version; [-1, 0] when unknown. */
static json_t *matter_days(rank_acc_t *a, const char *code)
{
	json_t *d = json_object_get(a->days, code);
	if (d)
		return d;
	int64_t v = 0;
	json_t *doc = matter_current_version(a->c, code, &v) ? matter_doc(a->c, code, v) : NULL;
	d = json_pack("[I, I]", doc ? json_integer_value(json_object_get(doc, "promised_days")) : -1,
		      doc ? json_integer_value(json_object_get(doc, "legal_days")) : 0);
	json_decref(doc);
	json_object_set_new(a->days, code, d);
	return d;
}

static void add_duration(const char *matter_code, int workdays, int64_t n, void *ctx)
{
	rank_acc_t *a = ctx;
	json_t *d = matter_days(a, matter_code);
	json_int_t promised = json_integer_value(json_array_get(d, 0)),
		   legal = json_integer_value(json_array_get(d, 1));
	a->completions += n;
	if (workdays == 0)
		a->immediate += n;
	if (promised >= 0 && workdays <= promised)
		a->on_time += n;
	if (legal > 0 && promised >= 0)
		a->speedup += (double)n * (double)(legal - promised) / (double)legal;
}

static json_t *rate(int64_t part, int64_t whole)
{
	return whole ? json_real((double)part / (double)whole) : json_null();
}

/* One department's row, json_null() when it had nothing in the period, NULL on error. */
static json_t *dept_row(rank_acc_t *a, const stats_query_t *q, json_t *dept)
{
	json_t *o = stats_overview(a->c, q);
	if (!o)
		return NULL;
	if (!json_integer_value(json_object_get(o, "completions")) &&
	    !json_integer_value(json_object_get(o, "ratings"))) {
		json_decref(o);
		return json_null();
	}
	stats_filter_t f = {q->from, q->to, q->department, NULL, q->channel};
	a->completions = a->immediate = a->on_time = 0;
	a->speedup = 0;
	if (stats_store_hist_matters(a->c, &f, add_duration, a) != 0) {
		json_decref(o);
		return NULL;
	}
	json_t *row = json_pack(
	    "{s:{sO sO}, s:I, s:I, s:I, s:o, s:o}", "department", "code", json_object_get(dept, "code"),
	    "name", json_object_get(dept, "name"), "completions", (json_int_t)a->completions, "immediate",
	    (json_int_t)a->immediate, "on_time", (json_int_t)a->on_time, "immediate_rate",
	    rate(a->immediate, a->completions), "on_time_rate", rate(a->on_time, a->completions));
	json_object_set_new(row, "speedup_rate",
			    a->completions ? json_real(a->speedup / (double)a->completions) : json_null());
	json_object_set(row, "contactless_rate", json_object_get(o, "contactless_rate"));
	json_object_set(row, "satisfaction_rate", json_object_get(o, "satisfaction_rate"));
	json_object_set(row, "ratings", json_object_get(o, "ratings"));
	json_object_set(row, "falling", json_object_get(o, "falling"));
	json_object_set(row, "falling_reason", json_object_get(o, "falling_reason"));
	json_decref(o);
	return row;
}

/* Descending by a rate, no data last: <0 when a comes first. */
static int by_rate(json_t *a, json_t *b, const char *k)
{
	json_t *x = json_object_get(a, k), *y = json_object_get(b, k);
	if (json_is_null(x) || json_is_null(y))
		return json_is_null(x) - json_is_null(y);
	double dx = json_real_value(x), dy = json_real_value(y);
	return dx > dy ? -1 : dx < dy ? 1 : 0;
}

static int same_rates(json_t *a, json_t *b)
{
	return by_rate(a, b, "on_time_rate") == 0 && by_rate(a, b, "satisfaction_rate") == 0;
}

static int order(const void *pa, const void *pb)
{
	json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	int r = by_rate(a, b, "on_time_rate");
	if (!r)
		r = by_rate(a, b, "satisfaction_rate");
	if (!r)
		r = strcmp(json_string_value(json_object_get(json_object_get(a, "department"), "code")),
			   json_string_value(json_object_get(json_object_get(b, "department"), "code")));
	return r;
}

errcode_t stats_ranking(dbc_t *c, const actor_t *viewer, stats_query_t *q, json_t **out, errs_t *e)
{
	errcode_t ec = stats_check(c, viewer, q, e);
	if (ec != E_OK)
		return ec;
	json_t *depts = geo_department_list(c, NULL), *d;
	rank_acc_t a = {c, json_object(), 0, 0, 0, 0};
	size_t n = json_array_size(depts), k = 0, i;
	json_t **rows = calloc(n ? n : 1, sizeof *rows);
	ec = rows ? E_OK : E_INTERNAL;
	json_array_foreach(depts, i, d)
	{
		if (ec != E_OK)
			break;
		stats_query_t dq = {q->from, q->to, json_string_value(json_object_get(d, "code")), NULL,
				    q->channel};
		json_t *row = dept_row(&a, &dq, d);
		if (!row)
			ec = E_INTERNAL;
		else if (json_is_null(row))
			json_decref(row);
		else
			rows[k++] = row;
	}
	json_t *items = json_array();
	if (ec == E_OK) {
		qsort(rows, k, sizeof *rows, order);
		for (size_t j = 0; j < k; j++) {
			json_int_t rank = j > 0 && same_rates(rows[j], rows[j - 1])
					      ? json_integer_value(json_object_get(rows[j - 1], "rank"))
					      : (json_int_t)(j + 1);
			json_object_set_new(rows[j], "rank", json_integer(rank));
			json_array_append(items, rows[j]);
		}
		*out = json_pack("{s:{s:s, s:s, s:s?}, s:O}", "query", "from", q->from, "to", q->to,
				 "channel", q->channel, "items", items);
	}
	for (size_t j = 0; j < k; j++)
		json_decref(rows[j]);
	free(rows);
	json_decref(items);
	json_decref(depts);
	json_decref(a.days);
	return ec;
}
