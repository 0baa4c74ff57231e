/* db.c — SQLite connections, the per-connection statement cache and the
 * per-thread readers (see db.h). */
#include "store/db_internal.h"
#include "store/writer.h"
#include "base/clock.h"
#include "base/log.h"
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct dbs {
	sqlite3_stmt *st;
	char *sql;
};

struct stmt_cache {
	size_t cap, n;
	struct dbs *slots;  /* open addressing by hash of the SQL text */
};

static _Atomic uint64_t db_time_ns, db_statements;

uint64_t store_db_time_ns(void) { return atomic_load(&db_time_ns); }
uint64_t store_db_statements(void) { return atomic_load(&db_statements); }

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static const char *PRAGMAS =
	"PRAGMA journal_mode=WAL;"
	"PRAGMA synchronous=FULL;"
	"PRAGMA foreign_keys=ON;"
	"PRAGMA temp_store=MEMORY;";

int dbc_open_path(const char *path, dbc_t **out, char *err, size_t errlen)
{
	dbc_t *c = calloc(1, sizeof *c);
	if (!c)
		abort();
	int rc = sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", path, c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		sqlite3_close(c->db);
		free(c);
		return -1;
	}
	sqlite3_busy_timeout(c->db, 5000);
	char *msg = NULL;
	if (sqlite3_exec(c->db, PRAGMAS, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "cannot configure %s: %s", path, msg ? msg : "?");
		sqlite3_free(msg);
		sqlite3_close(c->db);
		free(c);
		return -1;
	}
	c->cache = calloc(1, sizeof *c->cache);
	c->cache->cap = 256;
	c->cache->slots = calloc(c->cache->cap, sizeof *c->cache->slots);
	*out = c;
	return 0;
}

void dbc_close(dbc_t *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->cache->cap; i++) {
		if (c->cache->slots[i].sql) {
			sqlite3_finalize(c->cache->slots[i].st);
			free(c->cache->slots[i].sql);
		}
	}
	free(c->cache->slots);
	free(c->cache);
	sqlite3_close(c->db);
	free(c);
}

static void cache_grow(struct stmt_cache *sc)
{
	size_t ncap = sc->cap * 2;
	struct dbs *ns = calloc(ncap, sizeof *ns);
	for (size_t i = 0; i < sc->cap; i++) {
		if (!sc->slots[i].sql)
			continue;
		size_t j = fnv(sc->slots[i].sql) & (ncap - 1);
		while (ns[j].sql)
			j = (j + 1) & (ncap - 1);
		ns[j] = sc->slots[i];
	}
	free(sc->slots);
	sc->slots = ns;
	sc->cap = ncap;
}

dbs_t *db_prep(dbc_t *c, const char *sql)
{
	struct stmt_cache *sc = c->cache;
	size_t j = fnv(sql) & (sc->cap - 1);
	while (sc->slots[j].sql) {
		if (strcmp(sc->slots[j].sql, sql) == 0) {
			sqlite3_reset(sc->slots[j].st);
			sqlite3_clear_bindings(sc->slots[j].st);
			return &sc->slots[j];
		}
		j = (j + 1) & (sc->cap - 1);
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		log_error("sql prepare failed: %s: %.200s", sqlite3_errmsg(c->db), sql);
		return NULL;
	}
	if ((sc->n + 1) * 2 > sc->cap) {
		cache_grow(sc);
		j = fnv(sql) & (sc->cap - 1);
		while (sc->slots[j].sql)
			j = (j + 1) & (sc->cap - 1);
	}
	sc->slots[j].st = st;
	sc->slots[j].sql = strdup(sql);
	sc->n++;
	return &sc->slots[j];
}

void db_bind_text(dbs_t *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s->st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s->st, i);
}
void db_bind_int(dbs_t *s, int i, int64_t v) { sqlite3_bind_int64(s->st, i, v); }
void db_bind_null(dbs_t *s, int i) { sqlite3_bind_null(s->st, i); }
void db_bind_blob(dbs_t *s, int i, const void *p, size_t n) { sqlite3_bind_blob(s->st, i, p, (int)n, SQLITE_TRANSIENT); }

int db_step(dbs_t *s)
{
	int64_t t0 = clock_mono_ns();
	int rc = sqlite3_step(s->st);
	atomic_fetch_add(&db_time_ns, (uint64_t)(clock_mono_ns() - t0));
	atomic_fetch_add(&db_statements, 1);
	switch (rc) {
	case SQLITE_ROW: return DB_ROW;
	case SQLITE_DONE: return DB_DONE;
	case SQLITE_BUSY: case SQLITE_LOCKED: return DB_BUSY;
	default:
		if ((rc & 0xff) == SQLITE_CONSTRAINT)
			return DB_CONSTRAINT;
		log_error("sql step failed: %s: %.200s", sqlite3_errmsg(sqlite3_db_handle(s->st)), s->sql);
		return DB_ERR;
	}
}

