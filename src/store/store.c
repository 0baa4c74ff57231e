/* store.c — the generic half of the store seam (see store.h): choosing the
 * driver by URL, the per-thread readers, the writer, statement counters, and
 * the typed helpers that every driver shares. */
#include "store/driver.h"
#include "store/writer.h"
#include "store/sqlite/sqlite.h"
#include "store/pg/pg.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/mem.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct store {
	const store_driver_t *drv;
	void *state;                /* the driver's */
	pthread_key_t reader_key;
	pthread_mutex_t readers_mu;
	dbc_t *readers;
	writer_t *writer;
	_Atomic bool down;          /* the last attempt to reach the database failed */
	_Atomic int fault;          /* store_fault_t: the last write failed for a storage fault */
};

static const store_driver_t *const DRIVERS[] = {&store_sqlite_driver, &store_pg_driver, NULL};

static const store_driver_t *driver_for(const char *url)
{
	for (const store_driver_t *const *d = DRIVERS; *d; d++)
		if ((*d)->accepts(url))
			return *d;
	return NULL;
}

static _Atomic uint64_t stmt_ns, stmt_count;

void store_count_statement(int64_t ns)
{
	atomic_fetch_add(&stmt_ns, (uint64_t)ns);
	atomic_fetch_add(&stmt_count, 1);
}

void store_stats(store_stats_t *o)
{
	o->statement_ns = atomic_load(&stmt_ns);
	o->statements = atomic_load(&stmt_count);
	o->commits = writer_commits();
	o->writes = writer_writes();
	o->queued = writer_queued();
}

const char *store_engine(const store_t *s) { return s->drv->name; }

static void reader_destructor(void *p)
{
	(void)p; /* readers are closed by store_close; the pool's threads live as long as the store */
}

store_t *store_open(const char *url, char *err, size_t errlen)
{
	const store_driver_t *drv = driver_for(url);
	if (!drv) {
		snprintf(err, errlen, "unknown database URL (expected sqlite:PATH or postgresql://…)");
		return NULL;
	}
	store_t *s = xcalloc(1, sizeof *s);
	s->drv = drv;
	s->state = drv->open(url, err, errlen);
	if (!s->state) {
		free(s);
		return NULL;
	}
	pthread_key_create(&s->reader_key, reader_destructor);
	pthread_mutex_init(&s->readers_mu, NULL);
	dbc_t *wc = store_connect(s);
	if (!wc || !(s->writer = writer_start(wc))) {
		snprintf(err, errlen, "cannot start the writer");
		store_disconnect(wc);
		pthread_key_delete(s->reader_key);
		pthread_mutex_destroy(&s->readers_mu);
		drv->close(s->state);
		free(s);
		return NULL;
	}
	return s;
}

void store_note_down(store_t *s, bool down)
{
	if (s && atomic_load(&s->down) != down) {
		atomic_store(&s->down, down);
		if (down)
			log_error("the database does not answer");
	}
}

bool store_unavailable(store_t *s) { return atomic_load(&s->down); }

const char *store_fault_name(store_fault_t f)
{
	switch (f) {
	case STORE_FAULT_FULL: return "disk full";
	case STORE_FAULT_IO: return "I/O error";
	case STORE_FAULT_RESOURCES: return "out of resources";
	case STORE_FAULT_NONE: break;
	}
	return "";
}

/* The log says when the storage starts failing, which way, and when it takes
 * writes again: once per change, not once per failed write. */
void store_note_fault(store_t *s, store_fault_t f)
{
	if (!s)
		return;
	int was = atomic_exchange(&s->fault, (int)f);
	if (was == (int)f)
		return;
	if (f != STORE_FAULT_NONE)
		log_error("storage fault: %s; writes are answered 503 until one succeeds",
			  store_fault_name(f));
	else
		log_info("storage fault cleared (%s): writes succeed again",
			 store_fault_name((store_fault_t)was));
}

store_fault_t store_fault(store_t *s) { return s ? (store_fault_t)atomic_load(&s->fault) : STORE_FAULT_NONE; }

static _Thread_local store_fault_t write_fault;
static _Thread_local bool hold_wanted; /* store_read_hold: this thread's reads share a snapshot */

