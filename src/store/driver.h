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
};

struct dbs {
	const store_driver_t *drv;
	dbc_t *conn;
	const char *sql;           /* the cached text, for messages */
};

typedef enum { TX_BEGIN, TX_COMMIT, TX_ROLLBACK, TX_SAVEPOINT, TX_RELEASE, TX_ROLLBACK_TO, TX_READ_BEGIN,
	       TX_READ_END } tx_op_t;

struct store_driver {
	const char *name;
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
};

/* Statement timing shared by every driver (store.c). */
void store_count_statement(int64_t ns);

#endif
