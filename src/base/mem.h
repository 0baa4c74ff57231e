/* mem.h — the one out-of-memory policy: allocation failure aborts.
 *
 * A government platform that cannot allocate a few bytes cannot answer
 * honestly either; continuing with a NULL invites a wrong answer or a
 * corrupted write. Every allocation in src/ goes through these (or through a
 * library that has its own policy, such as jansson, whose NULL results are
 * checked where they matter). On failure the process logs and aborts; the
 * write path guarantees that nothing unacknowledged was half-applied. */
#ifndef ONESTOP_MEM_H
#define ONESTOP_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
