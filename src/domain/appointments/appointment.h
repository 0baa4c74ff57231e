/* appointment.h — appointments (预约) at a department's windows.
 *
 * A department publishes time slots (a day, a start and an end in
 * Asia/Shanghai wall time, a capacity of 1..50 people); weekend slots are
 * published like any other — the window is never closed (线上线下融合).
 * Applicants book a slot, cancel before it begins, and are checked in by a
 * window clerk of the department on the appointment's day (not before: the
 * check-in records the visit), which records a visit (visits.h). A person
 * holds one place a day per department and matter (or with no matter
 * named): several would keep places from others for one visit.
 *
 * Capacity holds under any concurrency: the booking's writer callback reads
 * the slot's `booked` count and raises it in the same transaction, and the
 * single writer serialises all writes (the table's CHECK is the database's
 * own guard). A booking refused because the slot is full or has already
 * begun is counted in unmet_demand in a separate durable write — the demand
 * the platform could not serve, by department, day, hour, weekday, channel
 * and matter (测评真实需求量).
 *
 * Every write is audited in its own transaction and the booker receives a
 * message on booking, cancellation and check-in.
 *
 * Files: slot.c (the pure helpers and publishing), slot_pattern.c (publishing a
 * pattern of days and times at once), slot_change.c (withdrawing a slot, changing
 * its capacity), appointment.c (booking,
 * cancelling, checking in), appointment_read.c and slot_read.c (the JSON
 * views), appointment_seed.c (demo slots), appointment_store.c (the SQL). */
#ifndef ONESTOP_APPOINTMENTS_H
#define ONESTOP_APPOINTMENTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "base/date.h"
#include "base/errs.h"
#include "store/store.h"

#define APPT_ID_LEN 33	    /* 16 random bytes as hex + NUL */
#define APPT_ACCOUNT_LEN 40 /* an account id and its NUL, as actor_t's */
#define APPT_DEPT_LEN 32    /* a department code and its NUL, as actor_t's */
#define APPT_TIME_LEN 6	    /* "HH:MM" + NUL */
#define APPT_CAPACITY_MAX 50
#define APPT_DAYS_AHEAD_MAX 180 /* slots may be published this many days ahead */
#define APPT_LIST_MAX 100	/* a person's appointment list, newest first */
#define APPT_DAY_LIST_MAX 2000	/* a department's appointments of one day */

/* ---- pure helpers (no database) ---- */

/* Parses exactly "HH:MM" (00:00..23:59) into minutes after midnight. */
bool appt_time_parse(const char *s, int *minutes);
/* Writes "HH:MM" for 0..1439 minutes. */
void appt_time_format(int minutes, char out[APPT_TIME_LEN]);
/* UTC milliseconds of a wall-clock time in Asia/Shanghai (UTC+8, no DST). */
int64_t appt_local_ms(day_t day, int minutes);
/* A slot is past once it has begun: its start is at or before now. */
bool appt_slot_is_past(day_t day, int start_minutes, int64_t now_ms);

/* A slot to publish, as checked by appt_slot_check. */
typedef struct {
	day_t day;
	int start, end; /* minutes after midnight, start < end */
	int capacity;	/* 1..APPT_CAPACITY_MAX */
} slot_spec_t;

/* Checks a slot to publish: a real date, times "HH:MM" with start < end,
 * capacity 1..50, a start after now_ms and a day at most
 * APPT_DAYS_AHEAD_MAX days after today. Appends every problem (fields
 * "date", "start", "end", "capacity") and returns true when there is none. */
bool appt_slot_check(const char *date, const char *start, const char *end, long long capacity, int64_t now_ms,
		     slot_spec_t *out, errs_t *e);

/* ---- slots ---- */

/* Publishes a slot for a department. The caller has checked the actor's
 * right (dept_head of the department, or admin) and the spec. E_NOT_FOUND
 * for an unknown department; E_CONFLICT (with a field error) when a slot of
 * the department starts at the same time or overlaps it. On success writes
 * the new id. */
