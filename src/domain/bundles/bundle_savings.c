/* bundle_savings.c — what one bundle case saved its applicant (docs/bundles.md):
 * trips to a window, uploads, answers given once, and working days, each
 * beside what the same matters applied for one by one would have cost. */
#include "domain/bundles/bundle_correction.h"
#include "domain/calendar/workcal.h"
#include "domain/cases/case.h"
#include "base/date.h"
#include <string.h>

static json_int_t num(const json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

json_t *bundle_savings_json(dbc_t *c, const json_t *doc, const case_brief_t *briefs, int n, bool ended)
{
	const json_t *g = json_object_get(doc, "guide");
	json_t *files = json_object();
	json_int_t links = 0;
	char first[16] = "", last[16] = "", region[16] = "";
	bool all_finished = n > 0;
	for (int i = 0; i < n; i++) {
		const case_brief_t b = briefs[i];
		if (!b.status[0]) { /* absent */
			all_finished = false;
			continue;
		}
		size_t k;
		json_t *f;
		json_array_foreach(b.files, k, f)
		    json_object_set_new(files, json_string_value(f), json_true());
		/* what the matter holds: each uploaded file it links, each certificate taken for it */
		links += (json_int_t)json_array_size(b.files) + b.certificates;
		if (b.submitted_day[0] && (!first[0] || strcmp(b.submitted_day, first) < 0))
			memcpy(first, b.submitted_day, sizeof first);
		if (b.finished_day[0] && strcmp(b.finished_day, last) > 0)
			memcpy(last, b.finished_day, sizeof last);
		else if (!b.finished_day[0])
			all_finished = false;
		if (!region[0])
			memcpy(region, b.region, sizeof region);
	}
	json_int_t uploads = (json_int_t)json_object_size(files);
	json_decref(files);
	json_t *o = json_pack("{sI sI sI sI sI sI sI sI sI}", "visits", num(g, "visits"), "visits_sum",
			      num(g, "visits_sum"), "fields", num(g, "fields_asked"), "fields_sum",
			      num(g, "fields_total"), "uploads", uploads, "uploads_sum", links,
			      "uploads_avoided", links - uploads, "promised_days", num(g, "promised_days"),
			      "promised_days_sum", num(g, "promised_days_sum"));
	/* working days from the first filing to the last decision, once the bundle has ended */
	day_t a, b;
	int days = 0;
	bool prov = false;
	if (ended && all_finished && date_parse(first, &a) && date_parse(last, &b) &&
	    workcal_between(c, region, a, b, &days, &prov) == E_OK)
		json_object_set_new(o, "days_taken", json_integer(days));
	else
		json_object_set_new(o, "days_taken", json_null());
	return o;
}
