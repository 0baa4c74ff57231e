/* appointments.c — slots, bookings, cancellations, check-ins and the unmet
 * demand they reveal (see appointments.h).
 *
 * Every decision that depends on the current state — is the slot begun, is it
 * full, does this person already hold it, is the appointment still booked —
 * is taken inside the writer callback, on the state the write will change;
 * checks made earlier on the read connection only pick the error message for
 * inputs that cannot succeed whatever the state (an unknown matter). */
#include "domain/appointments/appointment.h"
#include "domain/core/audit.h"
#include "domain/core/message.h"
#include "domain/appointments/visit.h"
#include "domain/calendar/workcal.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/log.h"
#include <limits.h>
#include <stdlib.h>
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

void appt_time_format(int minutes, char out[6])
{
	if (minutes < 0 || minutes > 1439)
		minutes = 0;
	snprintf(out, 6, "%02d:%02d", minutes / 60, minutes % 60);
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
			errs_add(e, "date", "invalid_date", "应为有效日期 YYYY-MM-DD", "must be a real date YYYY-MM-DD");
	}
	if (start) {
		start_ok = appt_time_parse(start, &out->start);
		if (!start_ok)
			errs_add(e, "start", "invalid_time", "应为 HH:MM（00:00 至 23:59）", "must be HH:MM (00:00 to 23:59)");
	}
	if (end) {
		end_ok = appt_time_parse(end, &out->end);
		if (!end_ok)
			errs_add(e, "end", "invalid_time", "应为 HH:MM（00:00 至 23:59）", "must be HH:MM (00:00 to 23:59)");
	}
	if (start_ok && end_ok && out->end <= out->start)
		errs_add(e, "end", "not_after_start", "结束时间应晚于开始时间", "must be after the start");
	if (capacity != LLONG_MIN) {
		if (capacity < 1)
			errs_addi(e, "capacity", "too_small", "不能小于 %lld", "must be at least %lld", 1);
		else if (capacity > APPT_CAPACITY_MAX)
			errs_addi(e, "capacity", "too_large", "不能大于 %lld", "must be at most %lld", APPT_CAPACITY_MAX);
		else
			out->capacity = (int)capacity;
	}
	if (day_ok) {
		day_t today = date_from_ms(now_ms);
		if (out->day - today > APPT_DAYS_AHEAD_MAX)
			errs_addi(e, "date", "too_far", "最多提前 %lld 天发布", "may be at most %lld days ahead",
				  APPT_DAYS_AHEAD_MAX);
		else if (out->day < today || (start_ok && appt_slot_is_past(out->day, out->start, now_ms)))
			errs_add(e, "date", "past", "不能发布已经开始的时段", "the slot would already have begun");
	}
	return e->n == before;
}

/* ------------------------------------------------------------ rows and JSON */

static const struct { const char *st, *zh, *en; } STATUS_LABELS[] = {
	{"booked", "已预约", "Booked"},
	{"cancelled", "已取消", "Cancelled"},
	{"checked_in", "已签到", "Checked in"},
};

static const char *status_label(const char *st, bool en)
{
	for (size_t i = 0; i < sizeof STATUS_LABELS / sizeof STATUS_LABELS[0]; i++)
		if (!strcmp(STATUS_LABELS[i].st, st))
			return en ? STATUS_LABELS[i].en : STATUS_LABELS[i].zh;
	return st;
}

static json_t *iso_or_null(dbs_t *s, int col)
{
	if (db_col_null(s, col))
		return json_null();
	char ts[32];
	clock_format_iso(db_col_int(s, col), ts);
	return json_string(ts);
}

/* Columns 0..6 of a slot row: id, day, start_time, end_time, capacity, booked, version. */
#define SLOT_COLS "id, day, start_time, end_time, capacity, booked, version"

