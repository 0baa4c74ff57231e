/* app.h — the running platform as the API sees it: its configuration and
 * its store. The HTTP layer fills it at start (http/server.c); handlers read
 * it through req_t.app. Kept apart from http/ so that api/ never includes
 * the layer above it. */
#ifndef ONESTOP_APP_H
#define ONESTOP_APP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include "store/store.h"

#define CONFIG_PATH_LEN 1024

typedef struct {
	char host[64];
	int port;
	char db_url[CONFIG_PATH_LEN];
	int threads;
	size_t max_header_bytes;
	size_t max_body_bytes;
	int max_json_depth;
	long max_json_fields;
	bool demo;
	bool demo_history; /* --demo and six weeks of past 12345 requests (seed_demo_history) */
	char web_dir[CONFIG_PATH_LEN];     /* serve web/ from disk instead of the embedded copy */
	int job_interval_ms;    /* background jobs */
	int log_flush_ms;       /* access lines wait up to this in memory (base/log.h); 0 = at once */
	size_t max_upload_bytes; /* one uploaded file (POST /api/v1/files) */
	char files_dir[CONFIG_PATH_LEN];   /* uploaded files; "" = beside the SQLite file (domain/files.h) */
	char keystore[CONFIG_PATH_LEN];    /* the key file (base/keystore.h); "" = beside the SQLite file */
	char checkpoints[CONFIG_PATH_LEN]; /* signed audit checkpoints: serve appends, audit-verify checks */
	unsigned max_connections;  /* open connections in all */
	unsigned max_per_address;  /* open connections from one client address (0 = no limit) */
	int request_timeout_s;     /* to receive a request's header and body (0 = none) */
	int upload_timeout_s;      /* to receive an upload's body once its header is in (0 = none) */
	char trusted_proxies[CONFIG_PATH_LEN]; /* "ADDR[,ADDR]": peers whose X-Forwarded-For counts */
	char public_url[CONFIG_PATH_LEN];      /* "https://…" as citizens reach it; "" = not configured */
	char metrics_token[128];               /* Bearer token of GET /metrics; "" = /metrics is 404 */
	unsigned char payment_key[32];         /* the payment provider's Ed25519 public key (--payment-key) */
	bool payment_key_set;                  /* false: online payment notifications are refused (503) */
} config_t;

typedef struct app app_t;

struct app {
	config_t cfg;
	store_t *store;
	volatile int ready;
	atomic_long job_rounds;   /* rounds of the background jobs finished since the start */
};

/* The defaults `onestop serve` starts with (overridden by flags and ONESTOP_* variables). */
void config_defaults(config_t *c);

#endif
