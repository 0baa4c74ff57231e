/* blob_db.h — the database backend of blobs (blob.h chooses it for every
 * engine but SQLite): where every node reads the same bytes.
 *
 * A blob is a row of `blobs` (sha256, size, chunk count) and its bytes in
 * `blob_chunks`, BLOB_CHUNK_BYTES per row (base64 text, so the same SQL runs
 * on both engines; blob_store.c). Writing reads the upload's temporary file
 * one chunk at a time and reading fills the local cache one chunk at a time:
 * a blob is never held whole in memory.
 *
 * blob_db_put writes the row and every chunk in one store_write of its own,
 * before the caller writes any row naming the blob; bytes stored already
 * (same SHA-256) are not written again. It is idempotent (ON CONFLICT DO
 * NOTHING), as a write callback that may run twice must be, and two nodes
 * storing the same bytes at once both succeed.
 *
 * blob_db_fetch copies a blob into <files_dir>/<aa>/<sha256>: chunk by chunk
 * into <files_dir>/tmp/fetch-XXXXXX, checking the SHA-256 and the size on
 * the way (of the plaintext, opening a sealed blob), then fsync and an
 * atomic rename (blob_install), so requests racing to fill the cache are
 * safe and a damaged blob is never cached. */
#ifndef ONESTOP_FILES_BLOB_DB_H
#define ONESTOP_FILES_BLOB_DB_H

#include <stdbool.h>
#include <stdint.h>
#include "store/store.h"

#define BLOB_CHUNK_BYTES (256 * 1024)

/* Stores the `size` bytes of fd (read with pread from offset 0; the file
 * offset is left alone) as blob sha256 (64 hex, the caller's hash of the
 * plaintext, `plain` bytes: fd holds them sealed, or in the clear when size
 * equals plain); *dedup is true when the blob was stored already, in either
 * form. False (logged) on a database error, a short read, or a stored blob
 * of the same hash but another size. */
bool blob_db_put(store_t *st, int fd, uint64_t size, uint64_t plain, const char *sha256, bool *dedup);
/* Replaces blob sha256 stored in the clear (`plain` bytes) by the `size`
 * sealed bytes of fd, in one write, unless it is no longer stored in the
 * clear (another node sealed it first). False (logged) on an error. */
bool blob_db_reseal(store_t *st, int fd, uint64_t size, uint64_t plain, const char *sha256);
/* Copies blob sha256 from the database into the cache under files_dir
 * (whose tmp/ must exist: file_dir_prepare). False (logged) when it is not
 * in the database, a chunk is missing or damaged, the bytes do not hash to
 * sha256, or on an I/O error; nothing is left in the cache then. */
bool blob_db_fetch(store_t *st, const char *files_dir, const char *sha256);

#endif