static json_t *slot_row(dbs_t *s, int64_t now_ms)
{
	day_t day = 0;
	int start = 0;
	date_parse(db_col_text(s, 1), &day);
	appt_time_parse(db_col_text(s, 2), &start);
	int64_t cap = db_col_int(s, 4), booked = db_col_int(s, 5);
	return json_pack("{ss ss ss ss sI sI sI sb sI}", "id", db_col_text(s, 0), "date", db_col_text(s, 1), "start",
			 db_col_text(s, 2), "end", db_col_text(s, 3), "capacity", (json_int_t)cap, "booked",
			 (json_int_t)booked, "available", (json_int_t)(cap > booked ? cap - booked : 0), "past",
			 appt_slot_is_past(day, start, now_ms), "version", (json_int_t)db_col_int(s, 6));
}

bool appointment_department_exists(dbc_t *c, const char *department)
{
	dbs_t *s = db_prep(c, "SELECT 1 FROM departments WHERE code = ?");
	if (!s)
		return false;
	db_bind_text(s, 1, department);
	bool ok = db_step(s) == DB_ROW;
	db_reset(s);
	return ok;
}

json_t *slot_json(dbc_t *c, const char *slot_id, int64_t now_ms)
{
	dbs_t *s = db_prep(c, "SELECT " SLOT_COLS ", department FROM slots WHERE id = ?");
	if (!s)
		return NULL;
	db_bind_text(s, 1, slot_id);
	json_t *o = NULL;
	if (db_step(s) == DB_ROW) {
		o = slot_row(s, now_ms);
		json_object_set_new(o, "department", json_string(db_col_text(s, 7)));
	}
	db_reset(s);
	return o;
}

errcode_t slot_list_for_day(dbc_t *c, const char *department, day_t day, int64_t now_ms, json_t **out)
{
	if (!appointment_department_exists(c, department))
		return E_NOT_FOUND;
	char ds[DATE_STR_LEN];
	date_format(day, ds);
	dbs_t *s = db_prep(c, "SELECT " SLOT_COLS " FROM slots WHERE department = ? AND day = ? ORDER BY start_time");
	if (!s)
		return E_INTERNAL;
	db_bind_text(s, 1, department);
	db_bind_text(s, 2, ds);
	json_t *arr = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(arr, slot_row(s, now_ms));
	db_reset(s);
	*out = json_pack("{ss ss so}", "department", department, "date", ds, "slots", arr);
	return E_OK;
}

/* Columns of an appointment with its slot, department, matter and booker. */
#define APPT_SELECT                                                                                             \
	"SELECT a.id, a.status, a.version, a.slot_id, s.day, s.start_time, s.end_time, a.department, d.name_zh, " \
	"d.name_en, a.matter_code, m.name_zh, m.name_en, a.account_id, acc.display_name, acc.kind, a.created_at, " \
	"a.cancelled_at, a.checked_in_at "                                                                       \
	"FROM appointments a JOIN slots s ON s.id = a.slot_id JOIN departments d ON d.code = a.department "     \
	"JOIN accounts acc ON acc.id = a.account_id LEFT JOIN matters m ON m.code = a.matter_code "

static json_t *appt_row(dbs_t *s)
{
	const char *st = db_col_text(s, 1);
	json_t *o = json_pack("{ss ss s{ss ss} sI s{ss ss ss ss} s{ss s{ss ss}}}", "id", db_col_text(s, 0), "status", st,
			      "status_label", "zh", status_label(st, false), "en", status_label(st, true), "version",
			      (json_int_t)db_col_int(s, 2), "slot", "id", db_col_text(s, 3), "date", db_col_text(s, 4),
			      "start", db_col_text(s, 5), "end", db_col_text(s, 6), "department", "code",
			      db_col_text(s, 7), "name", "zh", db_col_text(s, 8), "en", db_col_text(s, 9));
	if (db_col_null(s, 10))
		json_object_set_new(o, "matter", json_null());
	else
		json_object_set_new(o, "matter", json_pack("{ss s{ss ss}}", "code", db_col_text(s, 10), "name", "zh",
							   db_col_text(s, 11) ? db_col_text(s, 11) : "", "en",
							   db_col_text(s, 12) ? db_col_text(s, 12) : ""));
	json_object_set_new(o, "applicant", json_pack("{ss ss ss}", "id", db_col_text(s, 13), "name", db_col_text(s, 14),
						      "kind", db_col_text(s, 15)));
	json_object_set_new(o, "created_at", iso_or_null(s, 16));
	json_object_set_new(o, "cancelled_at", iso_or_null(s, 17));
	json_object_set_new(o, "checked_in_at", iso_or_null(s, 18));
	return o;
}

