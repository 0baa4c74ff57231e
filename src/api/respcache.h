/* respcache.h — bodies of public reads kept in memory until the next write.
 *
 * The catalogue, regions and departments are read far more often than they
 * change. A cached body is valid only while no commit has happened since it
 * was built: the generation is the writer's commit count, read BEFORE the
 * database was queried, so a body built from an older snapshot can never be
 * served after a newer commit. Any commit (of anything) empties the cache in
 * effect — simple, and always correct. */
#ifndef ONESTOP_RESPCACHE_H
#define ONESTOP_RESPCACHE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "api/request.h"

uint64_t respcache_generation(void);
/* Replies from the cache and returns true on a hit (honouring If-None-Match). */
bool respcache_reply(req_t *r, const char *key);
/* Stores a body built at generation `gen` (etag may be NULL). */
void respcache_put(const char *key, uint64_t gen, const char *body, size_t len, const char *etag);

#endif
