/* walbuf.h — a SQLite VFS that writes a transaction's WAL frames with one
 * write instead of two a frame. Internal to store/sqlite/.
 *
 * SQLite appends each frame of a commit to the write-ahead log with two
 * pwrite calls (its 24-byte header, then the page) and then, under
 * synchronous=FULL, syncs the log. This VFS, stacked on the default one,
 * gathers the contiguous appends to a -wal file in memory and writes them at
 * once when SQLite syncs the file, reads or sizes it, truncates or closes it,
 * or when the gathered bytes reach the cap. A commit is acknowledged only
 * after its xSync returns, and that xSync writes the gathered frames first:
 * what is durable and when is unchanged. Other files, and everything else a
 * -wal file does, go straight to the default VFS. As a guard, a thread that
 * publishes a new WAL index header (xShmBarrier) with frames still gathered
 * writes them first: no connection can be told of a frame not in the file. */
#ifndef ONESTOP_STORE_SQLITE_WALBUF_H
#define ONESTOP_STORE_SQLITE_WALBUF_H

/* The VFS's name, for sqlite3_open_v2. */
#define WALBUF_VFS "onestop-walbuf"

/* Registers the VFS over the current default (not as the default); 0 on
 * success. Call once, before the first open that names it. */
int walbuf_install(void);

#endif
