/* respcache.c — see respcache.h. A fixed table of slots by key hash; a
 * collision replaces the older entry. */
#include "api/respcache.h"
#include "base/gzip.h"
#include "base/mem.h"
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define SLOTS 1024
#define MAX_BODY (256 * 1024)

typedef struct {
	char *key;
	char *body;
	size_t len;
	unsigned char *gz; /* the body gzip-coded, or NULL when too small to be sent so */
	size_t gz_len;
	char etag[48];
	uint64_t gen;
} entry_t;

static entry_t slots[SLOTS];
static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;

static size_t slot_of(const char *key)
{
	uint64_t h = 1469598103934665603ull;
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return (size_t)(h % SLOTS);
}

bool respcache_reply(req_t *r, const char *key, uint64_t *gen_out)
{
	uint64_t gen = store_generation(r->store);
	*gen_out = gen;
	entry_t *e = &slots[slot_of(key)];
	bool hit = false;
	pthread_rwlock_rdlock(&lock);
	if (e->key && e->gen == gen && !strcmp(e->key, key)) {
		hit = true;
		reply_json_validated(r, e->etag, e->body, e->len, e->gz, e->gz_len);
	}
	pthread_rwlock_unlock(&lock);
	return hit;
}

void respcache_put_reply(req_t *r, const char *key, uint64_t gen, const char *body, size_t len,
			 const char *etag)
{
	unsigned char *gz = NULL;
	size_t gz_len = 0;
	if (len > REPLY_GZIP_MIN)
		gz = gzip_encode(body, len, REPLY_GZIP_LEVEL_CACHED, &gz_len);
	reply_json_validated(r, etag, body, len, gz, gz_len);
	if (len > MAX_BODY || gen == UINT64_MAX) {
		free(gz);
		return;
	}
	char *k = xstrdup(key), *b = xmalloc(len + 1);
	memcpy(b, body, len);
	b[len] = '\0';
	entry_t *e = &slots[slot_of(key)];
	pthread_rwlock_wrlock(&lock);
	free(e->key);
	free(e->body);
	free(e->gz);
	e->key = k;
	e->body = b;
	e->len = len;
	e->gz = gz;
	e->gz_len = gz_len;
	e->gen = gen;
	snprintf(e->etag, sizeof e->etag, "%s", etag ? etag : "");
	pthread_rwlock_unlock(&lock);
}
