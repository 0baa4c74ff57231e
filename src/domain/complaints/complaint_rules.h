/* complaint_rules.h — the pure rules of 接诉即办, with no database: which body
 * the responsibility list names for a category at a place, and the deadlines
 * of a time class. complaint.c feeds them the rows and the region's calendar;
 * the unit tests feed them tables.
 *
 * Matching (以事件定责): a row (category, place) -> body applies when its
 * category is the request's category or one of its ancestors and its place is
 * the request's street, district or city. The most specific place wins (a
 * street beats its district beats the city); among rows of the same place,
 * the most specific category wins. No row: NULL, and the caller falls back to
 * the district government (兜底).
 *
 * Deadlines: signing for (签收) 1 clock hour after dispatch, 7×24; the reply
 * by time class from intake: urgent 2 clock hours, utility 24 clock hours
 * (nights and weekends count: the hotline works around the clock), general
 * 7 and complex 15 working days on the region's calendar, due at the end of
 * the last working day (Asia/Shanghai). */
#ifndef ONESTOP_COMPLAINT_RULES_H
#define ONESTOP_COMPLAINT_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/calendar/calendar.h"

#define COMPLAINT_SIGN_MS (3600 * 1000LL)

typedef struct {
	const char *category, *place, *body;
} duty_row_t;

/* cats: the request's category then its ancestors, NULL-terminated; places:
 * street (or NULL when unknown), district, city. The body of the best row, or NULL. */
const char *complaint_duty_match(const duty_row_t *rows, size_t n, const char *const *cats,
				 const char *const places[3]);

/* Whether s names a time class. */
bool complaint_time_class_ok(const char *s);
/* The reply deadline (UTC ms) of a request of time class tc received at
 * received_ms; *provisional (may be NULL) is set when a calendar year consulted is not loaded.
 * cal may be NULL for the clock-hour classes. -1 for an unknown class. */
int64_t complaint_reply_due(const calendar_t *cal, const char *tc, int64_t received_ms, bool *provisional);
/* green, yellow (a quarter of the time or less left) or red (past due); "none" without a deadline. */
const char *complaint_colour(int64_t start_ms, int64_t due_ms, int64_t now_ms);

/* 未诉先办: whether a day's count of requests (one category at one street) is
 * a spike — at least `min` requests, and more than `factor` times the mean of
 * the `n` days before it (before[0] the earliest; a day without requests
 * counts 0), so that a street office can act before the complaints pile up.
 * With n = 0 there is no history to judge by: never a spike. */
#define COMPLAINT_SPIKE_DAYS 7     /* the trailing window */
#define COMPLAINT_SPIKE_FACTOR 2.0 /* the default factor */
#define COMPLAINT_SPIKE_MIN 3      /* fewer requests than this are never a spike */
bool complaint_spike(int64_t count, const int64_t *before, int n, double factor, int64_t min);

/* Duplicates (合并办理): a request may follow another's handling when both
 * are of the same category at the same place (district and street, an
 * unknown street matching only an unknown street), were filed within 7 days
 * of each other, and the other is in hand — dispatched, signed or being
 * handled, not itself following a third — and is not the request itself. */
#define COMPLAINT_DUPLICATE_MS (7 * 86400 * 1000LL)
typedef struct {
	const char *id, *category, *district, *street, *status;
	int64_t created_at;
} complaint_dup_t;
typedef enum {
	DUP_OK,
	DUP_SELF,        /* the same request */
	DUP_CATEGORY,    /* another category */
	DUP_PLACE,       /* another district or street */
	DUP_WINDOW,      /* filed more than 7 days apart */
	DUP_NOT_IN_HAND, /* the other is not dispatched, signed or handling */
	DUP_CHAINED      /* the other is itself merged into a third */
} complaint_dup_why_t;
complaint_dup_why_t complaint_duplicate_why(const complaint_dup_t *dup, const complaint_dup_t *lead);

#endif
