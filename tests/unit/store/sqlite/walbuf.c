/* walbuf.c — unit tests of the VFS that gathers a transaction's WAL frames
 * (store/sqlite/walbuf.h), stacked on the test VFS of faultvfs.h, which counts
 * the write calls reaching the -wal file and fails writes on demand.
 *
 * The rules: a commit's frames reach the file with a few writes, not two a
 * frame, and all of them before the sync that makes the commit durable;
 * another connection reads each commit at once; a transaction larger than
 * the page cache and than the buffer reads back what it spilled and commits
 * whole; a connection that does not sync each commit still publishes only
 * frames that are in the file; a write the disk refuses fails the commit,
 * which then keeps nothing, and the next commit goes through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/sqlite/faultvfs.h"
#include "store/sqlite/walbuf.h"
#include <stdio.h>
#include <stdlib.h>

static char dir[64], path[96];
static sqlite3 *a, *b; /* a writes, b reads */

static void run(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "?");
}

static int64_t one(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void ok_integrity(sqlite3 *db)
{
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "ok");
	sqlite3_finalize(s);
}

static sqlite3 *open_db(const char *sync)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, WALBUF_VFS),
			 SQLITE_OK);
	char sql[96];
	snprintf(sql, sizeof sql, "PRAGMA journal_mode=WAL; PRAGMA synchronous=%s;", sync);
	run(db, sql);
	return db;
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/onestop-walbuf-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/t.db", dir);
	a = open_db("FULL");
	b = open_db("FULL");
	run(a, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB NOT NULL)");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sqlite3_close(a);
	sqlite3_close(b);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* n rows of size bytes each, in one transaction of a */
static void insert_rows(sqlite3 *db, int n, int size)
{
	char sql[192];
	snprintf(sql, sizeof sql,
		 "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %d) "
		 "INSERT INTO t (v) SELECT randomblob(%d) FROM s",
		 n, size);
	run(db, sql);
}

static void test_a_commit_writes_its_frames_at_once_before_its_sync(void **state)
{
	(void)state;
	run(a, "DELETE FROM t");
	long before = atomic_load(&faultvfs_wal_writes);
	insert_rows(a, 50, 3000); /* about fifty pages: a hundred writes frame by frame */
	long writes = atomic_load(&faultvfs_wal_writes) - before;
	assert_in_range(writes, 1, 4);
	/* nothing reached the log after the sync of the commit */
	assert_int_equal(atomic_load(&faultvfs_wal_writes), atomic_load(&faultvfs_wal_writes_at_sync));
	assert_int_equal(one(b, "SELECT count(*) FROM t"), 50);
}

static void test_each_commit_is_read_by_another_connection_at_once(void **state)
{
	(void)state;
	run(a, "DELETE FROM t");
	for (int i = 1; i <= 20; i++) {
		insert_rows(a, 1, 100 + i);
		assert_int_equal(one(b, "SELECT count(*) FROM t"), i);
		assert_int_equal(one(b, "SELECT max(length(v)) FROM t"), 100 + i);
	}
}

static void test_a_transaction_larger_than_the_cache_and_the_buffer(void **state)
{
	(void)state;
	run(a, "DELETE FROM t");
	run(a, "PRAGMA cache_size=20"); /* twenty pages: the transaction spills to the log as it goes */
	run(a, "BEGIN");
	insert_rows(a, 3000, 2000); /* about 6 MB, past the buffer's 2 MB */
	/* rows spilled a few hundred KB ago, read back and changed within the transaction */
	run(a, "UPDATE t SET v = zeroblob(1500) WHERE id BETWEEN 2800 AND 2900");
	assert_int_equal(one(a, "SELECT sum(length(v)) FROM t"), 2899 * 2000 + 101 * 1500);
	run(a, "COMMIT");
	run(a, "PRAGMA cache_size=-2000");
	assert_int_equal(one(b, "SELECT count(*) FROM t"), 3000);
	assert_int_equal(one(b, "SELECT sum(length(v)) FROM t"), 2899 * 2000 + 101 * 1500);
	assert_int_equal(one(b, "SELECT count(*) FROM t WHERE id BETWEEN 2800 AND 2900 AND v = zeroblob(1500)"), 101);
	ok_integrity(b);
}

static void test_commits_without_a_sync_publish_only_frames_in_the_file(void **state)
{
	(void)state;
	run(a, "DELETE FROM t");
	sqlite3 *lazy = open_db("NORMAL"); /* under NORMAL a commit does not sync the log */
	for (int i = 1; i <= 10; i++) {
		insert_rows(lazy, 1, 200);
		assert_int_equal(one(b, "SELECT count(*) FROM t"), i);
	}
	ok_integrity(b);
	sqlite3_close(lazy);
}

static void test_a_refused_write_fails_the_commit_and_keeps_nothing(void **state)
{
	(void)state;
	run(a, "DELETE FROM t");
	insert_rows(a, 1, 10);
	faultvfs_fail(SQLITE_IOERR_WRITE);
	int rc = sqlite3_exec(a, "INSERT INTO t (v) VALUES (randomblob(500)), (randomblob(500))", NULL, NULL, NULL);
	faultvfs_fail(0);
	assert_int_not_equal(rc, SQLITE_OK);
	if (!sqlite3_get_autocommit(a))
		run(a, "ROLLBACK");
	assert_int_equal(one(b, "SELECT count(*) FROM t"), 1);
	insert_rows(a, 2, 10);
	assert_int_equal(one(b, "SELECT count(*) FROM t"), 3);
	ok_integrity(b);
}

int main(void)
{
	if (faultvfs_install() != 0 || walbuf_install() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_commit_writes_its_frames_at_once_before_its_sync),
		cmocka_unit_test(test_each_commit_is_read_by_another_connection_at_once),
		cmocka_unit_test(test_a_transaction_larger_than_the_cache_and_the_buffer),
		cmocka_unit_test(test_commits_without_a_sync_publish_only_frames_in_the_file),
		cmocka_unit_test(test_a_refused_write_fails_the_commit_and_keeps_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
