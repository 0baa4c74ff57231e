/* appointment.c — booking, cancelling and checking in, and the unmet demand
 * refusals reveal (see appointment.h).
 *
 * Every decision that depends on the current state — is the slot begun, is it
 * full, does this person already hold it, is the appointment still booked —
 * is taken inside the writer callback, on the state the write will change;
 * checks made earlier on the read connection only pick the error message for
 * inputs that cannot succeed whatever the state (an unknown matter). */
#include "domain/appointments/appointment.h"
#include "domain/appointments/appointment_store.h"
#include "domain/stats/stats.h"
#include "domain/appointments/visit.h"
#include "domain/catalog/matter.h"
#include "domain/core/audit.h"
#include "domain/core/message.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/log.h"
#include "base/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool appointment_department_exists(dbc_t *c, const char *department)
{
	return appointment_store_department_exists(c, department);
}

bool appointment_owner(dbc_t *c, const char *id, char account_out[APPT_ACCOUNT_LEN],
		       char department_out[APPT_DEPT_LEN])
{
	return appointment_store_owner(c, id, account_out, department_out) == DB_ROW;
}

/* ------------------------------------------------------------ booking */

static bool channel_valid(const char *ch)
{
	return ch && (!strcmp(ch, "online") || !strcmp(ch, "mobile") || !strcmp(ch, "window"));
}

/* A message to the booker about appointment `id` at the slot (day, start, end). */
static int notify(dbc_t *c, const char *account, const char *kind, const char *id, const char *department,
		  const char *day, const char *start, const char *end)
{
	char dzh[160], den[200], bzh[512], ben[512];
	const char *tzh, *ten, *fzh, *fen;
	appointment_store_department_names(c, department, dzh, sizeof dzh, den, sizeof den);
	if (!strcmp(kind, "appointment_booked")) {
		tzh = "预约成功";
		ten = "Appointment booked";
		fzh = "您已预约%s %s %s—%s 的窗口服务，请按时携带证件到场。";
		fen = "You have an appointment at %s on %s, %s-%s. Please bring your ID.";
	} else if (!strcmp(kind, "appointment_cancelled")) {
		tzh = "预约已取消";
		ten = "Appointment cancelled";
		fzh = "您在%s %s %s—%s 的预约已取消。";
		fen = "Your appointment at %s on %s, %s-%s is cancelled.";
	} else {
		tzh = "已签到";
		ten = "Checked in";
		fzh = "您已在%s签到（预约 %s %s—%s），请留意叫号。";
		fen = "You are checked in at %s (appointment %s, %s-%s); please wait to be called.";
	}
	int a = snprintf(bzh, sizeof bzh, fzh, dzh, day, start, end);
	int b = snprintf(ben, sizeof ben, fen, den, day, start, end);
	if (a < 0 || (size_t)a >= sizeof bzh || b < 0 || (size_t)b >= sizeof ben)
		return -1;
	return message_add(c, account, kind, tzh, ten, bzh, ben, "appointment", id);
}

struct book_ctx {
	const actor_t *by;
	const char *slot_id, *matter, *channel;
	const char *id;
	slot_row_t slot;     /* set afresh by every run of the callback */
	const char *refusal; /* "full" | "past" when the refusal is unmet demand */
	bool same_day;	     /* refused: the person holds that matter's place that day */
};

static int book_write(dbc_t *c, void *arg)
{
	struct book_ctx *x = arg;
	slot_row_t *sl = &x->slot;
	x->refusal = NULL;
	x->same_day = false;
	memset(sl, 0, sizeof *sl);
	int64_t now = clock_now_ms();
	int rc = appointment_store_slot_get(c, x->slot_id, sl);
	if (rc == DB_DONE)
		return E_NOT_FOUND;
	if (rc != DB_ROW)
		return -1;
	day_t day;
	int start;
	if (!date_parse(sl->day, &day) || !appt_time_parse(sl->start, &start))
		return -1;
	if (appt_slot_is_past(day, start, now)) {
		x->refusal = "past";
		return E_VALIDATION;
	}
	rc = appointment_store_held(c, x->slot_id, x->by->id);
	if (rc == DB_ROW)
		return E_CONFLICT;
	if (rc != DB_DONE)
		return -1;
	/* one place a day per person and matter: several would hold back
	 * places others need, for one visit */
	rc = appointment_store_held_same_day(c, x->by->id, sl->department, sl->day, x->matter);
	if (rc == DB_ROW) {
		x->same_day = true;
		return E_CONFLICT;
	}
	if (rc != DB_DONE)
		return -1;
	if (sl->booked >= sl->capacity) {
		x->refusal = "full";
		return E_SLOT_FULL;
	}
	rc = appointment_store_slot_take(c, x->slot_id);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		x->refusal = "full";
		return E_SLOT_FULL;
	}
	rc = appointment_store_insert(c, x->id, x->slot_id, x->by->id, sl->department, x->matter, x->channel,
				      now);
	if (rc == DB_CONSTRAINT)
		return E_CONFLICT;
	if (rc != DB_DONE)
		return -1;
	/* the heat map's demand: the hour asked for, counted with the booking */
	if (stats_demand_counted(c, sl->department, x->matter, x->channel, sl->day, start / 60, false) != 0)
		return -1;
	json_t *detail = json_pack("{ss ss ss ss ss so}", "slot", x->slot_id, "department", sl->department,
				   "date", sl->day, "start", sl->start, "channel", x->channel, "matter",
				   x->matter ? json_string(x->matter) : json_null());
	rc = audit_append(c, x->by, "appointment.book", "appointment", x->id, 0, 1, detail);
	json_decref(detail);
	if (rc)
		return -1;
	return notify(c, x->by->id, "appointment_booked", x->id, sl->department, sl->day, sl->start, sl->end);
}