json_t *appointment_json(dbc_t *c, const char *id)
{
	dbs_t *s = db_prep(c, APPT_SELECT "WHERE a.id = ?");
	if (!s)
		return NULL;
	db_bind_text(s, 1, id);
	json_t *o = db_step(s) == DB_ROW ? appt_row(s) : NULL;
	db_reset(s);
	return o;
}

bool appointment_owner(dbc_t *c, const char *id, char account_out[40], char department_out[32])
{
	dbs_t *s = db_prep(c, "SELECT account_id, department FROM appointments WHERE id = ?");
	if (!s)
		return false;
	db_bind_text(s, 1, id);
	bool ok = db_step(s) == DB_ROW;
	if (ok) {
		snprintf(account_out, 40, "%s", db_col_text(s, 0));
		snprintf(department_out, 32, "%s", db_col_text(s, 1));
	}
	db_reset(s);
	return ok;
}

json_t *appointment_list_of_account(dbc_t *c, const char *account_id)
{
	json_t *arr = json_array();
	dbs_t *s = db_prep(c, APPT_SELECT "WHERE a.account_id = ? ORDER BY s.day DESC, s.start_time DESC, a.created_at DESC LIMIT ?");
	if (!s)
		return arr;
	db_bind_text(s, 1, account_id);
	db_bind_int(s, 2, APPT_LIST_MAX);
	while (db_step(s) == DB_ROW)
		json_array_append_new(arr, appt_row(s));
	db_reset(s);
	return arr;
}

errcode_t appointment_list_for_day(dbc_t *c, const char *department, day_t day, json_t **out)
{
	if (!appointment_department_exists(c, department))
		return E_NOT_FOUND;
	char ds[DATE_STR_LEN];
	date_format(day, ds);
	dbs_t *s = db_prep(c, APPT_SELECT "WHERE s.department = ? AND s.day = ? ORDER BY s.start_time, a.created_at LIMIT ?");
	if (!s)
		return E_INTERNAL;
	db_bind_text(s, 1, department);
	db_bind_text(s, 2, ds);
	db_bind_int(s, 3, APPT_DAY_LIST_MAX);
	json_t *arr = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(arr, appt_row(s));
	db_reset(s);
	*out = json_pack("{ss ss so}", "department", department, "date", ds, "items", arr);
	return E_OK;
}

/* ------------------------------------------------------------ publishing */

struct publish_ctx {
	const actor_t *by;
	const char *department;
	const slot_spec_t *spec;
	const char *id;
	char day[DATE_STR_LEN], start[6], end[6];
	bool same_start;   /* out: the conflict is a slot starting at the same time */
};

static int publish_write(dbc_t *c, void *arg)
{
	struct publish_ctx *x = arg;
	x->same_start = false;
	if (!appointment_department_exists(c, x->department))
		return E_NOT_FOUND;
	dbs_t *s = db_prep(c, "SELECT start_time FROM slots WHERE department = ? AND day = ? AND start_time < ? "
			      "AND end_time > ? LIMIT 1");
	if (!s)
		return -1;
	db_bind_text(s, 1, x->department);
	db_bind_text(s, 2, x->day);
	db_bind_text(s, 3, x->end);
	db_bind_text(s, 4, x->start);
	int rc = db_step(s);
	if (rc == DB_ROW)
		x->same_start = strcmp(db_col_text(s, 0), x->start) == 0;
	db_reset(s);
	if (rc == DB_ROW)
		return E_CONFLICT;
	if (rc != DB_DONE)
		return -1;
	s = db_prep(c, "INSERT INTO slots (id, department, day, start_time, end_time, capacity, booked, created_at, "
		       "created_by, version) VALUES (?,?,?,?,?,?,0,?,?,1)");
	if (!s)
		return -1;
	db_bind_text(s, 1, x->id);
	db_bind_text(s, 2, x->department);
	db_bind_text(s, 3, x->day);
	db_bind_text(s, 4, x->start);
	db_bind_text(s, 5, x->end);
	db_bind_int(s, 6, x->spec->capacity);
	db_bind_int(s, 7, clock_now_ms());
	db_bind_text(s, 8, x->by->id);
	rc = db_step(s);
	db_reset(s);
	if (rc == DB_CONSTRAINT) {
		x->same_start = true;
		return E_CONFLICT;
	}
	if (rc != DB_DONE)
		return -1;
	json_t *detail = json_pack("{ss ss ss ss si}", "department", x->department, "date", x->day, "start", x->start,
				   "end", x->end, "capacity", x->spec->capacity);
	rc = audit_append(c, x->by, "slot.publish", "slot", x->id, 0, 1, detail);
	json_decref(detail);
	return rc;
}

