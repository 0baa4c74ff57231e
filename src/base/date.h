/* date.h — civil dates as day numbers.
 *
 * A day number is the count of days since 1970-01-01 (proleptic Gregorian),
 * so date arithmetic is integer arithmetic. Dates are exchanged as
 * "YYYY-MM-DD". Calendar dates of the working calendar are in the region's
 * time zone (Asia/Shanghai, UTC+8, no DST); date_from_ms converts a UTC
 * millisecond time to that zone's date. */
#ifndef ONESTOP_DATE_H
#define ONESTOP_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t day_t;

#define DATE_STR_LEN 11 /* "YYYY-MM-DD" + NUL */

bool date_valid_ymd(int y, int m, int d);          /* years 1..9999 */
day_t date_from_ymd(int y, int m, int d);          /* caller checks validity first */
void date_to_ymd(day_t day, int *y, int *m, int *d);
/* Parses exactly "YYYY-MM-DD" (years 1900..9999) naming a real date. */
bool date_parse(const char *s, day_t *out);
/* Same for a pointer+length view. */
bool date_parse_n(const char *s, size_t n, day_t *out);
/* Writes "YYYY-MM-DD"; a day outside years 0..9999 is written as
 * "0000-00-00", which date_parse refuses, rather than truncated. */
void date_format(day_t day, char out[DATE_STR_LEN]);
int date_weekday(day_t day);                       /* 1 = Monday .. 7 = Sunday (ISO) */
int date_year(day_t day);
day_t date_from_ms(int64_t utc_ms);                /* date in UTC+8; saturates at the day_t range */

#endif
