/* appointment_store.h — the SQL of domain/appointments: slots, appointments,
 * unmet demand, and the few facts read from departments and the calendar.
 * Internal to the subsystem; other subsystems call appointment.h.
 *
 * Reads fill typed rows (no JSON here: the views are built in *_read.c).
 * Results follow store.h: DB_ROW found, DB_DONE none, DB_CONSTRAINT, DB_ERR. */
#ifndef ONESTOP_APPOINTMENT_STORE_H
#define ONESTOP_APPOINTMENT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/appointments/appointment.h"

#define APPT_NAME_LEN 256 /* a department's, matter's or person's display name */
#define APPT_STATUS_LEN 16
#define APPT_MATTER_LEN 32 /* a matter code and its NUL */

typedef struct {
	char id[APPT_ID_LEN];
	char department[APPT_DEPT_LEN];
	char day[DATE_STR_LEN], start[APPT_TIME_LEN], end[APPT_TIME_LEN];
	int64_t capacity, booked, version;
} slot_row_t;

/* An appointment with its slot, department, matter and booker. */
typedef struct {
	char id[APPT_ID_LEN], status[APPT_STATUS_LEN];
	int64_t version;
	char slot_id[APPT_ID_LEN], day[DATE_STR_LEN], start[APPT_TIME_LEN], end[APPT_TIME_LEN];
	char department[APPT_DEPT_LEN], department_zh[APPT_NAME_LEN], department_en[APPT_NAME_LEN];
	bool has_matter;
	char matter[APPT_MATTER_LEN], matter_zh[APPT_NAME_LEN], matter_en[APPT_NAME_LEN];
	char account[APPT_ACCOUNT_LEN], account_name[APPT_NAME_LEN], account_kind[APPT_STATUS_LEN];
	int64_t created_at, cancelled_at, checked_in_at; /* -1 when not (yet) */
} appt_row_t;

typedef void (*slot_row_fn)(const slot_row_t *r, void *ctx);
typedef void (*appt_row_fn)(const appt_row_t *r, void *ctx);

/* ---- departments and the calendar ---- */
bool appointment_store_department_exists(dbc_t *c, const char *department);
/* The department's names ("" when unknown). */
void appointment_store_department_names(dbc_t *c, const char *code, char *zh, size_t zn, char *en,
					size_t en_n);
/* The department's region code; false when there is no such department. */
bool appointment_store_department_region(dbc_t *c, const char *code, char *region, size_t n);
/* True when `day` is a day off marked in the calendar of region or of the nation. */
bool appointment_store_day_off(dbc_t *c, const char *region, const char *day);

/* ---- slots ---- */
int appointment_store_slot_get(dbc_t *c, const char *slot_id, slot_row_t *out);
/* Calls fn for each slot of the department's day, by start time. DB_DONE or DB_ERR. */
int appointment_store_slots_of_day(dbc_t *c, const char *department, const char *day, slot_row_fn fn,
				   void *ctx);
/* A slot of the department's day overlapping [start, end): DB_ROW with its
 * start in start_out, DB_DONE when none. */
int appointment_store_slot_overlap(dbc_t *c, const char *department, const char *day, const char *start,
				   const char *end, char start_out[APPT_TIME_LEN]);
/* A new slot with nothing booked, version 1. DB_DONE, DB_CONSTRAINT (same start) or DB_ERR. */
int appointment_store_slot_insert(dbc_t *c, const slot_row_t *r, int64_t now, const char *by);
/* The same, unless the department has a slot starting then: 1 added, 0 not, -1 on error. */
int appointment_store_slot_insert_new(dbc_t *c, const slot_row_t *r, int64_t now, const char *by);
/* Deletes a slot (the caller has seen that nobody holds it, in the same write;
 * a booking still pointing at it fails the foreign key): 1 deleted, 0 not, -1 on error. */
int appointment_store_slot_delete(dbc_t *c, const char *slot_id);
/* Deletes the cancelled bookings of a slot: how many, -1 on error. */
int appointment_store_slot_drop_cancelled(dbc_t *c, const char *slot_id);
/* Sets the capacity (the caller has checked it against the bookings in the same
 * write; the table's CHECK is the database's own guard): 1 changed, 0 not, -1 on error. */
int appointment_store_slot_set_capacity(dbc_t *c, const char *slot_id, int capacity);
/* Takes one place: 1 taken, 0 the slot is full, -1 on error. */
int appointment_store_slot_take(dbc_t *c, const char *slot_id);
/* Gives one place back. 0 or -1. */
int appointment_store_slot_release(dbc_t *c, const char *slot_id);

/* ---- appointments ---- */
/* Whether the account holds a booking of the slot that is not cancelled: DB_ROW yes, DB_DONE no. */
int appointment_store_held(dbc_t *c, const char *slot_id, const char *account);
/* A new booking (status booked, version 1). DB_DONE, DB_CONSTRAINT or DB_ERR. */
/* DB_ROW when `account` holds a live (booked or checked-in) appointment at
 * `department` on `day` for `matter` (NULL: for no named matter), DB_DONE
 * when not, DB_ERR on error. */
int appointment_store_held_same_day(dbc_t *c, const char *account, const char *department, const char *day,
				    const char *matter);
int appointment_store_insert(dbc_t *c, const char *id, const char *slot_id, const char *account,
			     const char *department, const char *matter, const char *channel, int64_t now);
/* Moves a booked appointment of that version on: 0 when one row changed, -1 otherwise. */
int appointment_store_mark_cancelled(dbc_t *c, const char *id, int64_t version, int64_t now);
int appointment_store_mark_checked_in(dbc_t *c, const char *id, int64_t version, int64_t now, const char *by);
int appointment_store_get(dbc_t *c, const char *id, appt_row_t *out);
/* Newest slot first, at most limit. DB_DONE or DB_ERR. */
int appointment_store_of_account(dbc_t *c, const char *account, int limit, appt_row_fn fn, void *ctx);
/* By start time then booking time, at most limit. DB_DONE or DB_ERR. */
int appointment_store_of_day(dbc_t *c, const char *department, const char *day, int limit, appt_row_fn fn,
			     void *ctx);
/* Owner and department. DB_ROW, DB_DONE or DB_ERR. */
int appointment_store_owner(dbc_t *c, const char *id, char account[APPT_ACCOUNT_LEN],
			    char dept[APPT_DEPT_LEN]);

/* ---- unmet demand ---- */
/* One more refusal in its cell (department, day, hour, channel, matter ("" for none), reason). 0 or -1. */
int appointment_store_unmet_add(dbc_t *c, const char *department, const char *day, int hour, int weekday,
				const char *channel, const char *matter, const char *reason);

#endif