errcode_t slot_publish(store_t *st, const actor_t *by, const char *department, const slot_spec_t *spec,
		       char id_out[APPT_ID_LEN], errs_t *errs)
{
	char id[APPT_ID_LEN];
	rand_hex(id, 16);
	struct publish_ctx x = {.by = by, .department = department, .spec = spec, .id = id};
	date_format(spec->day, x.day);
	appt_time_format(spec->start, x.start);
	appt_time_format(spec->end, x.end);
	int r = store_write(st, publish_write, &x);
	if (r == E_CONFLICT) {
		if (x.same_start)
			errs_add(errs, "start", "taken", "该部门在此时间已有时段", "the department has a slot starting then");
		else
			errs_add(errs, "start", "overlap", "与该部门已有的时段重叠", "overlaps a slot of the department");
	}
	if (r > 0)
		return (errcode_t)r;
	if (r < 0)
		return E_INTERNAL;
	memcpy(id_out, id, APPT_ID_LEN);
	return E_OK;
}

/* ------------------------------------------------------------ booking */

static bool channel_valid(const char *ch)
{
	return ch && (!strcmp(ch, "online") || !strcmp(ch, "mobile") || !strcmp(ch, "window"));
}

/* The department's name for messages, into zh/en (empty when unknown). */
static void department_names(dbc_t *c, const char *code, char *zh, size_t zn, char *en, size_t en_n)
{
	zh[0] = en[0] = '\0';
	dbs_t *s = db_prep(c, "SELECT name_zh, name_en FROM departments WHERE code = ?");
	if (!s)
		return;
	db_bind_text(s, 1, code);
	if (db_step(s) == DB_ROW) {
		snprintf(zh, zn, "%s", db_col_text(s, 0));
		snprintf(en, en_n, "%s", db_col_text(s, 1));
	}
	db_reset(s);
}

/* A message to the booker about appointment `id` at the slot (day, start, end). */
static int notify(dbc_t *c, const char *account, const char *kind, const char *id, const char *department,
		  const char *day, const char *start, const char *end)
{
	char dzh[160], den[200], bzh[512], ben[512];
	const char *tzh, *ten, *fzh, *fen;
	department_names(c, department, dzh, sizeof dzh, den, sizeof den);
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
	/* set afresh by every run of the callback */
	char department[32], day[DATE_STR_LEN], start[6], end[6];
	const char *refusal;   /* "full" | "past" when the refusal is unmet demand */
};

