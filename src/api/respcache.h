/* respcache.h — bodies of public reads kept in memory until the next write.
 *
 * The catalogue, regions and departments are read far more often than they
 * change. A cached body is valid only while nothing has been committed since
 * it was built, by this node or any other: the generation is the store's
 * change sequence (store_generation: the writer's commit count on SQLite,
 * the WAL position on PostgreSQL), read BEFORE the database is queried, so a
 * body built from an older snapshot is never served after a newer commit
 * anywhere. Any commit (of anything) empties the cache in effect — simple,
 * and always correct. */
#ifndef ONESTOP_RESPCACHE_H
#define ONESTOP_RESPCACHE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "api/request.h"

/* Replies from the cache and returns true on a hit (honouring If-None-Match,
 * in the coding the client takes: reply_json_validated). On a miss, *gen is
 * the generation to build the body at (for respcache_put_reply). */
bool respcache_reply(req_t *r, const char *key, uint64_t *gen);
/* Answers the request with a body built at generation `gen` as a hit would
 * (etag may be NULL), and keeps it: with its gzip form, compressed here once
 * (REPLY_GZIP_LEVEL_CACHED) when the body is large enough to be sent coded,
 * so that no hit compresses again. */
void respcache_put_reply(req_t *r, const char *key, uint64_t gen, const char *body, size_t len,
			 const char *etag);

#endif
