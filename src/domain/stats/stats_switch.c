/* stats_switch.c — whether the statistics counters are kept (see stats.h).
 * A production build always keeps them. The test build (onestop-test: the
 * Makefile's TEST_VARIANT_SRC compiles this file again with
 * ONESTOP_TEST_CLOCK, and that object is linked before the library's) skips
 * them when ONESTOP_TEST_NO_COUNTERS=1 is in its environment at start: the
 * one use is bench/run.sh's row of durable submissions without the counters,
 * measured next to the same build with them. Nothing in the product sets it. */
#include "domain/stats/stats.h"
#include <stdlib.h>
#include <string.h>

#ifdef ONESTOP_TEST_CLOCK
static bool skipped;

__attribute__((constructor)) static void counters_from_environment(void)
{
	const char *v = getenv("ONESTOP_TEST_NO_COUNTERS");
	skipped = v && !strcmp(v, "1");
}

bool stats_counters_kept(void) { return !skipped; }
#else
bool stats_counters_kept(void) { return true; }
#endif