static int book_write(dbc_t *c, void *arg)
{
	struct book_ctx *x = arg;
	x->refusal = NULL;
	x->department[0] = '\0';
	int64_t now = clock_now_ms();
	dbs_t *s = db_prep(c, "SELECT department, day, start_time, end_time, capacity, booked FROM slots WHERE id = ?");
	if (!s)
		return -1;
	db_bind_text(s, 1, x->slot_id);
	int rc = db_step(s);
	int64_t capacity = 0, booked = 0;
	if (rc == DB_ROW) {
		snprintf(x->department, sizeof x->department, "%s", db_col_text(s, 0));
		snprintf(x->day, sizeof x->day, "%s", db_col_text(s, 1));
		snprintf(x->start, sizeof x->start, "%s", db_col_text(s, 2));
		snprintf(x->end, sizeof x->end, "%s", db_col_text(s, 3));
		capacity = db_col_int(s, 4);
		booked = db_col_int(s, 5);
	}
	db_reset(s);
	if (rc == DB_DONE)
		return E_NOT_FOUND;
	if (rc != DB_ROW)
		return -1;
	day_t day;
	int start;
	if (!date_parse(x->day, &day) || !appt_time_parse(x->start, &start))
		return -1;
	if (appt_slot_is_past(day, start, now)) {
		x->refusal = "past";
		return E_VALIDATION;
	}
	s = db_prep(c, "SELECT 1 FROM appointments WHERE slot_id = ? AND account_id = ? AND status <> 'cancelled'");
	if (!s)
		return -1;
	db_bind_text(s, 1, x->slot_id);
	db_bind_text(s, 2, x->by->id);
	rc = db_step(s);
	db_reset(s);
	if (rc == DB_ROW)
		return E_CONFLICT;
	if (rc != DB_DONE)
		return -1;
	if (booked >= capacity) {
		x->refusal = "full";
		return E_SLOT_FULL;
	}
	s = db_prep(c, "UPDATE slots SET booked = booked + 1, version = version + 1 WHERE id = ? AND booked < capacity");
	if (!s)
		return -1;
	db_bind_text(s, 1, x->slot_id);
	rc = db_step(s);
	db_reset(s);
	if (rc != DB_DONE)
		return -1;
	if (db_changes(c) != 1) {
		x->refusal = "full";
		return E_SLOT_FULL;
	}
	s = db_prep(c, "INSERT INTO appointments (id, slot_id, account_id, department, matter_code, status, created_at, "
		       "version) VALUES (?,?,?,?,?,'booked',?,1)");
	if (!s)
		return -1;
	db_bind_text(s, 1, x->id);
	db_bind_text(s, 2, x->slot_id);
	db_bind_text(s, 3, x->by->id);
	db_bind_text(s, 4, x->department);
	db_bind_text(s, 5, x->matter);
	db_bind_int(s, 6, now);
	rc = db_step(s);
	db_reset(s);
	if (rc == DB_CONSTRAINT)
		return E_CONFLICT;
	if (rc != DB_DONE)
		return -1;
	json_t *detail = json_pack("{ss ss ss ss ss so}", "slot", x->slot_id, "department", x->department, "date", x->day,
				   "start", x->start, "channel", x->channel, "matter",
				   x->matter ? json_string(x->matter) : json_null());
	rc = audit_append(c, x->by, "appointment.book", "appointment", x->id, 0, 1, detail);
	json_decref(detail);
	if (rc)
		return -1;
	return notify(c, x->by->id, "appointment_booked", x->id, x->department, x->day, x->start, x->end);
}

/* The refused booking, counted: one more in its unmet_demand cell. */
static int unmet_write(dbc_t *c, void *arg)
{
	struct book_ctx *x = arg;
	day_t day;
	int start;
	if (!date_parse(x->day, &day) || !appt_time_parse(x->start, &start))
		return -1;
	dbs_t *s = db_prep(c, "INSERT INTO unmet_demand (department, day, hour, weekday, channel, matter_code, reason, count) "
			      "VALUES (?,?,?,?,?,?,?,1) ON CONFLICT (department, day, hour, channel, matter_code, reason) "
			      "DO UPDATE SET count = unmet_demand.count + 1");
	if (!s)
		return -1;
	db_bind_text(s, 1, x->department);
	db_bind_text(s, 2, x->day);
	db_bind_int(s, 3, start / 60);
	db_bind_int(s, 4, date_weekday(day));
	db_bind_text(s, 5, x->channel);
	db_bind_text(s, 6, x->matter ? x->matter : "");
	db_bind_text(s, 7, x->refusal);
	int rc = db_step(s);
	db_reset(s);
	if (rc != DB_DONE)
		return -1;
	json_t *detail = json_pack("{ss ss ss ss ss so}", "reason", x->refusal, "department", x->department, "date",
				   x->day, "start", x->start, "channel", x->channel, "matter",
				   x->matter ? json_string(x->matter) : json_null());
	rc = audit_append(c, x->by, "appointment.refuse", "slot", x->slot_id, 0, 0, detail);
	json_decref(detail);
	return rc;
}

