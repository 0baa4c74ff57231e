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

/* Replies from the cache and returns true on a hit (honouring If-None-Match).
 * On a miss, *gen is the generation to build the body at (for respcache_put). */
bool respcache_reply(req_t *r, const char *key, uint64_t *gen);
/* Stores a body built at generation `gen` (etag may be NULL). */
void respcache_put(const char *key, uint64_t gen, const char *body, size_t len, const char *etag);

#endif
