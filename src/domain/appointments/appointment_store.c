/* appointment_store.c — every SQL statement of domain/appointments (see
 * appointment_store.h). Written once for every store driver: `?`
 * parameters, no engine-only functions; ON CONFLICT is standard in both. */
#include "domain/appointments/appointment_store.h"
#include "domain/calendar/workcal.h"
#include "base/mem.h"
#include <stdio.h>
#include <stdlib.h>

/* ------------------------------------------------------------ departments and the calendar */

bool appointment_store_department_exists(dbc_t *c, const char *department)
{
	dbs_t *s = db_prep(c, "SELECT 1 FROM departments WHERE code = ?");
	db_bind(s, department);
	bool ok = db_step(s) == DB_ROW;
	db_reset(s);
	return ok;
}

void appointment_store_department_names(dbc_t *c, const char *code, char *zh, size_t zn, char *en,
					size_t en_n)
{
	zh[0] = en[0] = '\0';
	dbs_t *s = db_prep(c, "SELECT name_zh, name_en FROM departments WHERE code = ?");
	db_bind(s, code);
	if (db_step(s) == DB_ROW) {
		db_col_str(s, 0, zh, zn);
		db_col_str(s, 1, en, en_n);
	}
	db_reset(s);
}

bool appointment_store_department_region(dbc_t *c, const char *code, char *region, size_t n)
{
	region[0] = '\0';
	dbs_t *s = db_prep(c, "SELECT region FROM departments WHERE code = ?");
	db_bind(s, code);
	bool ok = db_step(s) == DB_ROW;
	if (ok)
		db_col_str(s, 0, region, n);
	db_reset(s);
	return ok;
}

bool appointment_store_day_off(dbc_t *c, const char *region, const char *day)
{
	dbs_t *s =
	    db_prep(c, "SELECT 1 FROM calendar_days WHERE day = ? AND workday = 0 AND region IN (?, ?)");
	db_bind(s, day, region, NATIONAL_REGION);
	bool off = db_step(s) == DB_ROW;
	db_reset(s);
	return off;
}

/* ------------------------------------------------------------ slots */

/* Columns 0..7 of a slot row. */
#define SLOT_COLS "id, day, start_time, end_time, capacity, booked, version, department"

static void slot_read(dbs_t *s, slot_row_t *r)
{
	db_col_str(s, 0, r->id, sizeof r->id);
	db_col_str(s, 1, r->day, sizeof r->day);
	db_col_str(s, 2, r->start, sizeof r->start);
	db_col_str(s, 3, r->end, sizeof r->end);
	r->capacity = db_col_int(s, 4);
	r->booked = db_col_int(s, 5);
	r->version = db_col_int(s, 6);
	db_col_str(s, 7, r->department, sizeof r->department);
}

int appointment_store_slot_get(dbc_t *c, const char *slot_id, slot_row_t *out)
{
	dbs_t *s = db_prep(c, "SELECT " SLOT_COLS " FROM slots WHERE id = ?");
	db_bind(s, slot_id);
	int rc = db_step(s);
	if (rc == DB_ROW)
		slot_read(s, out);
	db_reset(s);
	return rc == DB_ROW || rc == DB_DONE ? rc : DB_ERR;
}

int appointment_store_slots_of_day(dbc_t *c, const char *department, const char *day, slot_row_fn fn,
				   void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT " SLOT_COLS
			      " FROM slots WHERE department = ? AND day = ? ORDER BY start_time");
	db_bind(s, department, day);
	int rc;
	slot_row_t r;
	while ((rc = db_step(s)) == DB_ROW) {
		slot_read(s, &r);
		fn(&r, ctx);
	}
	db_reset(s);
	return rc == DB_DONE ? DB_DONE : DB_ERR;
}

int appointment_store_slot_overlap(dbc_t *c, const char *department, const char *day, const char *start,
				   const char *end, char start_out[APPT_TIME_LEN])
{
	dbs_t *s =
	    db_prep(c, "SELECT start_time FROM slots WHERE department = ? AND day = ? AND start_time < ? "
		       "AND end_time > ? LIMIT 1");
	db_bind(s, department, day, end, start);
	int rc = db_step(s);
	if (rc == DB_ROW)
		db_col_str(s, 0, start_out, APPT_TIME_LEN);
	db_reset(s);
	return rc == DB_ROW || rc == DB_DONE ? rc : DB_ERR;
}

int appointment_store_slot_insert(dbc_t *c, const slot_row_t *r, int64_t now, const char *by)
{
	return db_run(
	    c,
	    "INSERT INTO slots (id, department, day, start_time, end_time, capacity, booked, created_at, "
	    "created_by, version) VALUES (?,?,?,?,?,?,0,?,?,1)",
	    r->id, r->department, r->day, r->start, r->end, r->capacity, now, by);
}

