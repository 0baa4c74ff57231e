/* open311_store.h — all SQL of the Open311 façade (internal to domain/open311/). */
#ifndef ONESTOP_OPEN311_STORE_H
#define ONESTOP_OPEN311_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "domain/core/ids.h"
#include "store/store.h"

int open311_store_key_insert(dbc_t *c, const char *id, const char *name, const char *hash, const char *by,
			     int64_t now);
/* 1: revoked now, 0: already revoked, -2: no such key, -1: database error. */
int open311_store_key_revoke(dbc_t *c, const char *id, const char *by, int64_t now);
/* The id of the live key with this hash. */
bool open311_store_key_live(dbc_t *c, const char *hash, char id[ENTITY_ID_LEN]);

/* What a request filed through the façade carries beside the 12345 request. */
typedef struct {
	bool has_point;
	int64_t lat_e6, long_e6;
	const char *address_id, *media_url; /* NULL: none */
} open311_extras_t;

int open311_store_request_insert(dbc_t *c, const char *complaint_id, const char *key_id,
				 const open311_extras_t *x);
/* {lat_e6, long_e6, address_id, media_url} of the request with this number, NULL when it was not
 * filed through the façade. */
json_t *open311_store_extras(dbc_t *c, const char *number);

#endif
