/* calendar.h — one region's working calendar (工作日历).
 *
 * Working days under the Administrative Licensing Law exclude weekends and
 * statutory holidays, and include the weekend days the State Council turns
 * into working days (调休). A calendar knows exactly which years it has been
 * given: for a loaded year every day's status comes from the notice; for a
 * year that has not been loaded the calendar never pretends — it counts
 * weekends only and reports the answer as *provisional*, so callers can mark
 * and later recompute it.
 *
 * Representation: for each loaded year, a bitmap of working days and a
 * prefix count per day, so calendar_workdays_between is O(1) per year spanned and
 * calendar_add_workdays is a binary search, O(log n). Outside loaded years,
 * weekday arithmetic is closed-form.
 *
 * A calendar_t is not internally locked: readers may share it; a writer (loading a
 * year) needs exclusive access (the caller holds a lock). */
#ifndef ONESTOP_CALENDAR_H
#define ONESTOP_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include "base/date.h"
#include "base/errs.h"

typedef struct calendar calendar_t;

typedef struct {
	day_t day;
	bool workday;        /* true: 调休 working day; false: holiday */
	char name[64];       /* holiday name, e.g. "春节" (UTF-8), may be empty */
} calendar_override_t;

calendar_t *calendar_new(void);
void calendar_free(calendar_t *c);

/* Loads (or replaces) a year: every day is a working day on Mon-Fri and off
 * on Sat/Sun, then the overrides apply. Overrides outside `year` are an
 * error, and so is one day given as both off and working (the year must be
 * 1900..9999). Returns 0 on success, -1 on bad input, in which case the
 * calendar is left as it was. */
int calendar_load_year(calendar_t *c, int year, const calendar_override_t *ov, size_t n);
bool calendar_year_loaded(const calendar_t *c, int year);
/* The latest loaded year, or 0 when none is loaded. */
int calendar_last_loaded_year(const calendar_t *c);

/* Whether `day` is a working day. *provisional (may be NULL) is set true when
 * the day's year is not loaded (the answer then follows weekends only). */
bool calendar_is_workday(const calendar_t *c, day_t day, bool *provisional);

/* The day that is `n` working days after `day` (n >= 0; `day` itself is not
 * counted: acceptance on Monday + 1 working day = Tuesday). n = 0 returns
 * `day` (so does n < 0). *provisional is set true if any year consulted is
 * not loaded. */
day_t calendar_add_workdays(const calendar_t *c, day_t day, int n, bool *provisional);

/* Working days d with a < d <= b (0 when b <= a). Agrees with add:
 * calendar_workdays_between(c, a, calendar_add_workdays(c, a, n)) == n. */
int calendar_workdays_between(const calendar_t *c, day_t a, day_t b, bool *provisional);

/* Parses a year file of data/calendar/ (format in data/calendar/README.md):
 *   {"year": 2026, "source": "...", "holidays": [
 *      {"name": "春节", "name_en": "Spring Festival",
 *       "off": ["2026-02-15", "2026-02-23"],        -- inclusive range
 *       "workdays": ["2026-02-14", "2026-02-28"]}]}
 * On success returns 0 and a malloc'd override array (*ov, *n); on failure
 * returns -1 with every problem in errs (field paths like "holidays[1].off"). */
int calendar_parse_year_json(const char *json, size_t len, int *year, calendar_override_t **ov, size_t *n,
			     errs_t *errs);

#endif
