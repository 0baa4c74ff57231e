/* sqlite.c — the SQLite driver: connections configured for durability
 * (WAL, synchronous=FULL, foreign keys), a statement cache per connection
 * keyed by SQL text, and the transaction operations the writer runs. */
#include "store/sqlite/sqlite.h"
#include "store/sqlite/walbuf.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/mem.h"
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PATH_MAX_LEN 1024
#define CACHE_START 256

typedef struct {
	char path[PATH_MAX_LEN];
} sqlite_state_t;

typedef struct {
	struct dbs base;
	sqlite3_stmt *st;
	char *sql;
} sqlite_stmt_t;

typedef struct {
	struct dbc base;
	sqlite3 *db;
	size_t cap, n;
	/* open addressing by hash of the SQL text; entries are allocated one by
	 * one so that a statement's address stays put when the table grows */
	sqlite_stmt_t **slots;
	/* in front of it, by the text's address: the SQL of a call site is most
	 * often a literal, whose address does not change, so a hit costs a
	 * comparison instead of hashing the text; the text is still compared, as
	 * a buffer can hold other SQL at another call */
	struct {
		const char *sql;
		sqlite_stmt_t *e;
	} by_addr[256];
} sqlite_conn_t;

/* secure_delete: a value replaced or deleted is overwritten with zeros in
 * the file, so that a plaintext sealed by migration 0013 (base/seal.h) does
 * not linger in a free part of a page. */
static const char *PRAGMAS =
	"PRAGMA journal_mode=WAL;"
	"PRAGMA synchronous=FULL;"
	"PRAGMA foreign_keys=ON;"
	"PRAGMA secure_delete=ON;"
	"PRAGMA temp_store=MEMORY;";

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static const char *vfs_name; /* walbuf.h's, once installed; NULL: the default VFS */

/* Before the first connection: no global memory statistics (they take a
 * mutex that every connection's every allocation would share), and the VFS
 * that writes a transaction's WAL frames at once (walbuf.h). */
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (walbuf_install() == 0)
		vfs_name = WALBUF_VFS;
	else
		log_warn("the WAL-gathering VFS could not be installed; SQLite writes frame by frame");
}

static bool sq_accepts(const char *url) { return strncmp(url, "sqlite:", 7) == 0; }

static dbc_t *sq_connect_path(store_t *s, const char *path, char *err, size_t errlen);
static void sq_disconnect(dbc_t *c);

static void *sq_open(const char *url, char *err, size_t errlen)
{
	pthread_once(&sqlite_once, sqlite_setup);
	const char *path = url + 7;
	if (!path[0]) {
		snprintf(err, errlen, "empty path in the sqlite: URL");
		return NULL;
	}
	if (strlen(path) >= PATH_MAX_LEN) {
		snprintf(err, errlen, "the database path is too long");
		return NULL;
	}
	sqlite_state_t *st = xcalloc(1, sizeof *st);
	snprintf(st->path, sizeof st->path, "%s", path);
	dbc_t *probe = sq_connect_path(NULL, st->path, err, errlen);
	if (!probe) {
		free(st);
		return NULL;
	}
	sq_disconnect(probe);
	return st;
}

static void sq_close(void *state) { free(state); }

extern const store_driver_t store_sqlite_driver;

static dbc_t *sq_connect_path(store_t *s, const char *path, char *err, size_t errlen)
{
	sqlite_conn_t *c = xcalloc(1, sizeof *c);
	c->base.drv = &store_sqlite_driver;
	c->base.store = s;
	int rc = sqlite3_open_v2(path, &c->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, vfs_name);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_busy_timeout(c->db, 5000);
	char *msg = NULL;
	if (sqlite3_exec(c->db, PRAGMAS, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "cannot configure %s: %s", path, msg ? msg : "?");
		sqlite3_free(msg);
		goto fail;
	}
	c->cap = CACHE_START;
	c->slots = xcalloc(c->cap, sizeof *c->slots);
	return &c->base;
fail:
	sqlite3_close(c->db);
	free(c);
	return NULL;
}