/* The refused booking, counted: one more in its unmet_demand cell. */
static int unmet_write(dbc_t *c, void *arg)
{
	struct book_ctx *x = arg;
	const slot_row_t *sl = &x->slot;
	day_t day;
	int start;
	if (!date_parse(sl->day, &day) || !appt_time_parse(sl->start, &start))
		return -1;
	if (appointment_store_unmet_add(c, sl->department, sl->day, start / 60, date_weekday(day), x->channel,
					x->matter ? x->matter : "", x->refusal) != 0)
		return -1;
	/* a full slot is demand the platform could not serve: on the heat map too */
	if (!strcmp(x->refusal, "full") &&
	    stats_demand_counted(c, sl->department, x->matter, x->channel, sl->day, start / 60, true) != 0)
		return -1;
	json_t *detail = json_pack("{ss ss ss ss ss so}", "reason", x->refusal, "department", sl->department,
				   "date", sl->day, "start", sl->start, "channel", x->channel, "matter",
				   x->matter ? json_string(x->matter) : json_null());
	int rc = audit_append(c, x->by, "appointment.refuse", "slot", x->slot_id, 0, 0, detail);
	json_decref(detail);
	return rc;
}

/* Errors for a matter that cannot be booked with a slot of slot_dept ("" when the slot is unknown). */
static void check_matter(dbc_t *c, const char *matter, const char *slot_dept, errs_t *errs)
{
	int64_t v;
	if (!matter_current_version(c, matter, &v)) {
		errs_add(errs, "matter", "not_found", "没有这个事项", "no such matter");
		return;
	}
	if (!matter_is_active(c, matter, NULL)) {
		errs_add(errs, "matter", "retired", "该事项已停止办理", "the matter is retired");
		return;
	}
	if (!slot_dept[0])
		return;
	json_t *doc = matter_doc(c, matter, v);
	const char *dept = json_string_value(json_object_get(doc, "department"));
	if (!dept || strcmp(dept, slot_dept) != 0)
		errs_add(errs, "matter", "other_department", "该事项不由此部门办理",
			 "another department handles this matter");
	json_decref(doc);
}

/* appointment_book on its own writes (st), or inside the caller's write (st NULL, on rc). */
static errcode_t book_on(store_t *st, dbc_t *rc, const actor_t *by, const char *slot_id, const char *matter,
			 const char *channel, errs_t *errs, char id_out[APPT_ID_LEN])
{
	if (!channel_valid(channel)) {
		errs_add(errs, "channel", "invalid", "渠道应为 online、mobile 或 window",
			 "channel must be online, mobile or window");
		return E_VALIDATION;
	}
	slot_row_t *sl = xmalloc(sizeof *sl);
	if (appointment_store_slot_get(rc, slot_id, sl) != DB_ROW) {
		sl->department[0] = '\0';
		errs_add(errs, "slot", "not_found", "没有这个预约时段", "no such slot");
	}
	if (matter)
		check_matter(rc, matter, sl->department, errs);
	free(sl);
	if (errs_any(errs))
		return E_VALIDATION;

	char id[APPT_ID_LEN];
	id_new(id);
	struct book_ctx *x = xcalloc(1, sizeof *x);
	*x = (struct book_ctx){.by = by, .slot_id = slot_id, .matter = matter, .channel = channel, .id = id};
	errcode_t ec = E_OK;
	int r = st ? store_write(st, book_write, x) : book_write(rc, x);
	if (r > 0 && x->refusal) {
		/* Its own durable write: the refusal is counted even though the booking is not (the
		 * refused book_write wrote nothing: within a caller's write, the same transaction). */
		if ((st ? store_write(st, unmet_write, x) : unmet_write(rc, x)) != 0)
			log_error("appointments: could not count unmet demand for slot %s", slot_id);
	}
	if (r == E_NOT_FOUND) {
		errs_add(errs, "slot", "not_found", "没有这个预约时段", "no such slot");
		ec = E_VALIDATION;
	} else if (r == E_VALIDATION) {
		errs_add(errs, "slot", "past", "该时段已经开始或已过去，请选择其他时段",
			 "the slot has begun; choose another");
		ec = E_VALIDATION;
	} else if (r == E_CONFLICT && x->same_day) {
		errs_add(errs, "slot", "same_day",
			 "您当天已预约了同一事项，不能重复预约；如需改期，请先取消原预约",
			 "you already hold an appointment for this matter that day; cancel it to move "
			 "it");
		ec = E_CONFLICT;
	} else if (r > 0) {
		ec = (errcode_t)r;
	} else if (r < 0) {
		ec = E_INTERNAL;
	} else {
		memcpy(id_out, id, APPT_ID_LEN);
	}
	free(x);
	return ec;
}

