/* writer.h — the one write path: group commit.
 *
 * A request handler prepares its write (validation, ids, hashing) outside any
 * lock and hands a callback to store_write(). One writer thread per database
 * takes every queued write, applies each inside its own SAVEPOINT of one
 * transaction, commits the batch with one fsync (WAL, synchronous=FULL) and
 * only then wakes the callers. A callback that refuses (returns > 0) or fails
 * rolls back to its savepoint alone; the others commit. If the commit itself
 * fails, each write of the batch is retried alone in its own transaction,
 * with a bounded number of retries on SQLITE_BUSY.
 *
 * Contract for callbacks: run only on the writer's connection `c`; may be
 * called more than once (after a failed batch commit), so they must set
 * their outputs afresh on each call; must not block on anything but the
 * database. Return 0 to keep the write, > 0 (a caller-defined refusal code)
 * to roll it back, < 0 on a database error. */
#ifndef ONESTOP_WRITER_H
#define ONESTOP_WRITER_H

#include "store/db.h"

typedef int (*write_fn)(dbc_t *c, void *ctx);

#define WRITE_FAILED (-1)

/* Blocks until the write is durable (returns 0) or rolled back (returns the
 * callback's code, or WRITE_FAILED). */
int store_write(store_t *s, write_fn fn, void *ctx);
int writer_start(store_t *s);
void writer_stop(store_t *s);
/* Counters for /metrics and the benchmark. */
uint64_t writer_commits(void);
uint64_t writer_writes(void);

#endif
