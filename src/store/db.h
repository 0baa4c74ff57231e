/* db.h — database access for the layers above.
 *
 * A store_t is one database (SQLite now; the URL form "sqlite:PATH" leaves
 * room for "postgresql://"). The domain layer sees only this interface:
 * connections (dbc_t), prepared statements with positional `?` parameters
 * (dbs_t), and the write path of writer.h. SQL text is kept portable
 * (no SQLite-only syntax in domain/); where dialects must differ, the
 * store holds both forms.
 *
 * Reads: store_reader() gives the calling thread its own connection, opened
 * on first use and kept for the thread's life; statements are prepared once
 * per connection and cached by SQL text (db_prep). Writes go through the
 * single writer (writer.h) so that many requests share one durable commit.
 *
 * Every connection: WAL, synchronous=FULL, foreign_keys=ON, busy_timeout. */
#ifndef ONESTOP_DB_H
#define ONESTOP_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct store store_t;
typedef struct dbc dbc_t;
typedef struct dbs dbs_t;

enum { DB_OK = 0, DB_ROW = 1, DB_DONE = 2, DB_ERR = -1, DB_CONSTRAINT = -2, DB_BUSY = -3 };

/* Opens the database named by url ("sqlite:PATH"); creates the file. On error
 * returns NULL and writes a message to err. */
store_t *store_open(const char *url, char *err, size_t errlen);
/* Applies the embedded migrations not yet recorded. Returns the number applied, -1 on error. */
int store_migrate(store_t *s, char *err, size_t errlen);
void store_close(store_t *s);           /* stops the writer, closes every connection */
dbc_t *store_reader(store_t *s);        /* this thread's read connection */
/* A private connection for command-line tools and the writer. */
dbc_t *store_connect(store_t *s);
void dbc_close(dbc_t *c);
/* Cumulative nanoseconds spent in statements (for /metrics). */
uint64_t store_db_time_ns(void);
uint64_t store_db_statements(void);

/* Statements. db_prep returns a cached, reset statement (NULL + log on SQL error). */
dbs_t *db_prep(dbc_t *c, const char *sql);
void db_bind_text(dbs_t *s, int i, const char *v);   /* NULL binds NULL */
void db_bind_int(dbs_t *s, int i, int64_t v);
void db_bind_null(dbs_t *s, int i);
void db_bind_blob(dbs_t *s, int i, const void *p, size_t n);
int db_step(dbs_t *s);                  /* DB_ROW, DB_DONE, DB_CONSTRAINT, DB_BUSY, DB_ERR */
const char *db_col_text(dbs_t *s, int i);  /* valid until the next step/reset; NULL for NULL */
int64_t db_col_int(dbs_t *s, int i);
bool db_col_null(dbs_t *s, int i);
const void *db_col_blob(dbs_t *s, int i, size_t *n);
void db_reset(dbs_t *s);                /* done with the statement (keeps it cached) */
/* One-shot helpers: run with the given text binds (NULL-terminated list of
 * const char*), return DB_DONE/DB_ERR... */
int db_exec(dbc_t *c, const char *sql);   /* multi-statement text, no binds */
int64_t db_changes(dbc_t *c);
int64_t db_last_id(dbc_t *c);
const char *db_errmsg(dbc_t *c);
/* Transactions for tools and the writer. */
int db_begin(dbc_t *c);      /* BEGIN IMMEDIATE */
int db_commit(dbc_t *c);
int db_rollback(dbc_t *c);
/* Reads in one consistent snapshot: db_read_begin / db_read_end. */
int db_read_begin(dbc_t *c);
int db_read_end(dbc_t *c);

#endif
