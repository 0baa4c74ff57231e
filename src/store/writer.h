/* writer.h — the group-commit writer behind store_write (internal to store/).
 *
 * One writer thread per store owns one connection. It takes every queued
 * write, applies each inside its own savepoint of one transaction, commits
 * the batch with one durable commit and only then wakes the callers. A
 * callback that refuses (> 0) or fails (< 0) rolls back to its savepoint
 * alone; the others commit. If the commit itself fails, each write of the
 * batch is retried alone in its own transaction, with bounded back-off while
 * the engine reports it busy. A write that fails because the engine asks for
 * it to be run again (a deadlock or serialization failure with another
 * process: the driver sets dbc_t.retry) is run again alone, up to 5 times with
 * growing back-off; in a batch, the whole batch is rolled back first and each
 * of its writes run alone. A storage fault (disk full, I/O error: the driver
 * sets dbc_t.fault) is never retried in a loop: the engine may have rolled
 * the whole transaction back with it, so the batch is rolled back and each
 * of its writes tried once alone, and each caller learns whether its own
 * write committed or failed, and for which fault. The protocol uses the driver's transaction
 * operations only, so every engine gets the same contract. */
#ifndef ONESTOP_STORE_WRITER_H
#define ONESTOP_STORE_WRITER_H

#include "store/driver.h"

typedef struct writer writer_t;

/* Starts the thread; the writer owns `conn` from here on. NULL on failure. */
writer_t *writer_start(dbc_t *conn);
/* Finishes the queued writes, stops the thread, closes the connection. */
void writer_stop(writer_t *w);
/* Blocks until the write committed (0) or was rolled back (> 0, or
 * STORE_FAILED with *fault the storage fault that made it fail, if any). */
int writer_submit(writer_t *w, store_fn fn, void *ctx, store_fault_t *fault);
uint64_t writer_commits(void);
uint64_t writer_writes(void);
uint64_t writer_queued(void);   /* writes waiting for the writer (not yet in a batch) */

#endif
