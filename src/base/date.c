/* date.c — civil dates as day numbers (see date.h).
 *
 * The conversions use the era arithmetic of the proleptic Gregorian
 * calendar: a 400-year era has exactly 146097 days, and counting years from
 * March puts the leap day at the end of the year, so the day of the year
 * follows from the month by one linear formula. Everything is computed in
 * 64 bits so that no day_t value, however extreme, can overflow on the way. */
#include "base/date.h"

#include <string.h>

enum {
	DAYS_PER_ERA = 146097,
	/* Days from 0000-03-01 (start of era 0) to 1970-01-01. */
	EPOCH_SHIFT = 719468,
	MS_PER_DAY = 86400000,
	/* Asia/Shanghai has had no daylight saving time since 1991. */
	UTC8_MS = 8 * 3600 * 1000,
};

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && is_leap(y))
		return 29;
	return len[m - 1];
}

bool date_valid_ymd(int y, int m, int d)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= days_in_month(y, m);
}

day_t date_from_ymd(int y, int m, int d)
{
	/* Years start in March here, so January and February belong to the
	 * previous year and the leap day is the last day of a year. */
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = floor_div(yy, 400);
	int64_t yoe = yy - era * 400;                                   /* 0..399 */
	int64_t mp = m > 2 ? m - 3 : m + 9;                             /* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + d - 1;                       /* 0..365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            /* 0..146096 */
	return (day_t)(era * DAYS_PER_ERA + doe - EPOCH_SHIFT);
}

void date_to_ymd(day_t day, int *y, int *m, int *d)
{
	int64_t z = (int64_t)day + EPOCH_SHIFT;
	int64_t era = floor_div(z, DAYS_PER_ERA);
	int64_t doe = z - era * DAYS_PER_ERA;
	/* The corrections remove the leap days of the era so far before
	 * dividing by 365. */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t dd = doy - (153 * mp + 2) / 5 + 1;
	int64_t mm = mp < 10 ? mp + 3 : mp - 9;
	int64_t yy = yoe + era * 400 + (mm <= 2);
	if (y)
		*y = (int)yy;
	if (m)
		*m = (int)mm;
	if (d)
		*d = (int)dd;
}

static bool digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool date_parse_n(const char *s, size_t n, day_t *out)
{
	int y, m, d;
	if (!s || n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
		return false;
	if (y < 1900 || !date_valid_ymd(y, m, d))
		return false;
	if (out)
		*out = date_from_ymd(y, m, d);
	return true;
}

bool date_parse(const char *s, day_t *out)
{
	if (!s)
		return false;
	/* Looking at one byte past the expected length is enough to refuse
	 * trailing text without scanning an unbounded string. */
	return date_parse_n(s, strnlen(s, DATE_STR_LEN), out);
}

static void put_digits(char *p, int v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

void date_format(day_t day, char out[DATE_STR_LEN])
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = m = d = 0;
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = '\0';
}

int date_weekday(day_t day)
{
	/* 1970-01-01 was a Thursday (ISO 4). */
	int64_t r = ((int64_t)day + 3) % 7;
	if (r < 0)
		r += 7;
	return (int)r + 1;
}

int date_year(day_t day)
{
	int y;
	date_to_ymd(day, &y, NULL, NULL);
	return y;
}

day_t date_from_ms(int64_t utc_ms)
{
	/* Split before adding the offset, and take the remainder from %, so
	 * that no step overflows even at the ends of int64_t. */
	int64_t day = utc_ms / MS_PER_DAY;
	int64_t rem = utc_ms % MS_PER_DAY;
	if (rem < 0) {
		day--;
		rem += MS_PER_DAY;
	}
	if (rem >= MS_PER_DAY - UTC8_MS)
		day++;
	if (day > INT32_MAX)
		return INT32_MAX;
	if (day < INT32_MIN)
		return INT32_MIN;
	return (day_t)day;
}
