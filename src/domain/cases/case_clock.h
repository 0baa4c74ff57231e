/* case_clock.h — the statutory clock of a case (Administrative Licensing Law
 * art. 42 and 45): it starts at acceptance, runs in working days of the
 * region's calendar, stops during special procedures (and never runs before
 * acceptance, so a correction before acceptance costs nothing), and grows
 * only by an approved extension.
 *   deadline = accepted + promised + extension + paused working days
 * Colour: green; yellow when at most 2 working days or 20 % remain, from the
 * day after acceptance (a short matter is green the day it is accepted); red when
 * overdue; none when the clock has not started or the case is finished. */
#ifndef ONESTOP_CASE_CLOCK_H
#define ONESTOP_CASE_CLOCK_H

#include <jansson.h>
#include <stdbool.h>
#include "base/date.h"
#include "store/store.h"

typedef struct {
	const char *region;
	int promised_days, extension_days, paused_workdays;
	const char *accepted_day;   /* NULL before acceptance */
	const char *paused_day;     /* NULL unless suspended */
	const char *finished_day;   /* NULL while open */
} clock_in_t;

typedef struct {
	bool started, paused, finished, provisional;
	day_t accepted, due;
	int total, used, left;      /* working days; left < 0 when overdue */
	const char *colour;         /* green | yellow | red | none */
} clock_out_t;

void case_clock(dbc_t *c, const clock_in_t *in, day_t today, clock_out_t *out);
json_t *case_clock_json(const clock_out_t *k, bool extended);
const char *clock_colour(int left, int total, bool overdue);

/* The intake term (Art. 32 行政许可法): a submitted case is accepted or
 * refused within this many working days of its submission, or it is deemed
 * accepted. */
#define CASE_INTAKE_DAYS 5
/* Registers the case's intake term (受理期限: CASE_INTAKE_DAYS working days from today) in the
 * deadline registry and writes its date to `due`; 0, or -1 (then `due` is ""). */
int case_intake_term(dbc_t *c, const char *id, const char *region, const char *applicant,
		     char due[DATE_STR_LEN]);

#endif
