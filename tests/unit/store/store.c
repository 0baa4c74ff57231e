/* store.c — unit tests of the request's snapshot (store_read_hold, store/store.c) on a temporary
 * SQLite store.
 *
 * The rules: between store_read_hold and store_read_release a thread's reads see one snapshot,
 * whatever other threads commit meanwhile; a write of its own ends that snapshot, so its next
 * reads see the write (and begin a snapshot of their own); store_read inside the hold runs in it;
 * after the release the thread reads what is committed now, and nothing of the hold is left open
 * (another thread's write and a checkpoint go through). And the statement cache finds a
 * statement by its text, not by where the text is. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/driver.h"
#include "unit/tempstore.h"

static store_t *st;
static char dir[TEMPSTORE_DIR_LEN];

static int insert_row(dbc_t *c, void *arg)
{
	const char *key = arg;
	return db_run(c, "INSERT INTO login_throttle (key, failures, last_at, until_at) VALUES (?, 1, 0, 0)",
		      key) == DB_DONE
		   ? 0
		   : -1;
}

static int clear(dbc_t *c, void *arg)
{
	(void)arg;
	return db_exec(c, "DELETE FROM login_throttle") == DB_OK ? 0 : -1;
}

static int64_t rows(void)
{
	dbs_t *s = db_prep(store_reader(st), "SELECT COUNT(*) FROM login_throttle");
	int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
	db_reset(s);
	return n;
}

/* A write from another thread: not this thread's, so it does not end this thread's snapshot. */
static void *other_write(void *arg)
{
	intptr_t rc = store_write(st, insert_row, arg);
	return (void *)rc;
}

static void write_elsewhere(const char *key)
{
	pthread_t t;
	void *rc;
	assert_int_equal(pthread_create(&t, NULL, other_write, (void *)key), 0);
	pthread_join(t, &rc);
	assert_int_equal((intptr_t)rc, 0);
}

static int count_cb(dbc_t *c, void *arg)
{
	dbs_t *s = db_prep(c, "SELECT COUNT(*) FROM login_throttle");
	*(int64_t *)arg = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
	db_reset(s);
	return 0;
}

static void test_held_reads_see_one_snapshot(void **state)
{
	(void)state;
	assert_int_equal(store_write(st, clear, NULL), 0);
	store_read_hold(st);
	assert_int_equal(rows(), 0);
	write_elsewhere("a");
	assert_int_equal(rows(), 0); /* committed by another thread after the snapshot began */
	int64_t n = -1;
	assert_int_equal(store_read(st, count_cb, &n), 0);
	assert_int_equal(n, 0); /* store_read inside the hold reads in it */
	store_read_release(st);
	assert_int_equal(rows(), 1);
}

static void test_a_write_of_its_own_is_read_after_it(void **state)
{
	(void)state;
	assert_int_equal(store_write(st, clear, NULL), 0);
	store_read_hold(st);
	assert_int_equal(rows(), 0);
	write_elsewhere("a");
	assert_int_equal(store_write(st, insert_row, "b"), 0);
	assert_int_equal(rows(), 2); /* its own write, and what was committed before it */
	write_elsewhere("c");
	assert_int_equal(rows(), 2); /* the reads after the write share a snapshot again */
	store_read_release(st);
	assert_int_equal(rows(), 3);
}

static void test_after_the_release_nothing_is_held(void **state)
{
	(void)state;
	assert_int_equal(store_write(st, clear, NULL), 0);
	store_read_hold(st);
	assert_int_equal(rows(), 0);
	store_read_release(st);
	/* reads on their own see each commit at once */
	write_elsewhere("a");
	assert_int_equal(rows(), 1);
	write_elsewhere("b");
	assert_int_equal(rows(), 2);
	/* no read transaction left open: a full checkpoint from a connection of its own completes */
	dbc_t *c = store_connect(st);
	assert_non_null(c);
	dbs_t *s = db_prep(c, "PRAGMA wal_checkpoint(TRUNCATE)");
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_col_int(s, 0), 0); /* not busy */
	db_reset(s);
	store_disconnect(c);
	/* a hold with no read in it, and a release without a hold, leave nothing behind */
	store_read_hold(st);
	store_read_release(st);
	store_read_release(st);
	write_elsewhere("c");
	assert_int_equal(rows(), 3);
}

/* The statement cache (store/sqlite/sqlite.c) finds a statement by the SQL's text: one buffer
 * holding two statements in turn, at one address, gets each its own, and each answers its own. */
static void test_one_buffer_two_statements_each_its_own(void **state)
{
	(void)state;
	dbc_t *c = store_reader(st);
	char sql[64];
	for (int round = 0; round < 3; round++) {
		snprintf(sql, sizeof sql, "SELECT 40 + %d", 1);
		dbs_t *a = db_prep(c, sql);
		assert_int_equal(db_step(a), DB_ROW);
		assert_int_equal(db_col_int(a, 0), 41);
		db_reset(a);
		snprintf(sql, sizeof sql, "SELECT 40 + %d", 2);
		dbs_t *b = db_prep(c, sql);
		assert_ptr_not_equal(a, b);
		assert_int_equal(db_step(b), DB_ROW);
		assert_int_equal(db_col_int(b, 0), 42);
		db_reset(b);
		/* and a literal's statement, asked again, is the one prepared before */
		assert_ptr_equal(db_prep(c, "SELECT 7"), db_prep(c, "SELECT 7"));
		db_reset(db_prep(c, "SELECT 7"));
	}
}

static int setup(void **state)
{
	(void)state;
	st = tempstore_open("store", dir);
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
		cmocka_unit_test(test_held_reads_see_one_snapshot),
		cmocka_unit_test(test_a_write_of_its_own_is_read_after_it),
		cmocka_unit_test(test_after_the_release_nothing_is_held),
		cmocka_unit_test(test_one_buffer_two_statements_each_its_own),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