errcode_t appointment_book(store_t *st, const actor_t *by, const char *slot_id, const char *matter,
			   const char *channel, errs_t *errs, char id_out[APPT_ID_LEN])
{
	if (!channel_valid(channel)) {
		errs_add(errs, "channel", "invalid", "渠道应为 online、mobile 或 window", "channel must be online, mobile or window");
		return E_VALIDATION;
	}
	dbc_t *rc = store_reader(st);
	char slot_dept[32] = "";
	dbs_t *s = db_prep(rc, "SELECT department FROM slots WHERE id = ?");
	if (!s)
		return E_INTERNAL;
	db_bind_text(s, 1, slot_id);
	if (db_step(s) == DB_ROW)
		snprintf(slot_dept, sizeof slot_dept, "%s", db_col_text(s, 0));
	db_reset(s);
	if (!slot_dept[0])
		errs_add(errs, "slot", "not_found", "没有这个预约时段", "no such slot");
	if (matter) {
		s = db_prep(rc, "SELECT department, status FROM matters WHERE code = ?");
		if (!s)
			return E_INTERNAL;
		db_bind_text(s, 1, matter);
		if (db_step(s) != DB_ROW)
			errs_add(errs, "matter", "not_found", "没有这个事项", "no such matter");
		else if (strcmp(db_col_text(s, 1), "active") != 0)
			errs_add(errs, "matter", "retired", "该事项已停止办理", "the matter is retired");
		else if (slot_dept[0] && strcmp(db_col_text(s, 0), slot_dept) != 0)
			errs_add(errs, "matter", "other_department", "该事项不由此部门办理", "another department handles this matter");
		db_reset(s);
	}
	if (errs_any(errs))
		return E_VALIDATION;

	char id[APPT_ID_LEN];
	rand_hex(id, 16);
	struct book_ctx x = {.by = by, .slot_id = slot_id, .matter = matter, .channel = channel, .id = id};
	int r = store_write(st, book_write, &x);
	if (r > 0 && x.refusal) {
		/* Its own durable write: the refusal is counted even though the booking is not. */
		if (store_write(st, unmet_write, &x) != 0)
			log_error("appointments: could not count unmet demand for slot %s", slot_id);
	}
	if (r == E_NOT_FOUND) {
		errs_add(errs, "slot", "not_found", "没有这个预约时段", "no such slot");
		return E_VALIDATION;
	}
	if (r == E_VALIDATION) {
		errs_add(errs, "slot", "past", "该时段已经开始或已过去，请选择其他时段", "the slot has begun; choose another");
		return E_VALIDATION;
	}
	if (r > 0)
		return (errcode_t)r;
	if (r < 0)
		return E_INTERNAL;
	memcpy(id_out, id, APPT_ID_LEN);
	return E_OK;
}

/* ------------------------------------------------------------ cancel and check in */

struct change_ctx {
	const actor_t *by;
	const char *id;
	int64_t if_version;
	bool checkin;
};