errcode_t slot_publish(store_t *st, const actor_t *by, const char *department, const slot_spec_t *spec,
		       char id_out[APPT_ID_LEN], errs_t *errs);
/* slot_publish inside a write the caller runs (the synthetic seeder), at clock_now_ms(). */
errcode_t slot_publish_within(dbc_t *c, const actor_t *by, const char *department, const slot_spec_t *spec,
			      char id_out[APPT_ID_LEN], errs_t *errs);

/* A week's (or several weeks') pattern of slots to publish at once: the days
 * from..to whose weekday is chosen, each at every time of the pattern, with
 * one capacity. Days the calendar marks off (public holidays, in the
 * department's region or the nation's) are skipped and reported, so that a
 * clerk can publish a month of slots in one step. */
#define APPT_PATTERN_TIMES_MAX 24
#define APPT_PATTERN_DAYS_MAX 62   /* from..to spans at most this many days */
#define APPT_PATTERN_SLOTS_MAX 500 /* slots one pattern may publish */
typedef struct {
	day_t from, to;
	unsigned weekdays; /* bit d set: weekday d chosen (1 = Monday .. 7 = Sunday) */
	int ntimes;
	int start[APPT_PATTERN_TIMES_MAX], end[APPT_PATTERN_TIMES_MAX]; /* in the order given */
	int capacity;
} slot_pattern_t;

/* Checks a pattern: real dates "from" <= "to", from not before today, at most
 * APPT_PATTERN_DAYS_MAX days long and to at most APPT_DAYS_AHEAD_MAX days
 * ahead; "weekdays" 1..7 (at least one); "times" 1..APPT_PATTERN_TIMES_MAX,
 * each "HH:MM" with end after start ("times[i].start", "times[i].end"), no
 * two overlapping ("times[i]"/"overlap"); capacity 1..50; no slot of the
 * pattern already begun ("from"/"past"); at most APPT_PATTERN_SLOTS_MAX slots.
 * weekdays and times are given as their counts; a NULL string is absent. */
bool appt_pattern_check(const char *from, const char *to, const long long *weekdays, size_t nweekdays,
			const char *const *starts, const char *const *ends, size_t ntimes, long long capacity,
			int64_t now_ms, slot_pattern_t *out, errs_t *e);

/* Publishes every slot of a pattern for a department in one transaction:
 * all or none. E_NOT_FOUND for an unknown department; E_CONFLICT when a slot
 * of the pattern overlaps one of the department's (errs names "times[i]" and
 * the day); E_VALIDATION when every chosen day is a day off ("weekdays"/
 * "no_day"). On success *out is {"department","published","skipped":[{"date",
 * "reason":"day_off"}],"slots":[ids]}. */
errcode_t slot_publish_pattern(store_t *st, const actor_t *by, const char *department,
			       const slot_pattern_t *p, json_t **out, errs_t *errs);

/* Withdraws a slot of the department that nobody holds: it is deleted with
 * the cancelled bookings that pointed at it (the audit log keeps both).
 * if_version 0 skips the version check. E_NOT_FOUND (absent or another
 * department's), E_STALE, E_STATE (the slot has begun), E_CONFLICT (it has
 * bookings: *booked_out says how many). */
errcode_t slot_withdraw(store_t *st, const actor_t *by, const char *department, const char *slot_id,
			int64_t if_version, int64_t *booked_out);

/* Sets a slot's capacity (1..50, checked by the caller). It never falls below
 * the places already booked: E_VALIDATION ("capacity"/"below_booked") then.
 * E_NOT_FOUND, E_STALE, E_STATE (begun) as slot_withdraw. */
errcode_t slot_set_capacity(store_t *st, const actor_t *by, const char *department, const char *slot_id,
			    int capacity, int64_t if_version, errs_t *errs);

/* One slot as JSON ({"id","date","start","end","capacity","booked",
 * "available","past","version"}); NULL when absent. */