int appointment_store_slot_insert_new(dbc_t *c, const slot_row_t *r, int64_t now, const char *by)
{
	int rc = db_run(c,
			"INSERT INTO slots (id, department, day, start_time, end_time, capacity, booked, "
			"created_at, created_by, version) VALUES (?,?,?,?,?,?,0,?,?,1) "
			"ON CONFLICT (department, day, start_time) DO NOTHING",
			r->id, r->department, r->day, r->start, r->end, r->capacity, now, by);
	return rc == DB_DONE ? (int)db_changes(c) : -1;
}

int appointment_store_slot_delete(dbc_t *c, const char *slot_id)
{
	int rc = db_run(c, "DELETE FROM slots WHERE id = ?", slot_id);
	return rc == DB_DONE ? (int)db_changes(c) : -1;
}

int appointment_store_slot_drop_cancelled(dbc_t *c, const char *slot_id)
{
	int rc = db_run(c, "DELETE FROM appointments WHERE slot_id = ? AND status = 'cancelled'", slot_id);
	return rc == DB_DONE ? (int)db_changes(c) : -1;
}

int appointment_store_slot_set_capacity(dbc_t *c, const char *slot_id, int capacity)
{
	int rc = db_run(c,
			"UPDATE slots SET capacity = ?, version = version + 1 WHERE id = ?", capacity,
			slot_id);
	return rc == DB_DONE ? (int)db_changes(c) : -1;
}

int appointment_store_slot_take(dbc_t *c, const char *slot_id)
{
	int rc = db_run(c,
			"UPDATE slots SET booked = booked + 1, version = version + 1 "
			"WHERE id = ? AND booked < capacity",
			slot_id);
	return rc == DB_DONE ? (int)db_changes(c) : -1;
}

int appointment_store_slot_release(dbc_t *c, const char *slot_id)
{
	int rc = db_run(
	    c, "UPDATE slots SET booked = booked - 1, version = version + 1 WHERE id = ? AND booked > 0",
	    slot_id);
	return rc == DB_DONE ? 0 : -1;
}

/* ------------------------------------------------------------ appointments */

int appointment_store_held(dbc_t *c, const char *slot_id, const char *account)
{
	dbs_t *s = db_prep(c, "SELECT 1 FROM appointments WHERE slot_id = ? AND account_id = ? "
			      "AND status <> 'cancelled'");
	db_bind(s, slot_id, account);
	int rc = db_step(s);
	db_reset(s);
	return rc == DB_ROW || rc == DB_DONE ? rc : DB_ERR;
}

int appointment_store_held_same_day(dbc_t *c, const char *account, const char *department, const char *day,
				    const char *matter)
{
	dbs_t *s = db_prep(c, "SELECT 1 FROM appointments a JOIN slots s ON s.id = a.slot_id "
			      "WHERE a.account_id = ? AND a.department = ? AND s.day = ? "
			      "AND a.status <> 'cancelled' AND COALESCE(a.matter_code, '') = ?");
	db_bind(s, account, department, day, matter ? matter : "");
	int rc = db_step(s);
	db_reset(s);
	return rc == DB_ROW || rc == DB_DONE ? rc : DB_ERR;
}

int appointment_store_insert(dbc_t *c, const char *id, const char *slot_id, const char *account,
			     const char *department, const char *matter, const char *channel, int64_t now)
{
	return db_run(c,
		      "INSERT INTO appointments (id, slot_id, account_id, department, matter_code, status, "
		      "created_at, version, channel) VALUES (?,?,?,?,?,'booked',?,1,?)",
		      id, slot_id, account, department, matter, now, channel);
}

int appointment_store_mark_cancelled(dbc_t *c, const char *id, int64_t version, int64_t now)
{
	int rc =
	    db_run(c,
		   "UPDATE appointments SET status = 'cancelled', cancelled_at = ?, version = version + 1 "
		   "WHERE id = ? AND version = ?",
		   now, id, version);
	return rc == DB_DONE && db_changes(c) == 1 ? 0 : -1;
}

int appointment_store_mark_checked_in(dbc_t *c, const char *id, int64_t version, int64_t now, const char *by)
{
	int rc =
	    db_run(c,
		   "UPDATE appointments SET status = 'checked_in', checked_in_at = ?, checked_in_by = ?, "
		   "version = version + 1 WHERE id = ? AND version = ?",
		   now, by, id, version);
	return rc == DB_DONE && db_changes(c) == 1 ? 0 : -1;
}

