/* slot_change.c — changing a published slot (see appointment.h): withdrawing
 * one that nobody holds, and setting its capacity, never below the places
 * already booked. Both read the slot and change it in one writer callback, so
 * a booking that lands first is seen: the rules hold under any concurrency. */
#include "domain/appointments/appointment.h"
#include "domain/appointments/appointment_store.h"
#include "domain/core/audit.h"
#include "base/clock.h"
#include <string.h>

struct change_ctx {
	const actor_t *by;
	const char *department, *slot_id;
	int64_t if_version;
	int capacity;   /* 0: withdraw */
	int64_t booked; /* out: the places held when refused */
};

/* The slot of the department, not begun, of the version asked for: 0, or a refusal. */
static int current(dbc_t *c, struct change_ctx *x, slot_row_t *r)
{
	int rc = appointment_store_slot_get(c, x->slot_id, r);
	if (rc == DB_DONE || (rc == DB_ROW && strcmp(r->department, x->department) != 0))
		return E_NOT_FOUND;
	if (rc != DB_ROW)
		return -1;
	if (x->if_version && x->if_version != r->version)
		return E_STALE;
	day_t day = 0;
	int start = 0;
	if (!date_parse(r->day, &day) || !appt_time_parse(r->start, &start))
		return -1;
	if (appt_slot_is_past(day, start, clock_now_ms()))
		return E_STATE;
	x->booked = r->booked;
	return 0;
}

static int withdraw_write(dbc_t *c, void *arg)
{
	struct change_ctx *x = arg;
	slot_row_t r;
	x->booked = 0;
	int rc = current(c, x, &r);
	if (rc != 0)
		return rc;
	if (r.booked > 0)
		return E_CONFLICT;
	int dropped = appointment_store_slot_drop_cancelled(c, r.id);
	if (dropped < 0)
		return -1;
	if (appointment_store_slot_delete(c, r.id) != 1)
		return -1;
	json_t *detail = json_pack("{ss ss ss ss sI si}", "department", r.department, "date", r.day, "start",
				   r.start, "end", r.end, "capacity", (json_int_t)r.capacity,
				   "cancelled_bookings_removed", dropped);
	rc = audit_append(c, x->by, "slot.withdraw", "slot", r.id, r.version, 0, detail);
	json_decref(detail);
	return rc;
}

errcode_t slot_withdraw(store_t *st, const actor_t *by, const char *department, const char *slot_id,
			int64_t if_version, int64_t *booked_out)
{
	struct change_ctx x = {
	    .by = by, .department = department, .slot_id = slot_id, .if_version = if_version};
	int rc = store_write(st, withdraw_write, &x);
	*booked_out = x.booked;
	if (rc > 0)
		return (errcode_t)rc;
	return rc < 0 ? E_INTERNAL : E_OK;
}

static int capacity_write(dbc_t *c, void *arg)
{
	struct change_ctx *x = arg;
	slot_row_t r;
	x->booked = 0;
	int rc = current(c, x, &r);
	if (rc != 0)
		return rc;
	if (r.booked > x->capacity)
		return E_VALIDATION;
	if (appointment_store_slot_set_capacity(c, r.id, x->capacity) != 1)
		return -1;
	json_t *detail =
	    json_pack("{ss sI si sI}", "department", r.department, "capacity_before", (json_int_t)r.capacity,
		      "capacity", x->capacity, "booked", (json_int_t)r.booked);
	rc = audit_append(c, x->by, "slot.capacity", "slot", r.id, r.version, r.version + 1, detail);
	json_decref(detail);
	return rc;
}

errcode_t slot_set_capacity(store_t *st, const actor_t *by, const char *department, const char *slot_id,
			    int capacity, int64_t if_version, errs_t *errs)
{
	struct change_ctx x = {.by = by,
			       .department = department,
			       .slot_id = slot_id,
			       .if_version = if_version,
			       .capacity = capacity};
	int rc = store_write(st, capacity_write, &x);
	if (rc == E_VALIDATION)
		errs_addi(errs, "capacity", "below_booked", "已有 %lld 人预约，容量不能少于已预约人数",
			  "%lld places are booked; the capacity cannot be lower", x.booked);
	if (rc > 0)
		return (errcode_t)rc;
	return rc < 0 ? E_INTERNAL : E_OK;
}
