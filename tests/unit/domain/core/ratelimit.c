/* ratelimit.c — unit tests of domain/core/ratelimit: the abuse limits. The
 * rules, as stated to operators: each kind counts per account (cases,
 * uploads) or per client address (registrations) in a fixed window aligned
 * on its period; the N-th write of a window passes, the next is refused with
 * the time until the window ends; a window clerk has a rule of their own; a
 * refused write counts nothing (its transaction rolls back); N = 0 is
 * unlimited; a bad --limit is refused. Time is the now_ms argument. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain/core/ratelimit.h"
#include "domain/core/errcode.h"
#include "domain/core/role.h"
#include "unit/tempstore.h"

#define MIN_MS 60000LL
#define T0 (1000000LL * MIN_MS) /* the start of a minute, of an hour and of a day */

static store_t *st;
static char dir[TEMPSTORE_DIR_LEN];

struct take {
	limit_kind_t kind;
	const actor_t *by;
	const char *addr;
	int64_t now;
	limit_hit_t hit;
	int rc;
	bool fail_after; /* the write fails after the take (rolls back) */
};

static int take_write(dbc_t *c, void *arg)
{
	struct take *x = arg;
	x->rc = ratelimit_take(c, x->kind, x->by, x->addr, x->now, &x->hit);
	if (x->rc != 0)
		return x->rc;
	return x->fail_after ? E_CONFLICT : 0;
}

static int take(limit_kind_t kind, const actor_t *by, const char *addr, int64_t now, limit_hit_t *hit)
{
	struct take x = {.kind = kind, .by = by, .addr = addr, .now = now};
	int r = store_write(st, take_write, &x);
	if (hit)
		*hit = x.hit;
	return r;
}

static actor_t person(const char *id)
{
	actor_t a = {.roles = ROLE_PERSON};
	snprintf(a.id, sizeof a.id, "%s", id);
	return a;
}

static void configure(const char *spec)
{
	char err[256];
	assert_int_equal(ratelimit_configure_list(spec, err, sizeof err), 0);
}

static void test_the_next_after_n_is_refused_until_the_window_ends(void **state)
{
	(void)state;
	configure("cases=3/minute");
	actor_t a = person("acc-window");
	for (int i = 0; i < 3; i++)
		assert_int_equal(take(LIMIT_CASES, &a, NULL, T0 + i * 1000, NULL), 0);
	limit_hit_t hit;
	assert_int_equal(take(LIMIT_CASES, &a, NULL, T0 + 15000, &hit), E_RATE_LIMITED);
	assert_string_equal(hit.name, "cases");
	assert_int_equal(hit.limit, 3);
	assert_string_equal(hit.period, "minute");
	assert_int_equal(hit.retry_ms, 45000);
	/* refused ones counted nothing: still refused, then the next window starts afresh */
	assert_int_equal(take(LIMIT_CASES, &a, NULL, T0 + MIN_MS - 1, &hit), E_RATE_LIMITED);
	assert_int_equal(hit.retry_ms, 1);
	assert_int_equal(ratelimit_peek(store_reader(st), LIMIT_CASES, &a, NULL, T0 + 1, &hit),
			 E_RATE_LIMITED);
	for (int i = 0; i < 3; i++)
		assert_int_equal(take(LIMIT_CASES, &a, NULL, T0 + MIN_MS + i, NULL), 0);
	assert_int_equal(take(LIMIT_CASES, &a, NULL, T0 + MIN_MS + 5, NULL), E_RATE_LIMITED);
	ratelimit_reset();
}

static void test_accounts_and_kinds_are_counted_apart(void **state)
{
	(void)state;
	configure("cases=1/day,uploads=2/day");
	actor_t a = person("acc-a"), b = person("acc-b");
	assert_int_equal(take(LIMIT_CASES, &a, NULL, T0, NULL), 0);
	assert_int_equal(take(LIMIT_CASES, &a, NULL, T0, NULL), E_RATE_LIMITED);
	assert_int_equal(take(LIMIT_CASES, &b, NULL, T0, NULL), 0);
	assert_int_equal(take(LIMIT_UPLOADS, &a, NULL, T0, NULL), 0);
	assert_int_equal(take(LIMIT_UPLOADS, &a, NULL, T0, NULL), 0);
	assert_int_equal(take(LIMIT_UPLOADS, &a, NULL, T0, NULL), E_RATE_LIMITED);
	ratelimit_reset();
}