static dbc_t *sq_connect(store_t *s, void *state, char *err, size_t errlen)
{
	return sq_connect_path(s, ((sqlite_state_t *)state)->path, err, errlen);
}

static void sq_disconnect(dbc_t *dc)
{
	sqlite_conn_t *c = (sqlite_conn_t *)dc;
	for (size_t i = 0; i < c->cap; i++) {
		if (c->slots[i]) {
			sqlite3_finalize(c->slots[i]->st);
			free(c->slots[i]->sql);
			free(c->slots[i]);
		}
	}
	free(c->slots);
	sqlite3_close(c->db);
	free(c);
}

static void cache_grow(sqlite_conn_t *c)
{
	size_t ncap = c->cap * 2;
	sqlite_stmt_t **ns = xcalloc(ncap, sizeof *ns);
	for (size_t i = 0; i < c->cap; i++) {
		if (!c->slots[i])
			continue;
		size_t j = fnv(c->slots[i]->sql) & (ncap - 1);
		while (ns[j])
			j = (j + 1) & (ncap - 1);
		ns[j] = c->slots[i];
	}
	free(c->slots);
	c->slots = ns;
	c->cap = ncap;
}

/* ONESTOP_SQL_SCANS=1: each statement, when first prepared on a connection,
 * has its query plan read, and a full scan of a table (SCAN t, no index) is
 * logged as a warning naming the table (or its alias) and the statement —
 * what the list queries are checked against (tests/api/test_query_plans.py). */
static void plan_check(sqlite3 *db, const char *sql)
{
	static int on = -1;
	if (on < 0)
		on = getenv("ONESTOP_SQL_SCANS") && !strcmp(getenv("ONESTOP_SQL_SCANS"), "1");
	if (!on || strncmp(sql, "SELECT", 6) != 0)
		return;
	char *eqp = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
	sqlite3_stmt *st = NULL;
	if (eqp && sqlite3_prepare_v2(db, eqp, -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *d = (const char *)sqlite3_column_text(st, 3);
			if (d && strncmp(d, "SCAN ", 5) == 0 && !strstr(d, " USING "))
				log_warn("full scan: %s in %s", d + 5, sql);
		}
	}
	sqlite3_finalize(st);
	sqlite3_free(eqp);
}

static dbs_t *sq_prep(dbc_t *dc, const char *sql)
{
	sqlite_conn_t *c = (sqlite_conn_t *)dc;
	size_t a = (size_t)(((uintptr_t)sql * 0x9E3779B97F4A7C15ull) >> 56);
	sqlite_stmt_t *hit = c->by_addr[a].sql == sql ? c->by_addr[a].e : NULL;
	if (hit && strcmp(hit->sql, sql) == 0) {
		sqlite3_reset(hit->st);
		sqlite3_clear_bindings(hit->st);
		return &hit->base;
	}
	size_t j = fnv(sql) & (c->cap - 1);
	while (c->slots[j]) {
		if (strcmp(c->slots[j]->sql, sql) == 0) {
			c->by_addr[a].sql = sql;
			c->by_addr[a].e = c->slots[j];
			sqlite3_reset(c->slots[j]->st);
			sqlite3_clear_bindings(c->slots[j]->st);
			return &c->slots[j]->base;
		}
		j = (j + 1) & (c->cap - 1);
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		/* static SQL that does not prepare is a bug: stop here, naming it */
		log_error("sql prepare failed: %s: %s", sqlite3_errmsg(c->db), sql);
		abort();
	}
	plan_check(c->db, sql);
	if ((c->n + 1) * 2 > c->cap) {
		cache_grow(c);
		j = fnv(sql) & (c->cap - 1);
		while (c->slots[j])
			j = (j + 1) & (c->cap - 1);
	}
	sqlite_stmt_t *e = xcalloc(1, sizeof *e);
	c->slots[j] = e;
	c->by_addr[a].sql = sql;
	c->by_addr[a].e = e;
	e->st = st;
	e->sql = xstrdup(sql);
	e->base.drv = &store_sqlite_driver;
	e->base.conn = dc;
	e->base.sql = e->sql;
	c->n++;
	return &e->base;
}