static int change_write(dbc_t *c, void *arg)
{
	struct change_ctx *x = arg;
	int64_t now = clock_now_ms();
	char account[40], department[32], status[16], slot_id[APPT_ID_LEN], day[DATE_STR_LEN], start[6], end[6];
	int64_t version;
	dbs_t *s = db_prep(c, "SELECT a.account_id, a.department, a.status, a.version, a.slot_id, s.day, s.start_time, "
			      "s.end_time FROM appointments a JOIN slots s ON s.id = a.slot_id WHERE a.id = ?");
	if (!s)
		return -1;
	db_bind_text(s, 1, x->id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		snprintf(account, sizeof account, "%s", db_col_text(s, 0));
		snprintf(department, sizeof department, "%s", db_col_text(s, 1));
		snprintf(status, sizeof status, "%s", db_col_text(s, 2));
		version = db_col_int(s, 3);
		snprintf(slot_id, sizeof slot_id, "%s", db_col_text(s, 4));
		snprintf(day, sizeof day, "%s", db_col_text(s, 5));
		snprintf(start, sizeof start, "%s", db_col_text(s, 6));
		snprintf(end, sizeof end, "%s", db_col_text(s, 7));
	}
	db_reset(s);
	if (rc == DB_DONE)
		return E_NOT_FOUND;
	if (rc != DB_ROW)
		return -1;
	day_t d;
	int start_min;
	if (!date_parse(day, &d) || !appt_time_parse(start, &start_min))
		return -1;
	if (x->checkin) {
		if (!(x->by->roles & ROLE_WINDOW_CLERK) || strcmp(x->by->department, department) != 0)
			return E_FORBIDDEN;
	} else if (strcmp(x->by->id, account) != 0)
		return E_NOT_FOUND;   /* someone else's booking is not theirs to see */
	if (x->if_version && x->if_version != version)
		return E_STALE;
	if (strcmp(status, "booked") != 0)
		return E_STATE;
	if (x->checkin ? date_from_ms(now) > d : appt_slot_is_past(d, start_min, now))
		return E_STATE;

	if (x->checkin)
		s = db_prep(c, "UPDATE appointments SET status = 'checked_in', checked_in_at = ?, checked_in_by = ?, "
			       "version = version + 1 WHERE id = ? AND version = ?");
	else
		s = db_prep(c, "UPDATE appointments SET status = 'cancelled', cancelled_at = ?, version = version + 1 "
			       "WHERE id = ? AND version = ?");
	if (!s)
		return -1;
	int k = 1;
	db_bind_int(s, k++, now);
	if (x->checkin)
		db_bind_text(s, k++, x->by->id);
	db_bind_text(s, k++, x->id);
	db_bind_int(s, k++, version);
	rc = db_step(s);
	db_reset(s);
	if (rc != DB_DONE || db_changes(c) != 1)
		return -1;
	if (x->checkin) {
		if (visit_record(c, account, department, VISIT_APPOINTMENT_CHECKIN, NULL, x->id, x->by->id) != 0)
			return -1;
	} else {
		/* The place goes back to the slot for someone else. */
		s = db_prep(c, "UPDATE slots SET booked = booked - 1, version = version + 1 WHERE id = ? AND booked > 0");
		if (!s)
			return -1;
		db_bind_text(s, 1, slot_id);
		rc = db_step(s);
		db_reset(s);
		if (rc != DB_DONE)
			return -1;
	}
	json_t *detail = json_pack("{ss ss ss ss}", "slot", slot_id, "department", department, "date", day, "start", start);
	rc = audit_append(c, x->by, x->checkin ? "appointment.checkin" : "appointment.cancel", "appointment", x->id,
			  version, version + 1, detail);
	json_decref(detail);
	if (rc)
		return -1;
	return notify(c, account, x->checkin ? "appointment_checked_in" : "appointment_cancelled", x->id, department,
		      day, start, end);
}

