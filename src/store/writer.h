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
 * of its writes run alone. The protocol uses the driver's transaction
 * operations only, so every engine gets the same contract. */
#ifndef ONESTOP_STORE_WRITER_H
#define ONESTOP_STORE_WRITER_H

#include "store/driver.h"

typedef struct writer writer_t;

/* Starts the thread; the writer owns `conn` from here on. NULL on failure. */
writer_t *writer_start(dbc_t *conn);
/* Finishes the queued writes, stops the thread, closes the connection. */
void writer_stop(writer_t *w);
int writer_submit(writer_t *w, store_fn fn, void *ctx);
uint64_t writer_commits(void);
uint64_t writer_writes(void);

#endif