errcode_t appointment_book(store_t *st, const actor_t *by, const char *slot_id, const char *matter,
			   const char *channel, errs_t *errs, char id_out[APPT_ID_LEN])
{
	return book_on(st, store_reader(st), by, slot_id, matter, channel, errs, id_out);
}

errcode_t appointment_book_within(dbc_t *c, const actor_t *by, const char *slot_id, const char *matter,
				  const char *channel, errs_t *errs, char id_out[APPT_ID_LEN])
{
	return book_on(NULL, c, by, slot_id, matter, channel, errs, id_out);
}

/* ------------------------------------------------------------ cancel and check in */

struct change_ctx {
	const actor_t *by;
	const char *id;
	int64_t if_version;
	bool checkin;
	appt_row_t row; /* scratch: read afresh by every run of the callback */
};

static int change_write(dbc_t *c, void *arg)
{
	struct change_ctx *x = arg;
	appt_row_t *a = &x->row;
	int64_t now = clock_now_ms();
	int rc = appointment_store_get(c, x->id, a);
	if (rc == DB_DONE)
		return E_NOT_FOUND;
	if (rc != DB_ROW)
		return -1;
	day_t d;
	int start_min;
	if (!date_parse(a->day, &d) || !appt_time_parse(a->start, &start_min))
		return -1;
	if (x->checkin) {
		if (!(x->by->roles & ROLE_WINDOW_CLERK) || strcmp(x->by->department, a->department) != 0)
			return E_FORBIDDEN;
	} else if (strcmp(x->by->id, a->account) != 0)
		return E_NOT_FOUND; /* someone else's booking is not theirs to see */
	if (x->if_version && x->if_version != a->version)
		return E_STALE;
	if (strcmp(a->status, "booked") != 0)
		return E_STATE;
	/* a check-in records the visit: it happens on the appointment's own day */
	if (x->checkin ? date_from_ms(now) != d : appt_slot_is_past(d, start_min, now))
		return E_STATE;

	if (x->checkin) {
		if (appointment_store_mark_checked_in(c, x->id, a->version, now, x->by->id) != 0 ||
		    visit_record(c, a->account, a->department, VISIT_APPOINTMENT_CHECKIN, NULL, x->id,
				 x->by->id) != 0)
			return -1;
	} else {
		/* The place goes back to the slot for someone else. */
		if (appointment_store_mark_cancelled(c, x->id, a->version, now) != 0 ||
		    appointment_store_slot_release(c, a->slot_id) != 0)
			return -1;
	}
	json_t *detail = json_pack("{ss ss ss ss}", "slot", a->slot_id, "department", a->department, "date",
				   a->day, "start", a->start);
	rc = audit_append(c, x->by, x->checkin ? "appointment.checkin" : "appointment.cancel", "appointment",
			  x->id, a->version, a->version + 1, detail);
	json_decref(detail);
	if (rc)
		return -1;
	return notify(c, a->account, x->checkin ? "appointment_checked_in" : "appointment_cancelled", x->id,
		      a->department, a->day, a->start, a->end);
}

static errcode_t change(store_t *st, const actor_t *by, const char *id, int64_t if_version, bool checkin)
{
	struct change_ctx *x = xcalloc(1, sizeof *x);
	*x = (struct change_ctx){.by = by, .id = id, .if_version = if_version, .checkin = checkin};
	int r = store_write(st, change_write, x);
	free(x);
	if (r > 0)
		return (errcode_t)r;
	return r < 0 ? E_INTERNAL : E_OK;
}

errcode_t appointment_cancel(store_t *st, const actor_t *by, const char *id, int64_t if_version)
{
	return change(st, by, id, if_version, false);
}

errcode_t appointment_checkin(store_t *st, const actor_t *by, const char *id, int64_t if_version)
{
	return change(st, by, id, if_version, true);
}
