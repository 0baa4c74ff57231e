/* writer.c — unit tests of the group-commit writer's retry rule: a write that
 * fails because the engine asks for it to be run again (dbc_t.retry: a
 * deadlock or serialization failure with another process) is run again, at
 * most 5 more times; any other failure is final at once; a refusal (> 0) is
 * never retried. On a temporary SQLite store: the rule is the writer's, the
 * same on every engine.
 *
 * And its storage-fault rule: a write the disk refuses (full, or an I/O
 * error; store/sqlite/faultvfs.h makes SQLite's file writes fail so) fails at once,
 * telling its caller which fault (store_write_fault) and marking the store
 * (store_fault) until a write commits again; in a batch, where the engine may
 * have rolled back the whole transaction with the fault, every write is
 * answered for itself: 0 and kept, or failed and not kept.
 *
 * And the counters it keeps until the commit (db_add_counts, store/defer.c): each acknowledged
 * write's additions counted once, a refused or failed write's never. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/driver.h"
#include "unit/tempstore.h"
#include "store/sqlite/faultvfs.h"
#include <time.h>

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

/* ---- storage faults ---- */

static void a_disk_fault_fails_the_write_at_once_and_clears_with_the_next_commit(int code, store_fault_t want)
{
	reset();
	faultvfs_fail(code);
	struct flaky f = {0};
	assert_int_equal(store_write(st, flaky_write, &f), STORE_FAILED);
	assert_int_equal(store_write_fault(), want);
	assert_int_equal(store_fault(st), want);
	assert_in_range(f.calls, 1, 2);   /* the batch, then once alone: never a loop */
	faultvfs_fail(0);
	assert_int_equal(rows(), 0);
	struct flaky g = {0};
	assert_int_equal(store_write(st, flaky_write, &g), 0);   /* space is back: no restart needed */
	assert_int_equal(store_write_fault(), STORE_FAULT_NONE);
	assert_int_equal(store_fault(st), STORE_FAULT_NONE);
	assert_int_equal(rows(), 1);
}

static void test_a_full_disk_fails_the_write_and_recovers(void **state)
{
	(void)state;
	a_disk_fault_fails_the_write_at_once_and_clears_with_the_next_commit(SQLITE_FULL, STORE_FAULT_FULL);
}

static void test_an_io_error_is_told_from_a_full_disk_and_recovers(void **state)
{
	(void)state;
	a_disk_fault_fails_the_write_at_once_and_clears_with_the_next_commit(SQLITE_IOERR_WRITE, STORE_FAULT_IO);
	assert_string_equal(store_fault_name(STORE_FAULT_IO), "I/O error");
	assert_string_equal(store_fault_name(STORE_FAULT_FULL), "disk full");
}

/* A batch: the writer is held inside a first write (the gate) while the
 * others queue behind it, so that they are applied together. */
static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static bool gate_entered, gate_open;

static int gate_write(dbc_t *c, void *arg)
{
	(void)c, (void)arg;
	pthread_mutex_lock(&gate_mu);
	gate_entered = true;
	pthread_cond_broadcast(&gate_cv);
	while (!gate_open)
		pthread_cond_wait(&gate_cv, &gate_mu);
	pthread_mutex_unlock(&gate_mu);
	return 0;
}

struct keyed {
	const char *key;
	bool disk_full;   /* this write meets the full disk */
	int64_t add;      /* added to the counter "sum", kept until the commit (db_add_counts) */
	int refuse;       /* > 0: refused after its addition */
	int result;
	store_fault_t fault;
};

static const char *const SUM_SQL =
    "INSERT INTO login_throttle (key, failures, last_at, until_at) VALUES (?, ?, 0, 0) "
    "ON CONFLICT (key) DO UPDATE SET failures = login_throttle.failures + excluded.failures";

static int keyed_write(dbc_t *c, void *arg)
{
	struct keyed *k = arg;
	if (db_run(c, "INSERT INTO login_throttle (key, failures, last_at, until_at) VALUES (?, 1, 0, 0)",
		   k->key) != DB_DONE)
		return -1;
	db_val_t sum = db_v_text("sum");
	if (k->add && db_add_counts(c, true, SUM_SQL, &sum, 1, &k->add, 1) != 0)
		return -1;
	if (k->refuse)
		return k->refuse;
	if (k->disk_full) {
		/* what SQLite may do on SQLITE_FULL in a statement: roll the whole
		 * transaction back, the batch's earlier writes with it */
		db_exec(c, "ROLLBACK");
		c->fault = STORE_FAULT_FULL;
		return -1;
	}
	return 0;
}

static void *submit(void *arg)
{
	struct keyed *k = arg;
	k->result = store_write(st, k->key ? keyed_write : gate_write, k);
	k->fault = store_write_fault();
	return NULL;
}

static void wait_queued(uint64_t n)
{
	for (;;) {
		store_stats_t s;
		store_stats(&s);
		if (s.queued == n)
			return;
		nanosleep(&(struct timespec){0, 1000000L}, NULL);
	}
}

