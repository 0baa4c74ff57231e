/* server.h — the running platform: configuration, the HTTP daemon on
 * libmicrohttpd, and graceful shutdown. */
#ifndef ONESTOP_SERVER_H
#define ONESTOP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include "api/request.h"
#include "store/store.h"

typedef struct {
	char host[64];
	int port;
	char db_url[1024];
	int threads;
	size_t max_header_bytes;
	size_t max_body_bytes;
	int max_json_depth;
	long max_json_fields;
	bool demo;
	char web_dir[1024];     /* serve web/ from disk instead of the embedded copy */
	int job_interval_ms;    /* background jobs */
	size_t max_upload_bytes; /* one uploaded file (POST /api/v1/files) */
	char files_dir[1024];   /* uploaded files; "" = beside the SQLite file (domain/files.h) */
} config_t;

struct app {
	config_t cfg;
	store_t *store;
	volatile int ready;
};

void config_defaults(config_t *c);
/* Serves until SIGTERM/SIGINT; returns the process exit code. */
int server_run(app_t *app);

#endif
