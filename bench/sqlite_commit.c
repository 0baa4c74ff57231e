/* sqlite_commit.c — the raw durable-write ceiling of SQLite on this disk.
 *
 *   sqlite_commit DB_PATH [SECONDS=3] [ROWS_PER_COMMIT=1]
 *
 * Creates DB_PATH (it must not exist), sets journal_mode=WAL and
 * synchronous=FULL (the store's settings: every acknowledged write is on
 * disk), and for SECONDS inserts rows shaped like a case row — id TEXT
 * PRIMARY KEY, a few short columns and a ~500-byte payload — committing
 * every ROWS_PER_COMMIT rows with one prepared statement. Prints one line:
 *
 *   rows/s=NNNN commits/s=NNNN rows=N seconds=S rows_per_commit=K
 *
 * With ROWS_PER_COMMIT=1 this is the rate of one fsync'd commit per request,
 * the number a server without group commit cannot beat. Built by bench/run.sh:
 *   gcc -O2 bench/sqlite_commit.c $(pkg-config --cflags --libs sqlite3)
 */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "sqlite_commit: %s: %s\n", sql, err ? err : sqlite3_errmsg(db));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* xorshift64*: ids and payload bytes only need to differ, not be secret. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1Dull;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: sqlite_commit DB_PATH [SECONDS=3] [ROWS_PER_COMMIT=1]\n");
		return 2;
	}
	double seconds = argc > 2 ? atof(argv[2]) : 3.0;
	long per_commit = argc > 3 ? atol(argv[3]) : 1;
	if (seconds <= 0 || seconds > 600 || per_commit < 1 || per_commit > 1000000) {
		fprintf(stderr, "sqlite_commit: SECONDS in (0, 600], ROWS_PER_COMMIT in [1, 1e6]\n");
		return 2;
	}
	rng_state ^= (uint64_t)time(NULL);

	sqlite3 *db;
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "sqlite_commit: cannot open %s: %s\n", argv[1], sqlite3_errmsg(db));
		return 1;
	}
	if (exec(db, "PRAGMA journal_mode=WAL") || exec(db, "PRAGMA synchronous=FULL") ||
	    exec(db, "CREATE TABLE cases ("
		     " id TEXT PRIMARY KEY,"
		     " number TEXT NOT NULL,"
		     " matter TEXT NOT NULL,"
		     " applicant TEXT NOT NULL,"
		     " status TEXT NOT NULL,"
		     " version INTEGER NOT NULL,"
		     " created_at INTEGER NOT NULL,"
		     " payload TEXT NOT NULL)"))
		return 1;

	/* Confirm the settings took: WAL needs a real file system. */
	sqlite3_stmt *q;
	sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL);
	if (sqlite3_step(q) != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(q, 0), "wal") != 0) {
		fprintf(stderr, "sqlite_commit: journal_mode is not WAL\n");
		return 1;
	}
	sqlite3_finalize(q);

	sqlite3_stmt *ins;
	if (sqlite3_prepare_v2(db, "INSERT INTO cases VALUES (?,?,?,?,?,?,?,?)", -1, &ins, NULL) != SQLITE_OK) {
		fprintf(stderr, "sqlite_commit: prepare: %s\n", sqlite3_errmsg(db));
		return 1;
	}

	/* ~500 bytes of form data, JSON-ish, with a varying part per row. */
	char payload[520];
	static const char base[] =
		"{\"company\":{\"name\":\"上海示例科技有限公司\",\"uscc\":\"91310101MA1FL0XX0X\",\"address\":"
		"\"上海市黄浦区中山东一路1号\",\"scope\":\"技术开发、技术咨询、技术服务\"},\"contact\":{\"name\":\"张三\","
		"\"phone\":\"138****5678\"},\"capital_fen\":100000000,\"employees\":12,\"premises\":\"自有\",\"notes\":\"";
	size_t bl = strlen(base);

	char id[40], number[32];
	long rows = 0, commits = 0;
	double t0 = now_s(), t = t0;
	while (t - t0 < seconds) {
		if (per_commit > 1 && exec(db, "BEGIN"))
			return 1;
		for (long k = 0; k < per_commit; k++) {
			uint64_t a = rnd(), b = rnd();
			snprintf(id, sizeof id, "%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
			snprintf(number, sizeof number, "310101-20261123-%06ld", rows % 1000000);
			memcpy(payload, base, bl);
			size_t n = bl;
			for (; n < 500; n++) /* fill to 500 bytes with hex from the row's id */
				payload[n] = id[n % 32];
			payload[n++] = '"';
			payload[n++] = '}';
			payload[n] = '\0';
			sqlite3_bind_text(ins, 1, id, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 2, number, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 3, "XK00123000", -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 4, "acc_0123456789abcdef", -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 5, "submitted", -1, SQLITE_STATIC);
			sqlite3_bind_int64(ins, 6, 1);
			sqlite3_bind_int64(ins, 7, 1795392000000LL + rows);
			sqlite3_bind_text(ins, 8, payload, (int)n, SQLITE_STATIC);
			if (sqlite3_step(ins) != SQLITE_DONE) {
				fprintf(stderr, "sqlite_commit: insert: %s\n", sqlite3_errmsg(db));
				return 1;
			}
			sqlite3_reset(ins);
			rows++;
		}
		if (per_commit > 1 && exec(db, "COMMIT"))
			return 1;
		commits++;
		t = now_s();
	}
	double el = t - t0;
	sqlite3_finalize(ins);
	sqlite3_close(db);
	printf("rows/s=%.0f commits/s=%.0f rows=%ld seconds=%.2f rows_per_commit=%ld\n", rows / el, commits / el, rows,
	       el, per_commit);
	return 0;
}