static bool kept(const char *key)
{
	dbs_t *s = db_prep(store_reader(st), "SELECT COUNT(*) FROM login_throttle WHERE key = ?");
	db_bind_text(s, 1, key);
	bool k = db_step(s) == DB_ROW && db_col_int(s, 0) == 1;
	db_reset(s);
	return k;
}

static void test_a_fault_in_a_batch_answers_each_write_for_itself(void **state)
{
	(void)state;
	assert_int_equal(store_write(st, clear, NULL), 0);
	struct keyed gate = {0}, w[3] = {{.key = "before"}, {.key = "full", .disk_full = true}, {.key = "after"}};
	pthread_t tg, tw[3];
	pthread_create(&tg, NULL, submit, &gate);
	pthread_mutex_lock(&gate_mu);
	while (!gate_entered)
		pthread_cond_wait(&gate_cv, &gate_mu);
	pthread_mutex_unlock(&gate_mu);
	for (int i = 0; i < 3; i++) {
		pthread_create(&tw[i], NULL, submit, &w[i]);
		wait_queued((uint64_t)i + 1);   /* in this order, behind the gate */
	}
	pthread_mutex_lock(&gate_mu);
	gate_open = true;
	pthread_cond_broadcast(&gate_cv);
	pthread_mutex_unlock(&gate_mu);
	pthread_join(tg, NULL);
	for (int i = 0; i < 3; i++)
		pthread_join(tw[i], NULL);
	for (int i = 0; i < 3; i++)
		assert_int_equal(w[i].result == 0, kept(w[i].key));   /* acknowledged if and only if kept */
	assert_int_equal(w[0].result, 0);
	assert_int_equal(w[1].result, STORE_FAILED);
	assert_int_equal(w[1].fault, STORE_FAULT_FULL);
	assert_int_equal(w[2].result, 0);
	assert_int_equal(w[2].fault, STORE_FAULT_NONE);
}

static int64_t sum(void)
{
	dbs_t *s = db_prep(store_reader(st), "SELECT COALESCE(SUM(failures), 0) FROM login_throttle "
					     "WHERE key = 'sum'");
	int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
	db_reset(s);
	return n;
}

/* Runs the writes together, in this order, behind the gate: one batch. */
static void run_together(struct keyed *w, int n)
{
	struct keyed gate = {0};
	pthread_t tg, tw[8];
	gate_entered = gate_open = false;
	pthread_create(&tg, NULL, submit, &gate);
	pthread_mutex_lock(&gate_mu);
	while (!gate_entered)
		pthread_cond_wait(&gate_cv, &gate_mu);
	pthread_mutex_unlock(&gate_mu);
	for (int i = 0; i < n; i++) {
		pthread_create(&tw[i], NULL, submit, &w[i]);
		wait_queued((uint64_t)i + 1);
	}
	pthread_mutex_lock(&gate_mu);
	gate_open = true;
	pthread_cond_broadcast(&gate_cv);
	pthread_mutex_unlock(&gate_mu);
	pthread_join(tg, NULL);
	for (int i = 0; i < n; i++)
		pthread_join(tw[i], NULL);
}

/* Counters kept until the commit: what a batch's acknowledged writes added, each once; nothing of
 * a write refused in it, nor of a batch the disk refused; a write alone keeps its own at once. */
static void test_counters_kept_to_the_commit_count_only_what_was_kept(void **state)
{
	(void)state;
	assert_int_equal(store_write(st, clear, NULL), 0);
	struct keyed alone = {.key = "alone", .add = 3};
	assert_int_equal(store_write(st, keyed_write, &alone), 0);
	assert_int_equal(sum(), 3);
	struct keyed w[4] = {{.key = "a", .add = 2}, {.key = "b", .add = 5, .refuse = 1},
			     {.key = "c", .add = 7}, {.key = "d", .add = 11}};
	run_together(w, 4);
	assert_int_equal(w[0].result, 0);
	assert_int_equal(w[1].result, 1);
	assert_int_equal(w[2].result, 0);
	assert_int_equal(sum(), 3 + 2 + 7 + 11);
	assert_false(kept("b"));
	struct keyed f[3] = {{.key = "e", .add = 100}, {.key = "full", .add = 1000, .disk_full = true},
			     {.key = "g", .add = 10000}};
	run_together(f, 3);
	assert_int_equal(f[1].result, STORE_FAILED);
	assert_int_equal(sum(), 3 + 2 + 7 + 11 + 100 + 10000);   /* each kept write's part, once */
}

static int setup(void **state)
{
	(void)state;
	if (faultvfs_install() != 0)
		return -1;
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
		cmocka_unit_test(test_a_full_disk_fails_the_write_and_recovers),
		cmocka_unit_test(test_an_io_error_is_told_from_a_full_disk_and_recovers),
		cmocka_unit_test(test_a_fault_in_a_batch_answers_each_write_for_itself),
		cmocka_unit_test(test_counters_kept_to_the_commit_count_only_what_was_kept),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