const char *db_col_text(dbs_t *s, int i) { return (const char *)sqlite3_column_text(s->st, i); }
int64_t db_col_int(dbs_t *s, int i) { return sqlite3_column_int64(s->st, i); }
bool db_col_null(dbs_t *s, int i) { return sqlite3_column_type(s->st, i) == SQLITE_NULL; }
const void *db_col_blob(dbs_t *s, int i, size_t *n)
{
	const void *p = sqlite3_column_blob(s->st, i);
	*n = (size_t)sqlite3_column_bytes(s->st, i);
	return p;
}
void db_reset(dbs_t *s)
{
	if (s)
		sqlite3_reset(s->st);
}

int db_exec(dbc_t *c, const char *sql)
{
	char *msg = NULL;
	int64_t t0 = clock_mono_ns();
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, &msg);
	atomic_fetch_add(&db_time_ns, (uint64_t)(clock_mono_ns() - t0));
	if (rc != SQLITE_OK) {
		if (rc != SQLITE_BUSY)
			log_error("sql exec failed: %s: %.200s", msg ? msg : "?", sql);
		sqlite3_free(msg);
		return rc == SQLITE_BUSY ? DB_BUSY : DB_ERR;
	}
	return DB_OK;
}

int64_t db_changes(dbc_t *c) { return sqlite3_changes64(c->db); }
int64_t db_last_id(dbc_t *c) { return sqlite3_last_insert_rowid(c->db); }
const char *db_errmsg(dbc_t *c) { return sqlite3_errmsg(c->db); }
/* Transaction control runs often (every batch): prepared once per connection. */
static int control(dbc_t *c, const char *sql)
{
	dbs_t *s = db_prep(c, sql);
	if (!s)
		return DB_ERR;
	int rc = db_step(s);
	db_reset(s);
	return rc == DB_DONE ? DB_OK : rc;
}

int db_begin(dbc_t *c) { return control(c, "BEGIN IMMEDIATE"); }
int db_commit(dbc_t *c) { return control(c, "COMMIT"); }
int db_rollback(dbc_t *c) { return control(c, "ROLLBACK"); }
int db_read_begin(dbc_t *c) { return db_exec(c, "BEGIN"); }
int db_read_end(dbc_t *c) { return db_exec(c, "COMMIT"); }

static void reader_destructor(void *p)
{
	(void)p; /* readers are closed by store_close; threads of the pool live as long as the store */
}

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

/* Before the first connection: no global memory statistics (they take a
 * mutex that every connection's every allocation would share). */
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

store_t *store_open(const char *url, char *err, size_t errlen)
{
	pthread_once(&sqlite_once, sqlite_setup);
	if (strncmp(url, "sqlite:", 7) != 0) {
		if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0)
			snprintf(err, errlen, "the PostgreSQL backend is not part of this build; use sqlite:PATH");
		else
			snprintf(err, errlen, "unknown database URL %s (expected sqlite:PATH)", url);
		return NULL;
	}
	store_t *s = calloc(1, sizeof *s);
	if (!s)
		abort();
	snprintf(s->path, sizeof s->path, "%s", url + 7);
	if (!s->path[0]) {
		snprintf(err, errlen, "empty path in %s", url);
		free(s);
		return NULL;
	}
	dbc_t *probe;
	if (dbc_open_path(s->path, &probe, err, errlen) != 0) {
		free(s);
		return NULL;
	}
	dbc_close(probe);
	pthread_key_create(&s->reader_key, reader_destructor);
	pthread_mutex_init(&s->readers_mu, NULL);
	if (writer_start(s) != 0) {
		snprintf(err, errlen, "cannot start the writer for %s", s->path);
		pthread_key_delete(s->reader_key);
		free(s);
		return NULL;
	}
	return s;
}

dbc_t *store_connect(store_t *s)
{
	dbc_t *c;
	char err[512];
	if (dbc_open_path(s->path, &c, err, sizeof err) != 0) {
		log_error("%s", err);
		return NULL;
	}
	return c;
}

dbc_t *store_reader(store_t *s)
{
	dbc_t *c = pthread_getspecific(s->reader_key);
	if (c)
		return c;
	c = store_connect(s);
	if (!c)
		return NULL;
	pthread_setspecific(s->reader_key, c);
	pthread_mutex_lock(&s->readers_mu);
	c->next_reader = s->readers;
	s->readers = c;
	pthread_mutex_unlock(&s->readers_mu);
	return c;
}

void store_close(store_t *s)
{
	if (!s)
		return;
	writer_stop(s);
	pthread_mutex_lock(&s->readers_mu);
	for (dbc_t *c = s->readers, *next; c; c = next) {
		next = c->next_reader;
		dbc_close(c);
	}
	s->readers = NULL;
	pthread_mutex_unlock(&s->readers_mu);
	pthread_key_delete(s->reader_key);
	pthread_mutex_destroy(&s->readers_mu);
	free(s);
}
