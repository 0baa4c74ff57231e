/* workcal_read.c — a region's calendar year and the administrators'
 * warnings as JSON (see workcal.h). */
#include "domain/calendar/workcal.h"
#include "domain/calendar/workcal_int.h"
#include "domain/calendar/workcal_store.h"
#include "domain/core/geo.h"
#include "base/clock.h"
#include <stdio.h>
#include <stdlib.h>

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
	char owner[REGION_CODE_LEN];
	if (!geo_region_known(c, region))
		return E_NOT_FOUND;
	workcal_owner(c, region, owner);
	json_t *o = json_pack("{ss si ss}", "region", region, "year", year, "calendar_of", owner);
	struct year_arg y = {year, o};
	errcode_t e = workcal_with(c, region, do_year, &y);
	if (e != E_OK) {
		json_decref(y.o);
		return e;
	}
	char src_region[REGION_CODE_LEN];
	if (workcal_year_region(c, owner, year, src_region))
		json_object_set_new(y.o, "calendar_of", json_string(src_region));
	else
		snprintf(src_region, sizeof src_region, "%s", owner);
	int64_t loaded_at = 0;
	char *source = workcal_store_year_source(c, src_region, year, &loaded_at);
	if (source) {
		char ts[32];
		clock_format_iso(loaded_at, ts);
		json_object_set_new(y.o, "source", json_string(source));
		json_object_set_new(y.o, "loaded_at", json_string(ts));
		free(source);
	}
	if (!json_is_true(json_object_get(y.o, "loaded")))
		json_object_set_new(y.o, "notice", json_pack("{ss ss}",
			"zh", "该年度节假日安排尚未录入：按周末推算的期限为临时期限，录入后将自动重算。",
			"en", "This year's holiday notice is not loaded: deadlines in it count weekends "
			      "only, are provisional, and are recomputed when it is loaded."));
	*out = y.o;
	return E_OK;
}

json_t *workcal_warnings(dbc_t *c, int64_t now_ms)
{
	json_t *arr = json_array();
	int y, m, d;
	date_to_ymd(date_from_ms(now_ms), &y, &m, &d);
	if (m < 10)
		return arr;
	if (!workcal_store_has_year(c, NATIONAL_REGION, y + 1)) {
		char zh[256], en[256];
		snprintf(zh, sizeof zh,
			 "%d 年节假日安排尚未录入。跨年期限暂按周末推算（临时），"
			 "请在国务院通知发布后录入。", y + 1);
		snprintf(en, sizeof en,
			 "The %d holiday notice is not loaded. Deadlines into %d count weekends only "
			 "(provisional); load it when the State Council publishes it.", y + 1, y + 1);
		json_array_append_new(arr,
				      json_pack("{ss si ss ss}", "code", "calendar_year_missing", "year",
						y + 1, "zh", zh, "en", en));
	}
	return arr;
}