json_t *slot_json(dbc_t *c, const char *slot_id, int64_t now_ms);

/* A department's slots of one day, by start time: {"department","date","slots":[...]}.
 * E_NOT_FOUND for an unknown department. */
errcode_t slot_list_for_day(dbc_t *c, const char *department, day_t day, int64_t now_ms, json_t **out);

/* True when the department exists. */
bool appointment_department_exists(dbc_t *c, const char *department);

/* ---- appointments ---- */

/* Books a slot for the actor (a person or an enterprise) through `channel`
 * (online | mobile | window). matter may be NULL; when given it must be an
 * active matter of the slot's department. Outcomes:
 *   E_OK          booked; *id_out set
 *   E_VALIDATION  errs says which: matter unknown/other department, slot
 *                 not found ("slot"/"not_found"), slot begun ("slot"/"past",
 *                 counted as unmet demand)
 *   E_CONFLICT    the actor already holds an active booking of this slot
 *   E_SLOT_FULL   no place left (counted as unmet demand)
 *   E_INTERNAL    database failure */
errcode_t appointment_book(store_t *st, const actor_t *by, const char *slot_id, const char *matter,
			   const char *channel, errs_t *errs, char id_out[APPT_ID_LEN]);
/* appointment_book inside a write the caller runs (the synthetic seeder), at clock_now_ms(): a
 * refusal for a full or past slot is counted in that write. */
errcode_t appointment_book_within(dbc_t *c, const actor_t *by, const char *slot_id, const char *matter,
				  const char *channel, errs_t *errs, char id_out[APPT_ID_LEN]);

/* Cancels the actor's own booking before its slot begins. if_version 0
 * skips the version check. E_NOT_FOUND (absent or someone else's), E_STALE,
 * E_STATE (already cancelled, checked in, or the slot has begun). */
errcode_t appointment_cancel(store_t *st, const actor_t *by, const char *id, int64_t if_version);

/* Checks the booker in at the window: the actor is a window clerk of the
 * appointment's department. Records a visit (appointment_checkin). A clerk
 * may check in early arrivals; after the slot's day has ended the
 * appointment is a no-show and can no longer be checked in (E_STATE), as is
 * a cancelled or already checked-in one. E_NOT_FOUND, E_FORBIDDEN (another
 * department), E_STALE. */
errcode_t appointment_checkin(store_t *st, const actor_t *by, const char *id, int64_t if_version);

/* Owner and department of an appointment, for the caller's authorisation
 * check. Returns false when absent. */
bool appointment_owner(dbc_t *c, const char *id, char account_out[APPT_ACCOUNT_LEN],
		       char department_out[APPT_DEPT_LEN]);

/* One appointment as JSON, NULL when absent. */
json_t *appointment_json(dbc_t *c, const char *id);

/* The account's appointments, newest slot first (at most APPT_LIST_MAX):
 * a new array. */
json_t *appointment_list_of_account(dbc_t *c, const char *account_id);

/* A department's appointments of one day, by start time then booking time:
 * {"department","date","items":[...]}. E_NOT_FOUND for an unknown department. */
errcode_t appointment_list_for_day(dbc_t *c, const char *department, day_t day, json_t **out);
/* Narrows such a list to one person (check-in at the window): `who` is a
 * 身份证号 (checked, matched to an account) or part of a name; NULL keeps all.
 * E_VALIDATION (errors at "q") for a bad one. */
errcode_t appointment_keep_who(dbc_t *c, json_t *list, const char *who, errs_t *e);

/* ---- demo data ---- */

/* For amr, health and psb: 30-minute slots of capacity 4 for the 21 days
 * from today (Asia/Shanghai): working days 09:00–12:00 and 13:30–17:00,
 * Saturdays that are not public holidays 09:00–12:00 (weekend service).
 * Idempotent: slots that exist are left alone. */
int appointment_seed_demo(store_t *st);

#endif