void store_cache_mb(dbc_t *c, int mb)
{
	if (c && c->drv->cache_mb && mb > 0)
		c->drv->cache_mb(c, mb);
}

store_fault_t store_write_fault(void) { return write_fault; }
void store_write_fault_clear(void) { write_fault = STORE_FAULT_NONE; }

uint64_t store_generation(store_t *s)
{
	if (!s->drv->change_seq)
		return writer_commits();
	dbc_t *c = store_reader(s);
	int64_t v = c ? s->drv->change_seq(c) : -1;
	return v < 0 ? UINT64_MAX : (uint64_t)v;
}

bool store_try_lock(dbc_t *c, int64_t key) { return !c->drv->try_lock || c->drv->try_lock(c, key); }

void store_lock(dbc_t *c, int64_t key)
{
	while (!store_try_lock(c, key)) {
		struct timespec ts = {0, 20 * 1000000L};
		nanosleep(&ts, NULL);
	}
}

void store_unlock(dbc_t *c, int64_t key)
{
	if (c->drv->unlock)
		c->drv->unlock(c, key);
}

static int no_backup(const store_driver_t *drv, char *err, size_t errlen)
{
	snprintf(err, errlen,
		 "onestop backup copies SQLite databases; for %s use the engine's own tools "
		 "(pg_basebackup and WAL archiving: docs/operations.md)",
		 drv->name);
	return -1;
}

int store_check_backup(const char *url, char *err, size_t errlen)
{
	const store_driver_t *drv = driver_for(url);
	return drv && !drv->backup ? no_backup(drv, err, errlen) : 0;
}

int store_check_exists(const char *url, char *err, size_t errlen)
{
	if (driver_for(url) == &store_sqlite_driver && access(url + 7, F_OK) != 0) {
		snprintf(err, errlen, "no database at %s", url + 7);
		return -1;
	}
	return 0;
}

int store_backup(store_t *s, const char *path, char *err, size_t errlen)
{
	if (!s->drv->backup)
		return no_backup(s->drv, err, errlen);
	dbc_t *c = store_connect(s);
	if (!c) {
		snprintf(err, errlen, "cannot connect to the database");
		return -1;
	}
	int rc = s->drv->backup(c, path, err, errlen);
	store_disconnect(c);
	return rc;
}

dbc_t *store_connect(store_t *s)
{
	char err[512];
	dbc_t *c = s->drv->connect(s, s->state, err, sizeof err);
	if (!c)
		log_error("%s", err);
	return c;
}

void store_disconnect(dbc_t *c)
{
	if (c)
		c->drv->disconnect(c);
}

/* The held snapshot begins at the first statement after store_read_hold or after a write,
 * not when the connection is asked for: a request that reads nothing runs no BEGIN. */
static void hold_begin(dbc_t *c)
{
	if (hold_wanted && c->reader && !c->held && c->drv->cheap_snapshots &&
	    c->drv->tx(c, TX_READ_BEGIN) == DB_OK)
		c->held = true;
}

static void read_end(dbc_t *c)
{
	if (c->drv->tx(c, TX_READ_END) != DB_OK)
		c->drv->tx(c, TX_ROLLBACK); /* a statement still running, or the engine ended it */
	c->held = false;
}

dbc_t *store_reader(store_t *s)
{
	dbc_t *c = pthread_getspecific(s->reader_key);
	if (c)
		return c;
	c = store_connect(s);
	if (!c)
		return NULL;
	c->reader = true;
	pthread_setspecific(s->reader_key, c);
	pthread_mutex_lock(&s->readers_mu);
	c->next_reader = s->readers;
	s->readers = c;
	pthread_mutex_unlock(&s->readers_mu);
	return c;
}

void store_read_hold(store_t *s)
{
	(void)s;
	hold_wanted = true;
}

void store_read_release(store_t *s)
{
	hold_wanted = false;
	dbc_t *c = pthread_getspecific(s->reader_key);
	if (c && c->held)
		read_end(c);
}

