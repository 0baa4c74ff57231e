/* stats_demand.c — demand by hour × weekday × channel (see stats.h):
 * applications at the moment of submission, bookings and full-slot refusals
 * at the hour asked for, counted as they happen and summed for the heat map. */
#include "domain/stats/stats.h"
#include "domain/stats/stats_store.h"
#include "base/date.h"
#include <string.h>

#define HOUR_MS (3600 * 1000LL)
#define CST_MS (8 * HOUR_MS) /* Asia/Shanghai */

int stats_demand_application(dbc_t *c, bool rebuilt, int64_t at, const char *department,
			     const char *matter_code, const char *channel)
{
	char day[DATE_STR_LEN];
	day_t d = date_from_ms(at);
	date_format(d, day);
	int64_t local = at + CST_MS, in_day = local % (24 * HOUR_MS);
	int hour = (int)((in_day < 0 ? in_day + 24 * HOUR_MS : in_day) / HOUR_MS);
	stats_demand_key_t k = {
	    day, hour, date_weekday(d), department, matter_code ? matter_code : "", channel ? channel : ""};
	return stats_store_demand_to(c, rebuilt, &k, 1, 0, 0);
}

static int booking(dbc_t *c, bool rebuilt, const stats_demand_key_t *in, int64_t bookings, int64_t refused)
{
	day_t d;
	if (!date_parse(in->day, &d) || in->hour < 0 || in->hour > 23)
		return -1;
	stats_demand_key_t k = *in;
	k.weekday = date_weekday(d);
	return stats_store_demand_to(c, rebuilt, &k, 0, bookings, refused);
}

int stats_demand_counted(dbc_t *c, const char *department, const char *matter_code, const char *channel,
			 const char *day, int hour, bool refused)
{
	if (!stats_counters_kept())
		return 0;
	stats_demand_key_t k = {day, hour, 0, department, matter_code ? matter_code : "", channel};
	return booking(c, false, &k, !refused, refused);
}

typedef struct {
	dbc_t *c;
	int rc;
} scan_t;

static void rebuilt_row(const stats_demand_key_t *k, int64_t bookings, int64_t refused, void *p)
{
	scan_t *x = p;
	if (x->rc == 0 && booking(x->c, true, k, bookings, refused) != 0)
		x->rc = -1;
}

int stats_demand_rebuild(dbc_t *c)
{
	scan_t x = {c, 0};
	return stats_store_scan_demand(c, rebuilt_row, &x) != 0 ? -1 : x.rc;
}

static void add_cell(int weekday, int hour, const char *channel, int64_t applications, int64_t bookings,
		     int64_t refused, void *ctx)
{
	json_t **acc = ctx;
	json_array_append_new(acc[0],
			      json_pack("{s:i, s:i, s:s, s:I, s:I, s:I}", "weekday", weekday, "hour", hour,
					"channel", channel, "applications", (json_int_t)applications,
					"bookings", (json_int_t)bookings, "refused", (json_int_t)refused));
	json_t *t = acc[1];
	const char *keys[] = {"applications", "bookings", "refused"};
	int64_t v[] = {applications, bookings, refused};
	for (int i = 0; i < 3; i++)
		json_object_set_new(t, keys[i],
				    json_integer(json_integer_value(json_object_get(t, keys[i])) + v[i]));
}

json_t *stats_demand(dbc_t *c, const stats_query_t *q)
{
	stats_filter_t f = {q->from, q->to, q->department, q->matter, q->channel};
	json_t *acc[2] = {json_array(),
			  json_pack("{s:i, s:i, s:i}", "applications", 0, "bookings", 0, "refused", 0)};
	if (stats_store_demand(c, &f, add_cell, acc) != 0) {
		json_decref(acc[0]);
		json_decref(acc[1]);
		return NULL;
	}
	return json_pack("{s:{s:s, s:s, s:s?, s:s?, s:s?}, s:o, s:o}", "query", "from", q->from, "to", q->to,
			 "department", q->department, "matter", q->matter, "channel", q->channel, "cells",
			 acc[0], "totals", acc[1]);
}
