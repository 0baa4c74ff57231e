/* complaint_hotspots.c — 12345 hotspots: requests per day × street ×
 * category over a period, from the counters intake keeps in its own
 * transaction (complaint_hotspot_add), each with the mean of its trailing
 * COMPLAINT_SPIKE_DAYS days and the spike flag of complaint_spike (未诉先办:
 * a street office sees the noise complaints of one street tripling before
 * the next hundred calls). Spikes come first, then the busiest. */
#include "domain/complaints/complaint.h"
#include "domain/complaints/complaint_rules.h"
#include "domain/complaints/complaint_store.h"
#include "base/date.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOTSPOT_MAX_DAYS 92   /* a quarter */
#define HOTSPOT_MAX_ITEMS 500 /* the heaviest; `truncated` says when there were more */

struct scan {
	day_t from;
	double factor;
	char key[3][64];                    /* district, street, category of the group being read */
	int64_t days[COMPLAINT_SPIKE_DAYS]; /* the group's latest rows, oldest first */
	int64_t ns[COMPLAINT_SPIKE_DAYS];
	int kept;
	json_t *items;
	int spikes;
};

static json_t *named(const char *code, const char *zh, const char *en)
{
	if (!code || !*code)
		return json_null();
	return json_pack("{ss s{ss ss}}", "code", code, "name", "zh", zh ? zh : code, "en", en ? en : code);
}

static void take(const hotspot_row_t *r, void *ctx)
{
	struct scan *x = ctx;
	const char *key[3] = {r->district, r->street, r->category};
	bool same = true;
	for (int i = 0; i < 3; i++)
		if (strcmp(x->key[i], key[i] ? key[i] : "") != 0) {
			same = false;
			snprintf(x->key[i], sizeof x->key[i], "%s", key[i] ? key[i] : "");
		}
	if (!same)
		x->kept = 0;
	/* the counts of the window's days, 0 for a day without requests */
	int64_t before[COMPLAINT_SPIKE_DAYS] = {0};
	for (int i = 0; i < x->kept; i++) {
		int64_t back = r->day - x->days[i]; /* 1 .. */
		if (back >= 1 && back <= COMPLAINT_SPIKE_DAYS)
			before[COMPLAINT_SPIKE_DAYS - back] = x->ns[i];
	}
	if (r->day >= x->from) {
		int64_t sum = 0;
		for (int i = 0; i < COMPLAINT_SPIKE_DAYS; i++)
			sum += before[i];
		bool spike =
		    complaint_spike(r->n, before, COMPLAINT_SPIKE_DAYS, x->factor, COMPLAINT_SPIKE_MIN);
		char day[DATE_STR_LEN];
		date_format((day_t)r->day, day);
		double mean = (double)sum / COMPLAINT_SPIKE_DAYS;
		json_array_append_new(
		    x->items,
		    json_pack("{ss ss so so sI sf sb}", "day", day, "district", r->district, "street",
			      named(r->street, r->street_zh, r->street_en), "category",
			      named(r->category, r->category_zh, r->category_en), "count", (json_int_t)r->n,
			      "trailing_mean", (double)(int64_t)(mean * 100 + 0.5) / 100, "spike", spike));
		x->spikes += spike;
	}
	/* keep this row for the days after it */
	if (x->kept == COMPLAINT_SPIKE_DAYS) {
		memmove(x->days, x->days + 1, sizeof x->days[0] * (COMPLAINT_SPIKE_DAYS - 1));
		memmove(x->ns, x->ns + 1, sizeof x->ns[0] * (COMPLAINT_SPIKE_DAYS - 1));
		x->kept--;
	}
	x->days[x->kept] = r->day;
	x->ns[x->kept++] = r->n;
}

static int by_weight(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int sx = json_is_true(json_object_get(x, "spike")), sy = json_is_true(json_object_get(y, "spike"));
	if (sx != sy)
		return sy - sx;
	json_int_t cx = json_integer_value(json_object_get(x, "count")),
		   cy = json_integer_value(json_object_get(y, "count"));
	if (cx != cy)
		return cx < cy ? 1 : -1;
	int d = strcmp(json_string_value(json_object_get(y, "day")),
		       json_string_value(json_object_get(x, "day")));
	if (d)
		return d;
	/* then by place and category, so that equal weights keep one order */
	d = strcmp(json_string_value(json_object_get(x, "district")),
		   json_string_value(json_object_get(y, "district")));
	if (d)
		return d;
	json_t *stx = json_object_get(json_object_get(x, "street"), "code"),
	       *sty = json_object_get(json_object_get(y, "street"), "code");
	d = strcmp(stx ? json_string_value(stx) : "", sty ? json_string_value(sty) : "");
	if (d)
		return d;
	return strcmp(json_string_value(json_object_get(json_object_get(x, "category"), "code")),
		      json_string_value(json_object_get(json_object_get(y, "category"), "code")));
}

errcode_t complaint_hotspots(dbc_t *c, const complaint_hotspot_query_t *q, json_t **out, errs_t *e)
{
	day_t f = 0, t = 0;
	bool fok = q->from && date_parse(q->from, &f), tok = q->to && date_parse(q->to, &t);
	if (!fok)
		errs_add(e, "from", "date", "起始日期应为 YYYY-MM-DD", "from is a date YYYY-MM-DD");
	if (!tok)
		errs_add(e, "to", "date", "截止日期应为 YYYY-MM-DD", "to is a date YYYY-MM-DD");
	if (fok && tok && (t < f || t - f >= HOTSPOT_MAX_DAYS))
		errs_add(e, "to", "range", "区间应在起始日期之后且不超过 92 天",
			 "to is on or after from, at most 92 days in all");
	char level[16], up[REGION_CODE_LEN], parent[COMPLAINT_CODE_LEN], tc[16];
	if (q->district && (!complaint_region(c, q->district, level, up) || strcmp(level, "district") != 0))
		errs_add(e, "district", "unknown", "没有这个区", "no such district");
	if (q->category && !complaint_category_get(c, q->category, parent, tc))
		errs_add(e, "category", "unknown", "没有这个诉求分类", "no such category");
	double factor = COMPLAINT_SPIKE_FACTOR;
	if (q->factor) {
		char *end = NULL;
		factor = strtod(q->factor, &end);
		if (!*q->factor || *end || !(factor >= 1.0 && factor <= 20.0))
			errs_add(e, "factor", "range", "倍数应为 1 到 20 之间的数",
				 "factor is a number from 1 to 20");
	}
	if (errs_any(e))
		return E_VALIDATION;
	struct scan x = {.from = f, .factor = factor, .items = json_array()};
	complaint_hotspot_each(c, (int64_t)f - COMPLAINT_SPIKE_DAYS, t, q->district, q->category, take, &x);
	size_t n = json_array_size(x.items);
	json_t **v = malloc((n ? n : 1) * sizeof *v);
	if (!v) {
		json_decref(x.items);
		return E_INTERNAL;
	}
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(x.items, i));
	qsort(v, n, sizeof *v, by_weight);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		if (i < HOTSPOT_MAX_ITEMS)
			json_array_append_new(items, v[i]);
		else
			json_decref(v[i]);
	free(v);
	json_decref(x.items);
	*out = json_pack("{ss ss sf si si si sb so}", "from", q->from, "to", q->to, "factor", factor,
			 "window_days", COMPLAINT_SPIKE_DAYS, "min_count", COMPLAINT_SPIKE_MIN, "spikes",
			 x.spikes, "truncated", n > HOTSPOT_MAX_ITEMS, "items", items);
	return E_OK;
}