void store_close(store_t *s)
{
	if (!s)
		return;
	writer_stop(s->writer);
	pthread_mutex_lock(&s->readers_mu);
	for (dbc_t *c = s->readers, *next; c; c = next) {
		next = c->next_reader;
		store_disconnect(c);
	}
	s->readers = NULL;
	pthread_mutex_unlock(&s->readers_mu);
	pthread_key_delete(s->reader_key);
	pthread_mutex_destroy(&s->readers_mu);
	s->drv->close(s->state);
	free(s);
}

bool store_ping(store_t *s)
{
	dbc_t *c = store_reader(s);
	if (!c)
		return false;
	dbs_t *st = db_prep(c, "SELECT COUNT(*) FROM schema_migrations");
	bool ok = db_step(st) == DB_ROW;
	db_reset(st);
	return ok;
}

int store_write(store_t *s, store_fn fn, void *ctx)
{
	write_fault = STORE_FAULT_NONE;
	if (!s->writer)
		return STORE_FAILED;
	/* the reads after the write see it: the held snapshot ends here, the next read begins one */
	dbc_t *c = pthread_getspecific(s->reader_key);
	if (c && c->held)
		read_end(c);
	return writer_submit(s->writer, fn, ctx, &write_fault);
}

int store_read(store_t *s, store_fn fn, void *ctx)
{
	dbc_t *c = store_reader(s);
	if (c)
		hold_begin(c);
	if (c && c->held)
		return fn(c, ctx); /* inside the request's snapshot */
	if (!c || c->drv->tx(c, TX_READ_BEGIN) != DB_OK)
		return STORE_FAILED;
	int r = fn(c, ctx);
	c->drv->tx(c, TX_READ_END);
	return r;
}

/* ---- statements: through the driver ---- */

dbs_t *db_prep(dbc_t *c, const char *sql)
{
	if (hold_wanted && !c->held)
		hold_begin(c);
	return c->drv->prep(c, sql);
}
void db_bind_text(dbs_t *s, int i, const char *v) { s->drv->bind_text(s, i, v); }
void db_bind_int(dbs_t *s, int i, int64_t v) { s->drv->bind_int(s, i, v); }
void db_bind_null(dbs_t *s, int i) { s->drv->bind_null(s, i); }
int db_step(dbs_t *s) { return s->drv->step(s); }
const char *db_col_text(dbs_t *s, int i) { return s->drv->col_text(s, i); }
int64_t db_col_int(dbs_t *s, int i) { return s->drv->col_int(s, i); }
bool db_col_null(dbs_t *s, int i) { return s->drv->col_null(s, i); }
int64_t db_changes(dbc_t *c) { return c->drv->changes(c); }
const char *db_errmsg(dbc_t *c) { return c->drv->errmsg(c); }
int db_exec(dbc_t *c, const char *sql) { return c->drv->exec(c, sql); }

void db_reset(dbs_t *s)
{
	if (s)
		s->drv->reset(s);
}

void db_bind_json(dbs_t *s, int i, const json_t *v)
{
	if (!v) {
		db_bind_null(s, i);
		return;
	}
	char *t = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	if (!t)
		abort();
	db_bind_text(s, i, t);
	free(t);
}

json_t *db_col_json(dbs_t *s, int i)
{
	const char *t = db_col_text(s, i);
	return t ? json_loads(t, JSON_DECODE_ANY, NULL) : NULL;
}

void db_col_str(dbs_t *s, int i, char *out, size_t n)
{
	const char *v = db_col_text(s, i);
	snprintf(out, n, "%s", v ? v : "");
}

void db_bind_vals(dbs_t *s, const db_val_t *v, int n)
{
	for (int i = 0; i < n; i++) {
		switch (v[i].kind) {
		case DBV_NULL: db_bind_null(s, i + 1); break;
		case DBV_TEXT: db_bind_text(s, i + 1, v[i].text); break;
		case DBV_INT: db_bind_int(s, i + 1, v[i].num); break;
		case DBV_JSON: db_bind_json(s, i + 1, v[i].json); break;
		}
	}
}

int db_run_vals(dbc_t *c, const char *sql, const db_val_t *v, int n)
{
	dbs_t *s = db_prep(c, sql);
	db_bind_vals(s, v, n);
	int rc = db_step(s);
	db_reset(s);
	return rc;
}
