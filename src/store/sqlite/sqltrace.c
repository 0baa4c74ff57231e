/* sqltrace.c — in the test build only (onestop-test; the Makefile's
 * TEST_VARIANT_SRC compiles it with ONESTOP_TEST_CLOCK, and in the library it
 * is empty): when ONESTOP_TEST_SQL_TRACE names a file, every SQLite
 * connection the program opens appends one line per statement run to it —
 * the thread, the virtual machine steps of that run, and the statement with
 * its bound values — so that an API test can take the statements a request
 * ran and ask SQLite how it reads them (EXPLAIN QUERY PLAN): how the
 * statistics views read a number of rows that does not grow with the cases
 * (tests/api/test_stats_bounded.py). Production neither has nor links it. */
#ifdef ONESTOP_TEST_CLOCK
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int trace_fd = -1;

static int on_statement(unsigned kind, void *ctx, void *p, void *x)
{
	(void)ctx;
	(void)x;
	if (kind != SQLITE_TRACE_PROFILE)
		return 0;
	sqlite3_stmt *st = p;
	char *sql = sqlite3_expanded_sql(st);
	if (!sql)
		return 0;
	for (char *q = sql; *q; q++)
		if (*q == '\n' || *q == '\t' || *q == '\r')
			*q = ' ';
	int steps = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 1); /* this run's, then reset */
	char *line = sqlite3_mprintf("%ld\t%d\t%s\n", (long)syscall(SYS_gettid), steps, sql);
	if (line && write(trace_fd, line, strlen(line)) < 0)
		fprintf(stderr, "onestop-test: cannot write the SQL trace\n");
	sqlite3_free(line);
	sqlite3_free(sql);
	return 0;
}

static int trace_connection(sqlite3 *db, char **err, const sqlite3_api_routines *api)
{
	(void)err;
	(void)api;
	sqlite3_trace_v2(db, SQLITE_TRACE_PROFILE, on_statement, NULL);
	return SQLITE_OK;
}

__attribute__((constructor)) static void sqltrace_from_environment(void)
{
	const char *path = getenv("ONESTOP_TEST_SQL_TRACE");
	if (!path || !path[0])
		return;
	trace_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (trace_fd < 0 || sqlite3_auto_extension((void (*)(void))trace_connection) != SQLITE_OK)
		fprintf(stderr, "onestop-test: cannot trace SQL to %s\n", path);
}
#else
typedef int sqltrace_not_in_this_build;
#endif
