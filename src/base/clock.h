/* clock.h — the one source of time.
 *
 * Everything that needs "now" asks clock_now_ms(). Scenario tests need to move
 * time (a case deemed accepted after five working days); a build made with
 * -DONESTOP_TEST_CLOCK lets them shift it with clock_set_offset_ms(). A
 * production build has no such switch: the function refuses there. */
#ifndef ONESTOP_CLOCK_H
#define ONESTOP_CLOCK_H

#include <stdint.h>
#include <stdbool.h>

int64_t clock_now_ms(void);          /* UTC milliseconds, with the test offset if any */
int64_t clock_mono_ns(void);         /* monotonic, for durations */
/* Returns false (and changes nothing) in a production build. */
bool clock_set_offset_ms(int64_t offset);
bool clock_is_adjustable(void);
/* Replaying the past in process (`onestop seed --synthetic`): while pinned,
 * clock_now_ms() answers `ms` on every thread (the writer's too), so what a
 * replayed change stamps is the moment it stands for. 0 unpins. Only offline
 * commands call it, before any server starts; no request can reach it. */
void clock_pin_ms(int64_t ms);
/* "2026-11-23T08:15:30.123Z" */
void clock_format_iso(int64_t ms, char out[32]);

#endif