static void test_a_window_clerk_has_a_rule_of_their_own(void **state)
{
	(void)state;
	configure("cases=1/hour,cases.clerk=3/hour");
	actor_t clerk = person("acc-clerk");
	clerk.roles = ROLE_WINDOW_CLERK;
	limit_hit_t hit;
	for (int i = 0; i < 3; i++)
		assert_int_equal(take(LIMIT_CASES, &clerk, NULL, T0, NULL), 0);
	assert_int_equal(take(LIMIT_CASES, &clerk, NULL, T0, &hit), E_RATE_LIMITED);
	assert_string_equal(hit.name, "cases.clerk");
	assert_string_equal(hit.period_zh, "小时");
	ratelimit_reset();
}

static void test_registrations_count_per_address(void **state)
{
	(void)state;
	configure("registrations=2/hour");
	actor_t anon = {0};
	assert_int_equal(take(LIMIT_REGISTRATIONS, &anon, "10.1.0.1", T0, NULL), 0);
	assert_int_equal(take(LIMIT_REGISTRATIONS, &anon, "10.1.0.1", T0, NULL), 0);
	assert_int_equal(take(LIMIT_REGISTRATIONS, &anon, "10.1.0.1", T0, NULL), E_RATE_LIMITED);
	assert_int_equal(take(LIMIT_REGISTRATIONS, &anon, "10.1.0.2", T0, NULL), 0);
	ratelimit_reset();
}

static void test_a_failed_write_counts_nothing(void **state)
{
	(void)state;
	configure("cases=1/day");
	actor_t a = person("acc-rollback");
	struct take x = {.kind = LIMIT_CASES, .by = &a, .now = T0, .fail_after = true};
	for (int i = 0; i < 5; i++)
		assert_int_equal(store_write(st, take_write, &x), E_CONFLICT);
	assert_int_equal(take(LIMIT_CASES, &a, NULL, T0, NULL), 0);
	ratelimit_reset();
}

static void test_zero_is_unlimited(void **state)
{
	(void)state;
	configure("cases=0/minute");
	actor_t a = person("acc-free");
	for (int i = 0; i < 50; i++)
		assert_int_equal(take(LIMIT_CASES, &a, NULL, T0, NULL), 0);
	ratelimit_reset();
}

static void test_bad_specs_are_refused(void **state)
{
	(void)state;
	static const char *const BAD[] = {
	    "cases",       "cases=",       "cases=5",          "cases=5/", "cases=5/week", "cases=-1/day",
	    "cases=x/day", "cases=5x/day", "complaint=5/day", "=5/day",   "cases.x=5/day"};
	char err[256];
	for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++)
		if (ratelimit_configure(BAD[i], err, sizeof err) == 0)
			fail_msg("'%s' was accepted", BAD[i]);
	char d[512];
	ratelimit_describe(d, sizeof d);
	assert_string_equal(d, "cases.clerk=300/hour cases=200/day uploads.clerk=1500/hour uploads=1000/day "
			       "registrations=100/hour password_resets=30/hour password_resets.account=5/hour "
			       "complaints.operator=120/hour complaints=20/day complaints.anonymous=30/hour "
			       "progress=60/hour ratings.by_code=30/hour");
}

static void test_the_job_forgets_ended_windows(void **state)
{
	(void)state;
	actor_t a = person("acc-old");
	assert_int_equal(take(LIMIT_CASES, &a, NULL, T0, NULL), 0); /* T0 is long past */
	assert_true(ratelimit_job_forget(st) >= 1);
	dbs_t *s = db_prep(store_reader(st), "SELECT COUNT(*) FROM rate_limits WHERE key = 'cases:acc-old'");
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_col_int(s, 0), 0);
	db_reset(s);
}

static int setup(void **state)
{
	(void)state;
	st = tempstore_open("ratelimit", dir);
	return st ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	tempstore_close(st, dir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_the_next_after_n_is_refused_until_the_window_ends),
	    cmocka_unit_test(test_accounts_and_kinds_are_counted_apart),
	    cmocka_unit_test(test_a_window_clerk_has_a_rule_of_their_own),
	    cmocka_unit_test(test_registrations_count_per_address),
	    cmocka_unit_test(test_a_failed_write_counts_nothing),
	    cmocka_unit_test(test_zero_is_unlimited),
	    cmocka_unit_test(test_bad_specs_are_refused),
	    cmocka_unit_test(test_the_job_forgets_ended_windows),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
