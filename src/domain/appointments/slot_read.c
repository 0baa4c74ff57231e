/* slot_read.c — the JSON views of slots (see appointment.h): one slot, and a
 * department's slots of a day. Rows come typed from appointment_store.c. */
#include "domain/appointments/appointment.h"
#include "domain/appointments/appointment_store.h"

struct view_ctx {
	json_t *arr;
	int64_t now_ms;
};

static json_t *slot_view(const slot_row_t *r, int64_t now_ms)
{
	day_t day = 0;
	int start = 0;
	date_parse(r->day, &day);
	appt_time_parse(r->start, &start);
	return json_pack("{ss ss ss ss sI sI sI sb sI}", "id", r->id, "date", r->day, "start", r->start,
			 "end", r->end, "capacity", (json_int_t)r->capacity, "booked", (json_int_t)r->booked,
			 "available", (json_int_t)(r->capacity > r->booked ? r->capacity - r->booked : 0),
			 "past", appt_slot_is_past(day, start, now_ms), "version", (json_int_t)r->version);
}

json_t *slot_json(dbc_t *c, const char *slot_id, int64_t now_ms)
{
	slot_row_t r;
	if (appointment_store_slot_get(c, slot_id, &r) != DB_ROW)
		return NULL;
	json_t *o = slot_view(&r, now_ms);
	json_object_set_new(o, "department", json_string(r.department));
	return o;
}

static void add_slot(const slot_row_t *r, void *arg)
{
	struct view_ctx *x = arg;
	json_array_append_new(x->arr, slot_view(r, x->now_ms));
}

errcode_t slot_list_for_day(dbc_t *c, const char *department, day_t day, int64_t now_ms, json_t **out)
{
	if (!appointment_store_department_exists(c, department))
		return E_NOT_FOUND;
	char ds[DATE_STR_LEN];
	date_format(day, ds);
	struct view_ctx x = {.arr = json_array(), .now_ms = now_ms};
	if (appointment_store_slots_of_day(c, department, ds, add_slot, &x) != DB_DONE) {
		json_decref(x.arr);
		return E_INTERNAL;
	}
	*out = json_pack("{ss ss so}", "department", department, "date", ds, "slots", x.arr);
	return E_OK;
}
