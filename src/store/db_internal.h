/* db_internal.h — what the store's own files share; nothing above store/ includes it. */
#ifndef ONESTOP_DB_INTERNAL_H
#define ONESTOP_DB_INTERNAL_H

#include <pthread.h>
#include <sqlite3.h>
#include "store/db.h"

struct dbc {
	sqlite3 *db;
	struct stmt_cache *cache;
	struct dbc *next_reader;   /* list of reader connections, for close */
};

struct store {
	char path[1024];
	pthread_key_t reader_key;
	pthread_mutex_t readers_mu;
	struct dbc *readers;
	struct writer *writer;
};

int dbc_open_path(const char *path, dbc_t **out, char *err, size_t errlen);

#endif
