/* store.h — the one store API the layers above see.
 *
 * A store_t is one database named by a URL ("sqlite:PATH" or
 * "postgresql://…"). Under it sits a driver (store/driver.h: store/sqlite/,
 * store/pg/), the way a VFS sits under
 * SQLite: nothing above store/ knows which engine runs. The API has two
 * prefixes: store_ for the database as a whole (open, migrate, the read and
 * write paths) and db_ for statements on one connection (prepare, bind, step,
 * columns).
 *
 * Reads: store_reader() gives the calling thread its own connection, opened
 * on first use and kept for the thread's life; statements are prepared once
 * per connection and cached by SQL text. store_read() runs a callback on it
 * inside one consistent snapshot.
 *
 * Writes: store_write() hands a callback to the group-commit writer (one per
 * store). The writer applies each queued write inside its own savepoint of
 * one transaction, commits the batch durably and only then answers every
 * caller. Contract for callbacks: they run on the writer's connection only;
 * they may run more than once (after a failed batch commit, each write is
 * retried alone), so they set their outputs afresh on each call; they block
 * on nothing but the database. Return 0 to keep the write, > 0 (a
 * caller-defined refusal code) to roll it back, < 0 on a database error.
 *
 * SQL is written once for every driver: `?` parameters (a driver may number
 * them at prepare time), explicit casts where a parameter's type cannot be
 * inferred, no engine-only functions and no reliance on case-insensitive
 * LIKE. It lives only in the domain's *_store.c files, the drivers and the
 * migrations. A statement that does not prepare is a bug in static text:
 * db_prep aborts naming the SQL, so callers never check for NULL. */
#ifndef ONESTOP_STORE_H
#define ONESTOP_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct store store_t;
typedef struct dbc dbc_t;     /* one connection */
typedef struct dbs dbs_t;     /* one prepared statement of a connection */

enum { DB_OK = 0, DB_ROW = 1, DB_DONE = 2, DB_ERR = -1, DB_CONSTRAINT = -2, DB_BUSY = -3 };

/* ---- the database ---- */

/* Opens the database named by url ("sqlite:PATH"; the file is created) and
 * starts its writer. On error returns NULL and writes a message to err. */
store_t *store_open(const char *url, char *err, size_t errlen);
/* Applies the embedded migrations not yet recorded. Returns how many were applied, -1 on error. */
int store_migrate(store_t *s, char *err, size_t errlen);
void store_close(store_t *s);           /* stops the writer, closes every connection */
/* "sqlite", for logs and /metrics. */
const char *store_engine(const store_t *s);
/* Whether the database answers a query with the schema in place (/readyz). */
bool store_ping(store_t *s);
/* This thread's read connection (opened on first use). */
dbc_t *store_reader(store_t *s);
/* The reads of this thread from here to store_read_release share one snapshot (an HTTP request's):
 * on SQLite a statement on its own starts a snapshot of its own and, after any commit by the
 * writer, with an empty page cache, so the request's second read fetched again the pages its first
 * brought in. The snapshot begins at the first read and ends at a store_write, so that the reads
 * after a write see it, and at the release. Nothing on engines where a transaction is a round trip. */
void store_read_hold(store_t *s);
void store_read_release(store_t *s);
/* A private connection for command-line tools; close it with store_disconnect. */
dbc_t *store_connect(store_t *s);
void store_disconnect(dbc_t *c);

typedef int (*store_fn)(dbc_t *c, void *ctx);
#define STORE_FAILED (-1)

/* Blocks until the write is durable (returns 0) or rolled back (returns the
 * callback's code > 0, or STORE_FAILED). */
int store_write(store_t *s, store_fn fn, void *ctx);
/* Lets connection c (for a bulk loader: the writer's, from inside a write)
 * keep about mb megabytes of pages in memory, so that transactions of
 * thousands of rows do not spill to the log and re-read; durability is
 * unchanged. A no-op on engines that manage their own buffers. */
void store_cache_mb(dbc_t *c, int mb);
/* Runs fn on this thread's read connection inside one snapshot; returns fn's result. */
int store_read(store_t *s, store_fn fn, void *ctx);

typedef struct {
	uint64_t statement_ns;   /* time spent executing statements */
	uint64_t statements;
	uint64_t commits;        /* durable commits of the writer (one per batch) */
	uint64_t writes;         /* writes applied by the writer */
	uint64_t queued;         /* writes waiting for the writer now */
} store_stats_t;
/* Process-wide counters (for /metrics and the response cache). */
void store_stats(store_stats_t *out);
/* A number that changes whenever anything is committed to the database, by
 * this process or any other (on SQLite, where one process writes, the
 * writer's commit count; on PostgreSQL, the server's WAL position). Read it
 * BEFORE building a cached body: the body is valid while it stays the same.
 * UINT64_MAX when the database does not answer (never equal to a cached one). */
