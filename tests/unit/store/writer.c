/* writer.c — unit tests of the group-commit writer's retry rule: a write that
 * fails because the engine asks for it to be run again (dbc_t.retry: a
 * deadlock or serialization failure with another process) is run again, at
 * most 5 more times; any other failure is final at once; a refusal (> 0) is
 * never retried. On a temporary SQLite store: the rule is the writer's, the
 * same on every engine. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/driver.h"
#include "unit/tempstore.h"

static store_t *st;
static char dir[TEMPSTORE_DIR_LEN];

struct flaky {
	int calls;
	int fail_first;     /* this many calls fail */
	bool retryable;     /* as a deadlock would (dbc_t.retry) */
	int refuse;         /* > 0: a refusal instead of a failure */
};

static int flaky_write(dbc_t *c, void *arg)
{
	struct flaky *f = arg;
	f->calls++;
	if (db_run(c, "INSERT INTO login_throttle (key, failures, last_at, until_at) VALUES (?, 1, 0, 0)",
		   "k") != DB_DONE)
		return -1;
	if (f->calls <= f->fail_first) {
		c->retry = f->retryable;
		return f->refuse ? f->refuse : -1;
	}
	return 0;
}

static int64_t rows(void)
{
	dbs_t *s = db_prep(store_reader(st), "SELECT COUNT(*) FROM login_throttle WHERE key = 'k'");
	int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
	db_reset(s);
	return n;
}

static int clear(dbc_t *c, void *arg)
{
	(void)arg;
	return db_exec(c, "DELETE FROM login_throttle") == DB_OK ? 0 : -1;
}

static void reset(void) { assert_int_equal(store_write(st, clear, NULL), 0); }

static void test_a_retryable_failure_is_run_again_and_kept_once(void **state)
{
	(void)state;
	reset();
	struct flaky f = {.fail_first = 2, .retryable = true};
	assert_int_equal(store_write(st, flaky_write, &f), 0);
	assert_int_equal(f.calls, 3);
	assert_int_equal(rows(), 1);   /* the failed attempts left nothing behind */
}

static void test_retries_are_bounded(void **state)
{
	(void)state;
	reset();
	struct flaky f = {.fail_first = 1000, .retryable = true};
	assert_int_equal(store_write(st, flaky_write, &f), STORE_FAILED);
	assert_int_equal(f.calls, 6);   /* the first try and 5 more */
	assert_int_equal(rows(), 0);
}

static void test_other_failures_and_refusals_are_final(void **state)
{
	(void)state;
	reset();
	struct flaky f = {.fail_first = 1};
	assert_int_equal(store_write(st, flaky_write, &f), STORE_FAILED);
	assert_int_equal(f.calls, 1);
	struct flaky g = {.fail_first = 1, .retryable = true, .refuse = 7};
	assert_int_equal(store_write(st, flaky_write, &g), 7);
	assert_int_equal(g.calls, 1);
	assert_int_equal(rows(), 0);
}

static int setup(void **state)
{
	(void)state;
	st = tempstore_open("writer", dir);
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
		cmocka_unit_test(test_a_retryable_failure_is_run_again_and_kept_once),
		cmocka_unit_test(test_retries_are_bounded),
		cmocka_unit_test(test_other_failures_and_refusals_are_final),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
