/* open311_rules.h — the rules of the Open311 GeoReport v2 façade that need
 * no database: how a 12345 state reads as Open311's open/closed, the window
 * GET requests covers, coordinates, and the length of a description. */
#ifndef ONESTOP_OPEN311_RULES_H
#define ONESTOP_OPEN311_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OPEN311_WINDOW_MS (90LL * 86400 * 1000) /* GET requests: the default and longest span */
#define OPEN311_MAX_RESULTS 1000                /* GET requests: at most this many, newest first */
#define OPEN311_DESCRIPTION_MAX 4000            /* characters (code points) */

/* "closed" for a request in a final state of the 12345 machine (nothing left but reading),
 * "open" for every other state — received, dispatched, returned, in hand, replied, at callback. */
const char *open311_status_of(const char *state);

typedef enum {
	OPEN311_WINDOW_OK = 0,
	OPEN311_WINDOW_REVERSED, /* end_date before start_date */
	OPEN311_WINDOW_TOO_LONG, /* more than 90 days between them */
} open311_window_t;

/* The filing times [*from, *to) GET requests covers: start and end inclusive when given; neither:
 * the 90 days up to now; only one: 90 days from start, or up to end. */
open311_window_t open311_window(bool has_start, int64_t start, bool has_end, int64_t end, int64_t now,
				int64_t *from, int64_t *to);

/* A WGS84 degree written -?D{1,3}[.D+] within ±limit (90 latitude, 180 longitude), in millionths
 * (rounded half away from zero). false for anything else: signs other than a leading '-',
 * exponents, blanks, "nan". */
bool open311_degrees(const char *s, int limit, int64_t *e6);

/* The number of characters (code points) of a UTF-8 text. */
size_t open311_chars(const char *s);

#endif
