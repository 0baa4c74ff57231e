/* testing.c — hooks that exist only in the test build (-DONESTOP_TEST_CLOCK):
 *   POST /api/v1/test/clock  {"offset_days": N}   move the platform's clock
 *   POST /api/v1/test/jobs                        run the background jobs now
 * A production build has neither the routes nor the adjustable clock. */
#include "api/api.h"
#include "base/clock.h"
#include "base/jsonin.h"
#include "domain/registry.h"

void api_test_clock(req_t *r)
{
	long long days = 0, ms = 0;
	bool has_days = false, has_ms = false;
	jfield_t spec[] = {{"offset_days", JF_INT, false, -3650, 3650, &days, &has_days},
			   {"offset_ms", JF_INT, false, -315360000000LL, 315360000000LL, &ms, &has_ms},
			   JF_END};
	if (!req_body(r, spec))
		return;
	if (!clock_set_offset_ms(has_ms ? ms : days * 86400000LL)) {
		reply_problem(r, E_FORBIDDEN, "生产版本不能调整时钟", "the clock is fixed in a production build", NULL);
		return;
	}
	char now[32];
	clock_format_iso(clock_now_ms(), now);
	reply_json(r, 200, json_pack("{ss}", "now", now));
}

void api_test_jobs(req_t *r)
{
	domain_jobs_run_all(r->store, true);
	reply_json(r, 200, json_pack("{ss}", "result", "ok"));
}
