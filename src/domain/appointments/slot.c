/* slot.c — the times a department's windows take appointments: the pure
 * helpers that read and check "HH:MM" times and Asia/Shanghai wall time, and
 * publishing a slot (see appointment.h). Whether a new slot overlaps another
 * is decided inside the writer callback, on the state the write changes. */
#include "domain/appointments/appointment.h"
#include "domain/appointments/appointment_store.h"
#include "domain/core/audit.h"
#include "base/clock.h"
#include "base/crypto.h"
#include <limits.h>
#include <stdio.h>
#include <string.h>

#define UTC8_OFFSET_MS (8LL * 3600 * 1000)

/* ------------------------------------------------------------ pure helpers */

bool appt_time_parse(const char *s, int *minutes)
{
	if (!s || strlen(s) != 5 || s[2] != ':')
		return false;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return false;
	int h = (s[0] - '0') * 10 + (s[1] - '0');
	int m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23 || m > 59)
		return false;
	*minutes = h * 60 + m;
	return true;
}

void appt_time_format(int minutes, char out[APPT_TIME_LEN])
{
	if (minutes < 0 || minutes > 1439)
		minutes = 0;
	snprintf(out, APPT_TIME_LEN, "%02d:%02d", minutes / 60, minutes % 60);
}

int64_t appt_local_ms(day_t day, int minutes)
{
	return (int64_t)day * 86400000LL + (int64_t)minutes * 60000LL - UTC8_OFFSET_MS;
}

bool appt_slot_is_past(day_t day, int start_minutes, int64_t now_ms)
{
	return appt_local_ms(day, start_minutes) <= now_ms;
}

bool appt_slot_check(const char *date, const char *start, const char *end, long long capacity, int64_t now_ms,
		     slot_spec_t *out, errs_t *e)
{
	size_t before = e->n;
	bool day_ok = false, start_ok = false, end_ok = false;
	memset(out, 0, sizeof *out);
	if (date) {
		day_ok = date_parse(date, &out->day);
		if (!day_ok)
			errs_add(e, "date", "invalid_date", "应为有效日期 YYYY-MM-DD",
				 "must be a real date YYYY-MM-DD");
	}
	if (start) {
		start_ok = appt_time_parse(start, &out->start);
		if (!start_ok)
			errs_add(e, "start", "invalid_time", "应为 HH:MM（00:00 至 23:59）",
				 "must be HH:MM (00:00 to 23:59)");
	}
	if (end) {
		end_ok = appt_time_parse(end, &out->end);
		if (!end_ok)
			errs_add(e, "end", "invalid_time", "应为 HH:MM（00:00 至 23:59）",
				 "must be HH:MM (00:00 to 23:59)");
	}
	if (start_ok && end_ok && out->end <= out->start)
		errs_add(e, "end", "not_after_start", "结束时间应晚于开始时间", "must be after the start");
	if (capacity != LLONG_MIN) {
		if (capacity < 1)
			errs_addi(e, "capacity", "too_small", "不能小于 %lld", "must be at least %lld", 1);
		else if (capacity > APPT_CAPACITY_MAX)
			errs_addi(e, "capacity", "too_large", "不能大于 %lld", "must be at most %lld",
				  APPT_CAPACITY_MAX);
		else
			out->capacity = (int)capacity;
	}
	if (day_ok) {
		day_t today = date_from_ms(now_ms);
		if (out->day - today > APPT_DAYS_AHEAD_MAX)
			errs_addi(e, "date", "too_far", "最多提前 %lld 天发布",
				  "may be at most %lld days ahead", APPT_DAYS_AHEAD_MAX);
		else if (out->day < today || (start_ok && appt_slot_is_past(out->day, out->start, now_ms)))
			errs_add(e, "date", "past", "不能发布已经开始的时段",
				 "the slot would already have begun");
	}
	return e->n == before;
}

/* ------------------------------------------------------------ publishing */

struct publish_ctx {
	const actor_t *by;
	const slot_spec_t *spec;
	slot_row_t row;
	bool same_start; /* out: the conflict is a slot starting at the same time */
};

static int publish_write(dbc_t *c, void *arg)
{
	struct publish_ctx *x = arg;
	slot_row_t *r = &x->row;
	x->same_start = false;
	if (!appointment_store_department_exists(c, r->department))
		return E_NOT_FOUND;
	char other[APPT_TIME_LEN];
	int rc = appointment_store_slot_overlap(c, r->department, r->day, r->start, r->end, other);
	if (rc == DB_ROW) {
		x->same_start = strcmp(other, r->start) == 0;
		return E_CONFLICT;
	}
	if (rc != DB_DONE)
		return -1;
	rc = appointment_store_slot_insert(c, r, clock_now_ms(), x->by->id);
	if (rc == DB_CONSTRAINT) {
		x->same_start = true;
		return E_CONFLICT;
	}
	if (rc != DB_DONE)
		return -1;
	json_t *detail = json_pack("{ss ss ss ss si}", "department", r->department, "date", r->day, "start",
				   r->start, "end", r->end, "capacity", x->spec->capacity);
	rc = audit_append(c, x->by, "slot.publish", "slot", r->id, 0, 1, detail);
	json_decref(detail);
	return rc;
}

/* slot_publish on its own write (st), or inside the caller's (st NULL, on c). */
static errcode_t publish_on(store_t *st, dbc_t *c, const actor_t *by, const char *department,
			    const slot_spec_t *spec, char id_out[APPT_ID_LEN], errs_t *errs)
{
	struct publish_ctx x = {.by = by, .spec = spec};
	slot_row_t *r = &x.row;
	id_new(r->id);
	snprintf(r->department, sizeof r->department, "%s", department);
	if (strlen(department) >= sizeof r->department)
		return E_NOT_FOUND; /* no department has so long a code */
	date_format(spec->day, r->day);
	appt_time_format(spec->start, r->start);
	appt_time_format(spec->end, r->end);
	r->capacity = spec->capacity;
	int rc = st ? store_write(st, publish_write, &x) : publish_write(c, &x);
	if (rc == E_CONFLICT) {
		if (x.same_start)
			errs_add(errs, "start", "taken", "该部门在此时间已有时段",
				 "the department has a slot starting then");
		else
			errs_add(errs, "start", "overlap", "与该部门已有的时段重叠",
				 "overlaps a slot of the department");
	}
	if (rc > 0)
		return (errcode_t)rc;
	if (rc < 0)
		return E_INTERNAL;
	memcpy(id_out, r->id, APPT_ID_LEN);
	return E_OK;
}

errcode_t slot_publish(store_t *st, const actor_t *by, const char *department, const slot_spec_t *spec,
		       char id_out[APPT_ID_LEN], errs_t *errs)
{
	return publish_on(st, NULL, by, department, spec, id_out, errs);
}

errcode_t slot_publish_within(dbc_t *c, const actor_t *by, const char *department, const slot_spec_t *spec,
			      char id_out[APPT_ID_LEN], errs_t *errs)
{
	return publish_on(NULL, c, by, department, spec, id_out, errs);
}