#define ST(s) (((sqlite_stmt_t *)(s))->st)

static void sq_bind_text(dbs_t *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(ST(s), i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(ST(s), i);
}
static void sq_bind_int(dbs_t *s, int i, int64_t v) { sqlite3_bind_int64(ST(s), i, v); }
static void sq_bind_null(dbs_t *s, int i) { sqlite3_bind_null(ST(s), i); }

/* A full disk (or a database at its max_page_count) and an I/O error are
 * storage faults (store.h), told apart in the log and to the writer. */
static void note_fault(dbc_t *c, int rc)
{
	store_fault_t f = (rc & 0xff) == SQLITE_FULL    ? STORE_FAULT_FULL
			  : (rc & 0xff) == SQLITE_IOERR ? STORE_FAULT_IO
							: STORE_FAULT_NONE;
	if (f == STORE_FAULT_NONE)
		return;
	c->fault = f;
	store_note_fault(c->store, f);
}

static int sq_step(dbs_t *s)
{
	int64_t t0 = clock_mono_ns();
	int rc = sqlite3_step(ST(s));
	store_count_statement(clock_mono_ns() - t0);
	switch (rc) {
	case SQLITE_ROW: return DB_ROW;
	case SQLITE_DONE: return DB_DONE;
	case SQLITE_BUSY: case SQLITE_LOCKED: return DB_BUSY;
	default:
		if ((rc & 0xff) == SQLITE_CONSTRAINT)
			return DB_CONSTRAINT;
		log_error("sql step failed: %s: %.200s", sqlite3_errmsg(sqlite3_db_handle(ST(s))), s->sql);
		note_fault(s->conn, rc);
		return DB_ERR;
	}
}

static const char *sq_col_text(dbs_t *s, int i) { return (const char *)sqlite3_column_text(ST(s), i); }
static int64_t sq_col_int(dbs_t *s, int i) { return sqlite3_column_int64(ST(s), i); }
static bool sq_col_null(dbs_t *s, int i) { return sqlite3_column_type(ST(s), i) == SQLITE_NULL; }
static void sq_reset(dbs_t *s) { sqlite3_reset(ST(s)); }
static int64_t sq_changes(dbc_t *c) { return sqlite3_changes64(((sqlite_conn_t *)c)->db); }
static const char *sq_errmsg(dbc_t *c) { return sqlite3_errmsg(((sqlite_conn_t *)c)->db); }

static int sq_exec(dbc_t *dc, const char *sql)
{
	sqlite_conn_t *c = (sqlite_conn_t *)dc;
	char *msg = NULL;
	int64_t t0 = clock_mono_ns();
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, &msg);
	store_count_statement(clock_mono_ns() - t0);
	if (rc != SQLITE_OK) {
		if (rc != SQLITE_BUSY)
			log_error("sql exec failed: %s: %.200s", msg ? msg : "?", sql);
		note_fault(dc, rc);
		sqlite3_free(msg);
		return rc == SQLITE_BUSY ? DB_BUSY : DB_ERR;
	}
	return DB_OK;
}