uint64_t store_generation(store_t *s);
/* Whether the last attempt to reach the database failed (the API answers
 * 503 with Retry-After then); it clears when a connection succeeds again. */
bool store_unavailable(store_t *s);
/* Storage faults: the disk holding the database (or the files) is full, or
 * it answers writes with I/O errors. Reads go on; writes fail (the API
 * answers 503 with Retry-After and names the cause); nothing is retried in a
 * loop, and the first write that commits again clears the fault (no restart).
 * RESOURCES is PostgreSQL's other "insufficient resources" (SQLSTATE 53xxx). */
typedef enum { STORE_FAULT_NONE, STORE_FAULT_FULL, STORE_FAULT_IO, STORE_FAULT_RESOURCES } store_fault_t;
/* The store's current storage fault: set when a write fails for one (logged
 * once, naming which), cleared when a write commits. */
store_fault_t store_fault(store_t *s);
/* Records a storage fault met outside the database (the files directory). */
void store_note_fault(store_t *s, store_fault_t f);
/* The storage fault that made this thread's last store_write fail; NONE
 * when it succeeded or failed otherwise (each store_write resets it). */
store_fault_t store_write_fault(void);
/* Forgets this thread's store_write_fault (at the start of each request). */
void store_write_fault_clear(void);
/* "disk full", "I/O error", "out of resources" (for logs); "" for NONE. */
const char *store_fault_name(store_fault_t f);
/* A named lock across every process on the database, held by connection c
 * until store_unlock or until c ends (a process that dies releases it). */
bool store_try_lock(dbc_t *c, int64_t key);
/* Waits for the lock (polling every 20 ms). */
void store_lock(dbc_t *c, int64_t key);
void store_unlock(dbc_t *c, int64_t key);
/* A consistent copy of the live database into the file at path (SQLite's
 * online backup); -1 with a message where the engine has its own tools. */
int store_backup(store_t *s, const char *path, char *err, size_t errlen);
/* Before store_open, so that nothing is connected to or created in vain:
 * -1 with store_backup's message when url's engine has no online backup
 * here; -1 when url names a SQLite file that does not exist (store_open
 * would create it; other engines answer when opened). */
int store_check_backup(const char *url, char *err, size_t errlen);
int store_check_exists(const char *url, char *err, size_t errlen);

/* ---- statements ---- */

/* A cached, reset statement with no bindings. Never NULL (see above). */
dbs_t *db_prep(dbc_t *c, const char *sql);
void db_bind_text(dbs_t *s, int i, const char *v);   /* NULL binds NULL */
void db_bind_int(dbs_t *s, int i, int64_t v);
void db_bind_null(dbs_t *s, int i);
/* Binds the compact JSON text of v (members in insertion order); NULL binds NULL. */
void db_bind_json(dbs_t *s, int i, const json_t *v);
int db_step(dbs_t *s);                  /* DB_ROW, DB_DONE, DB_CONSTRAINT, DB_BUSY, DB_ERR */
const char *db_col_text(dbs_t *s, int i);  /* valid until the next step/reset; NULL for NULL */
int64_t db_col_int(dbs_t *s, int i);
bool db_col_null(dbs_t *s, int i);
/* A new JSON value parsed from a text column; NULL for SQL NULL. */
json_t *db_col_json(dbs_t *s, int i);
/* Copies a text column into out ("" for NULL). */
void db_col_str(dbs_t *s, int i, char *out, size_t n);
void db_reset(dbs_t *s);                /* done with the statement (it stays cached) */
/* Rows changed by the last statement of the connection. */
int64_t db_changes(dbc_t *c);
const char *db_errmsg(dbc_t *c);
/* Multi-statement text without parameters (migrations, tests). */
int db_exec(dbc_t *c, const char *sql);

/* ---- typed binding ----
 *
 * db_bind(s, a, b, c) binds its arguments to parameters 1, 2, 3 by their C
 * type: strings (char arrays too) as text, NULL as NULL, integers and bools
 * as integers, json_t * as its JSON text; a db_val_t as itself (db_v_null(NULL)
 * for a computed NULL). db_run(c, sql, ...) prepares,
 * binds, steps once and resets: for INSERT, UPDATE and DELETE; it returns
 * DB_DONE on success. Up to 24 arguments. */
typedef struct {
	enum { DBV_NULL, DBV_TEXT, DBV_INT, DBV_JSON } kind;
	const char *text;
	int64_t num;
	const json_t *json;
} db_val_t;

