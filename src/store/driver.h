/* driver.h — what a database engine implements to sit under store.h.
 * Internal to store/: nothing above it includes this file.
 *
 * A driver's connection and statement structs begin with the common headers
 * below, so the generic functions of store.c reach the driver through them.
 * Transaction control is given as operations (not SQL) so that the writer
 * (writer.c) runs the same group-commit protocol on every engine. */
#ifndef ONESTOP_STORE_DRIVER_H
#define ONESTOP_STORE_DRIVER_H

#include "store/store.h"

typedef struct store_driver store_driver_t;

struct dbc {
	const store_driver_t *drv;
	store_t *store;
	struct dbc *next_reader;   /* the store's list of reader connections */
	/* Set by the driver when a statement failed in a way that succeeds if
	 * the write is run again (serialization failure, deadlock); the writer
	 * clears it before each write and retries such a write with back-off. */
	bool retry;
	/* Set by the driver when a statement failed for a storage fault (disk
	 * full, I/O error): the engine may have rolled the whole transaction
	 * back, so the writer gives the batch up and answers each write alone. */
	store_fault_t fault;
	/* The additive upserts kept until the commit (defer.c): the writer's connection only. */
	struct defer *defer;
	/* A thread's reader (store_reader), and whether it is in the snapshot that
	 * store_read_hold asked for (store.c). */
	bool reader, held;
};

struct dbs {
	const store_driver_t *drv;
	dbc_t *conn;
	const char *sql;           /* the cached text, for messages */
};

/* TX_BEGIN_EXCLUSIVE: a write transaction that no other process runs at the
 * same time (migrations from several nodes at once). */
typedef enum { TX_BEGIN, TX_COMMIT, TX_ROLLBACK, TX_SAVEPOINT, TX_RELEASE, TX_ROLLBACK_TO, TX_READ_BEGIN,
	       TX_READ_END, TX_BEGIN_EXCLUSIVE } tx_op_t;

/* defer.c, for the writer: from store_defer_enable on, db_add_counts on `c` sums its additions
 * until the commit; store_defer_tx follows the transaction (a RELEASE keeps the write's part, a
 * ROLLBACK TO takes it back, a BEGIN or a ROLLBACK drops everything); store_defer_flush runs each
 * sum once (before COMMIT; 0 or -1); store_defer_free ends it. */
void store_defer_enable(dbc_t *c);
void store_defer_tx(dbc_t *c, tx_op_t op);
int store_defer_flush(dbc_t *c);
void store_defer_free(dbc_t *c);

struct store_driver {
	const char *name;
	/* A read transaction costs no round trip to a server (SQLite): a request's reads share one
	 * (store_read_hold). */
	bool cheap_snapshots;
	bool (*accepts)(const char *url);
	/* Parses the URL and checks that the database answers; on success
	 * returns the driver's private state for store_t. */
	void *(*open)(const char *url, char *err, size_t errlen);
	void (*close)(void *state);
	dbc_t *(*connect)(store_t *s, void *state, char *err, size_t errlen);
	void (*disconnect)(dbc_t *c);
	dbs_t *(*prep)(dbc_t *c, const char *sql);
	void (*bind_text)(dbs_t *s, int i, const char *v);
	void (*bind_int)(dbs_t *s, int i, int64_t v);
	void (*bind_null)(dbs_t *s, int i);
	int (*step)(dbs_t *s);
	const char *(*col_text)(dbs_t *s, int i);
	int64_t (*col_int)(dbs_t *s, int i);
	bool (*col_null)(dbs_t *s, int i);
	void (*reset)(dbs_t *s);
	int64_t (*changes)(dbc_t *c);
	const char *(*errmsg)(dbc_t *c);
	int (*exec)(dbc_t *c, const char *sql);
	/* DB_OK, DB_BUSY (retry later) or DB_ERR. */
	int (*tx)(dbc_t *c, tx_op_t op);
	/* Optional. Migration text in the engine's dialect (a new string). */
	char *(*ddl)(const char *sql);
	/* Optional. A number that grows with every commit of any process on the
	 * database; without it the store's own writer counts (one process). */
	int64_t (*change_seq)(dbc_t *c);
	/* Optional. A lock held by one connection across processes, released
	 * when that connection ends; without them every lock is granted (one
	 * process). */
	bool (*try_lock)(dbc_t *c, int64_t key);
	void (*unlock)(dbc_t *c, int64_t key);
	/* Optional. Lets this connection's page cache grow to about mb megabytes
	 * (a long run of large transactions: the synthetic seeder). */
	void (*cache_mb)(dbc_t *c, int mb);
	/* Optional. A consistent copy of the live database into a file. */
	int (*backup)(dbc_t *c, const char *path, char *err, size_t errlen);
};

/* Drivers report whether the database answers (store_unavailable). */
void store_note_down(store_t *s, bool down);

/* Statement timing shared by every driver (store.c). */
void store_count_statement(int64_t ns);

#endif