/* Transaction control runs on every batch: prepared once per connection. */
static int sq_tx(dbc_t *c, tx_op_t op)
{
	static const char *const SQL[] = {
	    [TX_BEGIN] = "BEGIN IMMEDIATE",
	    [TX_COMMIT] = "COMMIT",
	    [TX_ROLLBACK] = "ROLLBACK",
	    [TX_SAVEPOINT] = "SAVEPOINT w",
	    [TX_RELEASE] = "RELEASE w",
	    [TX_ROLLBACK_TO] = "ROLLBACK TO w",
	    [TX_READ_BEGIN] = "BEGIN",
	    [TX_READ_END] = "COMMIT",
	    [TX_BEGIN_EXCLUSIVE] = "BEGIN IMMEDIATE",
	};
	/* after a failed COMMIT or a disk fault the engine may have rolled the
	 * transaction back itself: nothing is left to roll back */
	if (op == TX_ROLLBACK && sqlite3_get_autocommit(((sqlite_conn_t *)c)->db))
		return DB_OK;
	dbs_t *s = sq_prep(c, SQL[op]);
	int rc = sq_step(s);
	sq_reset(s);
	return rc == DB_DONE ? DB_OK : rc;
}

/* fsync of a file or a directory; false with errno set. */
static bool sync_path(const char *path, bool dir)
{
	int fd = open(path, (dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool ok = fsync(fd) == 0;
	int e = errno;
	close(fd);
	errno = e;
	return ok;
}

static void sq_cache_mb(dbc_t *dc, int mb)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size=-%d", mb * 1024); /* negative: KiB */
	sqlite3_exec(((sqlite_conn_t *)dc)->db, sql, NULL, NULL, NULL);
}

/* The online backup API copies every page in one step, that is inside one
 * read transaction: under WAL the server's writer goes on meanwhile, and the
 * copy is the database as of that transaction's start. (Copying in several
 * steps would restart whenever another connection writes, possibly
 * forever.) The destination is created here with O_EXCL, so an existing
 * file is never overwritten, and is synced, with its directory, before the
 * function returns. */
static int sq_backup(dbc_t *dc, const char *path, char *err, size_t errlen)
{
	sqlite_conn_t *c = (sqlite_conn_t *)dc;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen,
			 errno == EEXIST ? "%s already exists; onestop backup never overwrites a file"
					 : "cannot create %s: %s",
			 path, strerror(errno));
		return -1;
	}
	close(fd);
	sqlite3 *dest = NULL;
	int rc = sqlite3_open_v2(path, &dest, SQLITE_OPEN_READWRITE, NULL);
	sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(dest, "main", c->db, "main") : NULL;
	if (b) {
		while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
		int fin = sqlite3_backup_finish(b);
		if (rc == SQLITE_DONE)
			rc = fin;
	} else if (rc == SQLITE_OK) {
		rc = sqlite3_errcode(dest);
	}
	if (rc != SQLITE_OK && rc != SQLITE_DONE)
		snprintf(err, errlen, "backup into %s failed: %s", path,
			 dest ? sqlite3_errmsg(dest) : sqlite3_errstr(rc));
	if (sqlite3_close(dest) != SQLITE_OK && (rc == SQLITE_OK || rc == SQLITE_DONE)) {
		snprintf(err, errlen, "cannot close %s", path);
		rc = SQLITE_ERROR;
	}
	if (rc == SQLITE_OK || rc == SQLITE_DONE) {
		char *dir = xstrdup(path);
		bool synced = sync_path(path, false) && sync_path(dirname(dir), true);
		free(dir);
		if (synced)
			return 0;
		snprintf(err, errlen, "cannot sync %s: %s", path, strerror(errno));
	}
	unlink(path);
	return -1;
}

const store_driver_t store_sqlite_driver = {
	.name = "sqlite",
	.cheap_snapshots = true,
	.accepts = sq_accepts,
	.open = sq_open,
	.close = sq_close,
	.connect = sq_connect,
	.disconnect = sq_disconnect,
	.prep = sq_prep,
	.bind_text = sq_bind_text,
	.bind_int = sq_bind_int,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.col_text = sq_col_text,
	.col_int = sq_col_int,
	.col_null = sq_col_null,
	.reset = sq_reset,
	.changes = sq_changes,
	.errmsg = sq_errmsg,
	.exec = sq_exec,
	.tx = sq_tx,
	.backup = sq_backup,
	.cache_mb = sq_cache_mb,
};
