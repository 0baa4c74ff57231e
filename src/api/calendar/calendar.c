/* calendar.c — the working calendar over HTTP:
 *   GET /api/v1/calendar/{region}/{year}        a year as the platform counts it
 *   PUT /api/v1/calendar/{region}/{year}        load the year's notice (admin)
 *   GET /api/v1/calendar/{region}/workdays?from=YYYY-MM-DD&add=N | &to=YYYY-MM-DD */
#include "api/api.h"
#include "base/date.h"
#include "domain/calendar/workcal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool region_ok(const char *s)
{
	if (!s || strlen(s) != 6)
		return false;
	for (int i = 0; i < 6; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool parse_year(req_t *r, int *year, errs_t *e)
{
	const char *ys = req_param(r, "year");
	char *end;
	long y = strtol(ys, &end, 10);
	if (*end || strlen(ys) != 4 || y < 1900 || y > 9999) {
		errs_add(e, "year", "type", "年份应为四位数字", "the year must be four digits");
		return false;
	}
	*year = (int)y;
	return true;
}

void api_calendar_get(req_t *r)
{
	errs_t e = ERRS_INIT;
	int year = 0;
	const char *region = req_param(r, "region");
	if (!region_ok(region))
		errs_add(&e, "region", "region", "地区代码应为 6 位数字", "the region code has 6 digits");
	parse_year(r, &year, &e);
	if (errs_any(&e)) {
		reply_errors(r, E_VALIDATION, &e);
		errs_clear(&e);
		return;
	}
	json_t *out = NULL;
	errcode_t ec = workcal_year_json(store_reader(r->store), region, year, &out);
	if (ec != E_OK)
		reply_problem(r, ec, "没有这个地区", "no such region", NULL);
	else
		reply_json(r, 200, out);
}

void api_calendar_put(req_t *r)
{
	errs_t e = ERRS_INIT;
	int year = 0;
	const char *region = req_param(r, "region");
	if (!region_ok(region))
		errs_add(&e, "region", "region", "地区代码应为 6 位数字", "the region code has 6 digits");
	parse_year(r, &year, &e);
	if (!r->body)
		errs_add(&e, "", "required", "需要节假日安排 JSON", "the holiday notice JSON is required");
	if (errs_any(&e)) {
		reply_errors(r, E_VALIDATION, &e);
		errs_clear(&e);
		return;
	}
	int moved = 0;
	errcode_t ec =
	    workcal_load_year(r->store, &r->actor, region, year, r->raw_body, r->raw_len, &e, &moved);
	if (ec == E_VALIDATION)
		reply_errors(r, ec, &e);
	else if (ec != E_OK)
		reply_problem(r, ec, ec == E_NOT_FOUND ? "没有这个地区" : NULL,
			      ec == E_NOT_FOUND ? "no such region" : NULL, NULL);
	else {
		json_t *out = NULL;
		workcal_year_json(store_reader(r->store), region, year, &out);
		json_object_set_new(out, "deadlines_moved", json_integer(moved));
		reply_json(r, 200, out);
	}
	errs_clear(&e);
}

void api_calendar_workdays(req_t *r)
{
	errs_t e = ERRS_INIT;
	const char *region = req_param(r, "region");
	const char *from = req_query(r, "from"), *add = req_query(r, "add"), *to = req_query(r, "to");
	day_t f = 0, t = 0;
	long n = 0;
	if (!region_ok(region))
		errs_add(&e, "region", "region", "地区代码应为 6 位数字", "the region code has 6 digits");
	if (!from || !date_parse(from, &f))
		errs_add(&e, "from", "invalid_date", "应为有效日期 YYYY-MM-DD", "must be a real date YYYY-MM-DD");
	if ((add != NULL) == (to != NULL))
		errs_add(&e, add ? "to" : "add", "required", "请给出 add（工作日数）或 to（截止日期）之一",
			 "give exactly one of add or to");
	if (add) {
		char *end;
		n = strtol(add, &end, 10);
		if (*end || !*add || n < 0 || n > 3650)
			errs_add(&e, "add", "too_large", "工作日数应为 0 至 3650", "add must be 0 to 3650");
	}
	if (to && !date_parse(to, &t))
		errs_add(&e, "to", "invalid_date", "应为有效日期 YYYY-MM-DD", "must be a real date YYYY-MM-DD");
	if (errs_any(&e)) {
		reply_errors(r, E_VALIDATION, &e);
		errs_clear(&e);
		return;
	}
	dbc_t *c = store_reader(r->store);
	char fs[DATE_STR_LEN], ds[DATE_STR_LEN];
	date_format(f, fs);
	if (add) {
		deadline_t d;
		errcode_t ec = workcal_add(c, region, f, (int)n, &d);
		if (ec != E_OK) {
			reply_problem(r, ec, "没有这个地区", "no such region", NULL);
			return;
		}
		date_format(d.due, ds);
		reply_json(r, 200,
			   json_pack("{ss ss si ss sb}", "region", region, "from", fs, "add", (int)n, "date",
				     ds, "provisional", d.provisional));
	} else {
		int count;
		bool prov;
		errcode_t ec = workcal_between(c, region, f, t, &count, &prov);
		if (ec != E_OK) {
			reply_problem(r, ec, "没有这个地区", "no such region", NULL);
			return;
		}
		date_format(t, ds);
		reply_json(r, 200,
			   json_pack("{ss ss ss si sb}", "region", region, "from", fs, "to", ds, "workdays",
				     count, "provisional", prov));
	}
}