/* Columns of an appointment with its slot, department, matter and booker. */
#define APPT_SELECT \
	"SELECT a.id, a.status, a.version, a.slot_id, s.day, s.start_time, s.end_time, a.department, " \
	"d.name_zh, d.name_en, a.matter_code, m.name_zh, m.name_en, a.account_id, acc.display_name, " \
	"acc.kind, a.created_at, a.cancelled_at, a.checked_in_at " \
	"FROM appointments a JOIN slots s ON s.id = a.slot_id " \
	"JOIN departments d ON d.code = a.department JOIN accounts acc ON acc.id = a.account_id " \
	"LEFT JOIN matters m ON m.code = a.matter_code "

static int64_t ms_or_none(dbs_t *s, int col) { return db_col_null(s, col) ? -1 : db_col_int(s, col); }

static void appt_read(dbs_t *s, appt_row_t *r)
{
	db_col_str(s, 0, r->id, sizeof r->id);
	db_col_str(s, 1, r->status, sizeof r->status);
	r->version = db_col_int(s, 2);
	db_col_str(s, 3, r->slot_id, sizeof r->slot_id);
	db_col_str(s, 4, r->day, sizeof r->day);
	db_col_str(s, 5, r->start, sizeof r->start);
	db_col_str(s, 6, r->end, sizeof r->end);
	db_col_str(s, 7, r->department, sizeof r->department);
	db_col_str(s, 8, r->department_zh, sizeof r->department_zh);
	db_col_str(s, 9, r->department_en, sizeof r->department_en);
	r->has_matter = !db_col_null(s, 10);
	db_col_str(s, 10, r->matter, sizeof r->matter);
	db_col_str(s, 11, r->matter_zh, sizeof r->matter_zh);
	db_col_str(s, 12, r->matter_en, sizeof r->matter_en);
	db_col_str(s, 13, r->account, sizeof r->account);
	db_col_str(s, 14, r->account_name, sizeof r->account_name);
	db_col_str(s, 15, r->account_kind, sizeof r->account_kind);
	r->created_at = ms_or_none(s, 16);
	r->cancelled_at = ms_or_none(s, 17);
	r->checked_in_at = ms_or_none(s, 18);
}

int appointment_store_get(dbc_t *c, const char *id, appt_row_t *out)
{
	dbs_t *s = db_prep(c, APPT_SELECT "WHERE a.id = ?");
	db_bind(s, id);
	int rc = db_step(s);
	if (rc == DB_ROW)
		appt_read(s, out);
	db_reset(s);
	return rc == DB_ROW || rc == DB_DONE ? rc : DB_ERR;
}

static int appt_each(dbs_t *s, appt_row_fn fn, void *ctx)
{
	int rc;
	appt_row_t *r = xmalloc(sizeof *r);
	while ((rc = db_step(s)) == DB_ROW) {
		appt_read(s, r);
		fn(r, ctx);
	}
	free(r);
	db_reset(s);
	return rc == DB_DONE ? DB_DONE : DB_ERR;
}

int appointment_store_of_account(dbc_t *c, const char *account, int limit, appt_row_fn fn, void *ctx)
{
	dbs_t *s =
	    db_prep(c, APPT_SELECT "WHERE a.account_id = ? "
				   "ORDER BY s.day DESC, s.start_time DESC, a.created_at DESC LIMIT ?");
	db_bind(s, account, limit);
	return appt_each(s, fn, ctx);
}

int appointment_store_of_day(dbc_t *c, const char *department, const char *day, int limit, appt_row_fn fn,
			     void *ctx)
{
	dbs_t *s =
	    db_prep(c, APPT_SELECT "WHERE s.department = ? AND s.day = ? ORDER BY s.start_time, a.created_at "
				   "LIMIT ?");
	db_bind(s, department, day, limit);
	return appt_each(s, fn, ctx);
}

int appointment_store_owner(dbc_t *c, const char *id, char account[APPT_ACCOUNT_LEN],
			    char dept[APPT_DEPT_LEN])
{
	dbs_t *s = db_prep(c, "SELECT account_id, department FROM appointments WHERE id = ?");
	db_bind(s, id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		db_col_str(s, 0, account, APPT_ACCOUNT_LEN);
		db_col_str(s, 1, dept, APPT_DEPT_LEN);
	}
	db_reset(s);
	return rc == DB_ROW || rc == DB_DONE ? rc : DB_ERR;
}

/* ------------------------------------------------------------ unmet demand */

int appointment_store_unmet_add(dbc_t *c, const char *department, const char *day, int hour, int weekday,
				const char *channel, const char *matter, const char *reason)
{
	int rc =
	    db_run(c,
		   "INSERT INTO unmet_demand (department, day, hour, weekday, channel, matter_code, reason, "
		   "count) VALUES (?,?,?,?,?,?,?,1) "
		   "ON CONFLICT (department, day, hour, channel, matter_code, reason) "
		   "DO UPDATE SET count = unmet_demand.count + 1",
		   department, day, hour, weekday, channel, matter, reason);
	return rc == DB_DONE ? 0 : -1;
}