static errcode_t change(store_t *st, const actor_t *by, const char *id, int64_t if_version, bool checkin)
{
	struct change_ctx x = {.by = by, .id = id, .if_version = if_version, .checkin = checkin};
	int r = store_write(st, change_write, &x);
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

/* ------------------------------------------------------------ demo data */

enum { DAY_CLOSED, DAY_MORNING, DAY_FULL };

/* Opening of a department's windows on a day: working days (the region's
 * calendar, with 调休) full; Saturdays that are not public holidays the
 * morning (weekend service); other days closed. */
static int opening(dbc_t *c, const char *region, day_t d)
{
	int n = 0;
	bool prov;
	if (workcal_between(c, region, d - 1, d, &n, &prov) != E_OK)
		n = date_weekday(d) <= 5;
	if (n == 1)
		return DAY_FULL;
	if (date_weekday(d) != 6)
		return DAY_CLOSED;
	char ds[DATE_STR_LEN];
	date_format(d, ds);
	dbs_t *s = db_prep(c, "SELECT 1 FROM calendar_days WHERE day = ? AND workday = 0 AND region IN (?, ?)");
	if (!s)
		return DAY_CLOSED;
	db_bind_text(s, 1, ds);
	db_bind_text(s, 2, region);
	db_bind_text(s, 3, NATIONAL_REGION);
	bool holiday = db_step(s) == DB_ROW;
	db_reset(s);
	return holiday ? DAY_CLOSED : DAY_MORNING;
}

#define SEED_DAYS 21
#define SEED_CAPACITY 4
#define SEED_MAX_SLOTS (SEED_DAYS * 16)

struct seed_ctx {
	actor_t actor;
	const char *department;
	int n;
	struct {
		char day[DATE_STR_LEN], start[6], end[6];
	} slot[SEED_MAX_SLOTS];
	int added;
};

static int seed_write(dbc_t *c, void *arg)
{
	struct seed_ctx *x = arg;
	x->added = 0;
	int64_t now = clock_now_ms();
	for (int i = 0; i < x->n; i++) {
		char id[APPT_ID_LEN];
		rand_hex(id, 16);
		dbs_t *s = db_prep(c, "INSERT INTO slots (id, department, day, start_time, end_time, capacity, booked, "
				      "created_at, created_by, version) VALUES (?,?,?,?,?,?,0,?,?,1) "
				      "ON CONFLICT (department, day, start_time) DO NOTHING");
		if (!s)
			return -1;
		db_bind_text(s, 1, id);
		db_bind_text(s, 2, x->department);
		db_bind_text(s, 3, x->slot[i].day);
		db_bind_text(s, 4, x->slot[i].start);
		db_bind_text(s, 5, x->slot[i].end);
		db_bind_int(s, 6, SEED_CAPACITY);
		db_bind_int(s, 7, now);
		db_bind_text(s, 8, x->actor.id);
		int rc = db_step(s);
		db_reset(s);
		if (rc != DB_DONE)
			return -1;
		x->added += (int)db_changes(c);
	}
	if (x->added == 0 || x->n == 0)
		return 0;
	json_t *detail = json_pack("{ss ss si}", "from", x->slot[0].day, "to", x->slot[x->n - 1].day, "added", x->added);
	int rc = audit_append(c, &x->actor, "slot.seed", "department", x->department, 0, 0, detail);
	json_decref(detail);
	return rc;
}

int appointment_seed_demo(store_t *st)
{
	static const char *const departments[] = {"amr", "health", "psb"};
	static const int hours[][2] = {{9 * 60, 12 * 60}, {13 * 60 + 30, 17 * 60}};
	dbc_t *rc = store_reader(st);
	day_t today = date_from_ms(clock_now_ms());
	struct seed_ctx *x = calloc(1, sizeof *x);
	if (!x)
		return -1;
	actor_system(&x->actor, "seed");
	int result = 0, total = 0;
	for (size_t k = 0; k < sizeof departments / sizeof departments[0]; k++) {
		char region[16] = "";
		dbs_t *s = db_prep(rc, "SELECT region FROM departments WHERE code = ?");
		if (!s) {
			result = -1;
			break;
		}
		db_bind_text(s, 1, departments[k]);
		if (db_step(s) == DB_ROW)
			snprintf(region, sizeof region, "%s", db_col_text(s, 0));
		db_reset(s);
		if (!region[0])
			continue;   /* this demo has no such department */
		x->department = departments[k];
		x->n = 0;
		for (day_t d = today; d < today + SEED_DAYS; d++) {
			int open = opening(rc, region, d);
			for (int p = 0; p < (open == DAY_FULL ? 2 : open == DAY_MORNING ? 1 : 0); p++)
				for (int m = hours[p][0]; m + 30 <= hours[p][1] && x->n < SEED_MAX_SLOTS; m += 30) {
					date_format(d, x->slot[x->n].day);
					appt_time_format(m, x->slot[x->n].start);
					appt_time_format(m + 30, x->slot[x->n].end);
					x->n++;
				}
		}
		if (store_write(st, seed_write, x) != 0) {
			result = -1;
			break;
		}
		total += x->added;
	}
	free(x);
	if (total)
		log_info("seed: %d appointment slots added", total);
	return result;
}
