/* clock.c — see clock.h. */
#include "base/clock.h"
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

void clock_format_iso(int64_t ms, char out[32])
{
	/* clamp to years 1970..9999 so every field has its fixed width */
	if (ms < 0)
		ms = 0;
	if (ms > 253402300799999LL)
		ms = 253402300799999LL;
	time_t s = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&s, &tm);
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", (tm.tm_year + 1900) % 10000,
		 (tm.tm_mon + 1) % 100, tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100, tm.tm_sec % 100,
		 (int)(ms % 1000));
}