static inline db_val_t db_v_text(const char *v) { return (db_val_t){v ? DBV_TEXT : DBV_NULL, v, 0, NULL}; }
static inline db_val_t db_v_int(int64_t v) { return (db_val_t){DBV_INT, NULL, v, NULL}; }
static inline db_val_t db_v_null(const void *v) { (void)v; return (db_val_t){DBV_NULL, NULL, 0, NULL}; }
static inline db_val_t db_v_json(const json_t *v) { return (db_val_t){v ? DBV_JSON : DBV_NULL, NULL, 0, v}; }
static inline db_val_t db_v_val(db_val_t v) { return v; }

#define DB_V(x) _Generic((x), \
	char *: db_v_text, const char *: db_v_text, void *: db_v_null, db_val_t: db_v_val, \
	json_t *: db_v_json, const json_t *: db_v_json, \
	_Bool: db_v_int, int: db_v_int, unsigned: db_v_int, long: db_v_int, unsigned long: db_v_int, \
	long long: db_v_int, unsigned long long: db_v_int)(x)

void db_bind_vals(dbs_t *s, const db_val_t *v, int n);
int db_run_vals(dbc_t *c, const char *sql, const db_val_t *v, int n);

/* An additive upsert: `sql` (a string that lives as long as the program; it is its identity)
 * takes the `nkeys` keys (at most 8) and then the `ndeltas` numbers to add (1 to 12) as its
 * parameters. With `later`, inside the writer's transactions, the numbers are summed per
 * statement and key and the statement runs once per key just before the commit (a write refused
 * in its batch takes its part back): only for counters nothing reads in the same transaction.
 * Otherwise, and outside the writer, it runs at once. 0, or -1 on error. */
int db_add_counts(dbc_t *c, bool later, const char *sql, const db_val_t *keys, int nkeys,
		  const int64_t *deltas, int ndeltas);

#define DB__N(...)                                                                                           \
	DB__N_(__VA_ARGS__, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, \
	       2, 1, 0)
#define DB__N_(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20,    \
	       a21, a22, a23, a24, n, ...)                                                                   \
	n
#define DB__MAP(...) DB__CAT(DB__M, DB__N(__VA_ARGS__))(__VA_ARGS__)
#define DB__CAT(a, b) DB__CAT_(a, b)
#define DB__CAT_(a, b) a##b
#define DB__M1(a) DB_V(a)
#define DB__M2(a, ...) DB_V(a), DB__M1(__VA_ARGS__)
#define DB__M3(a, ...) DB_V(a), DB__M2(__VA_ARGS__)
#define DB__M4(a, ...) DB_V(a), DB__M3(__VA_ARGS__)
#define DB__M5(a, ...) DB_V(a), DB__M4(__VA_ARGS__)
#define DB__M6(a, ...) DB_V(a), DB__M5(__VA_ARGS__)
#define DB__M7(a, ...) DB_V(a), DB__M6(__VA_ARGS__)
#define DB__M8(a, ...) DB_V(a), DB__M7(__VA_ARGS__)
#define DB__M9(a, ...) DB_V(a), DB__M8(__VA_ARGS__)
#define DB__M10(a, ...) DB_V(a), DB__M9(__VA_ARGS__)
#define DB__M11(a, ...) DB_V(a), DB__M10(__VA_ARGS__)
#define DB__M12(a, ...) DB_V(a), DB__M11(__VA_ARGS__)
#define DB__M13(a, ...) DB_V(a), DB__M12(__VA_ARGS__)
#define DB__M14(a, ...) DB_V(a), DB__M13(__VA_ARGS__)
#define DB__M15(a, ...) DB_V(a), DB__M14(__VA_ARGS__)
#define DB__M16(a, ...) DB_V(a), DB__M15(__VA_ARGS__)
#define DB__M17(a, ...) DB_V(a), DB__M16(__VA_ARGS__)
#define DB__M18(a, ...) DB_V(a), DB__M17(__VA_ARGS__)
#define DB__M19(a, ...) DB_V(a), DB__M18(__VA_ARGS__)
#define DB__M20(a, ...) DB_V(a), DB__M19(__VA_ARGS__)
#define DB__M21(a, ...) DB_V(a), DB__M20(__VA_ARGS__)
#define DB__M22(a, ...) DB_V(a), DB__M21(__VA_ARGS__)
#define DB__M23(a, ...) DB_V(a), DB__M22(__VA_ARGS__)
#define DB__M24(a, ...) DB_V(a), DB__M23(__VA_ARGS__)

#define db_bind(s, ...) db_bind_vals((s), (const db_val_t[]){DB__MAP(__VA_ARGS__)}, DB__N(__VA_ARGS__))
#define db_run(c, sql, ...)                                                                                  \
	db_run_vals((c), (sql), (const db_val_t[]){DB__MAP(__VA_ARGS__)}, DB__N(__VA_ARGS__))

#endif
