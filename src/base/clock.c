/* clock.c — see clock.h. */
#include "base/clock.h"
#include "base/date.h"
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

static _Atomic int64_t offset_ms;
static _Atomic int64_t pinned_ms;

void clock_pin_ms(int64_t ms) { atomic_store(&pinned_ms, ms); }

int64_t clock_now_ms(void)
{
	int64_t pin = atomic_load(&pinned_ms);
	if (pin)
		return pin;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + atomic_load(&offset_ms);
}

int64_t clock_mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

bool clock_is_adjustable(void)
{
#ifdef ONESTOP_TEST_CLOCK
	return true;
#else
	return false;
#endif
}

bool clock_set_offset_ms(int64_t offset)
{
	if (!clock_is_adjustable())
		return false;
	atomic_store(&offset_ms, offset);
	return true;
}

static void put_digits(char *p, int64_t v, int width)
{
	for (int i = width - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
}

/* By hand rather than gmtime_r and snprintf: it runs for every request's log line and every time
 * in a JSON answer, and gmtime_r takes glibc's time-zone lock on each call. The date is the UTC
 * day's, written by date_format. */
void clock_format_iso(int64_t ms, char out[32])
{
	/* clamp to years 1970..9999 so every field has its fixed width */
	if (ms < 0)
		ms = 0;
	if (ms > 253402300799999LL)
		ms = 253402300799999LL;
	int64_t secs = ms / 1000, sod = secs % 86400;
	date_format((day_t)(secs / 86400), out);
	out[10] = 'T';
	put_digits(out + 11, sod / 3600, 2);
	out[13] = ':';
	put_digits(out + 14, sod / 60 % 60, 2);
	out[16] = ':';
	put_digits(out + 17, sod % 60, 2);
	out[19] = '.';
	put_digits(out + 20, ms % 1000, 3);
	out[23] = 'Z';
	out[24] = '\0';
}
