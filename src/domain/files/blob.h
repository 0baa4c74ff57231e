/* blob.h — the bytes of uploads: the files directory, the streaming upload
 * sink, and content-addressed blobs behind one interface with two backends.
 *
 * Layout: <files_dir>/tmp/upload-XXXXXX while an upload streams in, then
 * <files_dir>/<aa>/<sha256> once stored, where aa is the first two hex
 * characters of the SHA-256 of the bytes. The same bytes are kept once,
 * however many uploads name them. A blob is made durable before any row
 * names it.
 *
 * What is stored is sealed (base/filebox.h: secretstream under the key
 * file, the name as additional data), never the plaintext, which lives
 * only in the upload's temporary file until it is stored. Blobs stored
 * before sealing existed are read as they are and sealed by
 * blob_seal_legacy at the next start.
 *
 * Backends, chosen by the store's engine (blob_put, blob_open):
 *  - SQLite (one node): the files directory is the store; a blob is durable
 *    once fsynced and renamed into place.
 *  - any other engine (PostgreSQL: several nodes, none sharing a disk): the
 *    database is the store (blob_db.h: tables blobs and blob_chunks) and each
 *    node's files directory is only a cache of it. Blobs never change, so a
 *    cached one is always right; a miss is filled from the database. */
#ifndef ONESTOP_FILES_BLOB_H
#define ONESTOP_FILES_BLOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "domain/files/sniff.h"
#include "store/store.h"

#define FILE_HEAD_BYTES (64 * 1024) /* kept for sniffing; also the tail read back for OFD */
#define FILE_SHA256_HEX 64	    /* hex characters of a SHA-256 */

/* <dir of the SQLite file>/files for "sqlite:PATH"; "var/files" otherwise.
 * Returns false when it does not fit. */
bool file_dir_for_db(const char *db_url, char *out, size_t outlen);
/* Creates files_dir and files_dir/tmp, and removes temporary files left by an
 * interrupted upload or cache fill. Returns false (logged) when the directory is unusable. */
bool file_dir_prepare(const char *files_dir);
/* <files_dir>/<aa>/<sha256>. False when sha256 is not 64 characters or the path does not fit. */
bool file_blob_path(const char *files_dir, const char *sha256, char *out, size_t outlen);

/* The streamed bytes of one upload: a temporary file under <files_dir>/tmp,
 * hashed with SHA-256 as the bytes arrive, with the first FILE_HEAD_BYTES
 * kept in memory for sniffing; the body is never held whole. */
typedef struct file_sink file_sink_t;
/* Opens a temporary file under <files_dir>/tmp. NULL on error (logged). */
file_sink_t *file_sink_open(const char *files_dir);
/* Appends bytes (hash, head, disk). False on a write error (then stays failed). */
bool file_sink_write(file_sink_t *s, const void *p, size_t n);
uint64_t file_sink_size(const file_sink_t *s);
/* True once a write failed: the bytes on disk are not the upload. */
bool file_sink_failed(const file_sink_t *s);
/* The storage fault behind a failed open or write (ENOSPC, EDQUOT: full; EIO:
 * I/O error), NONE for any other error. */
store_fault_t file_fault_of_errno(int err);
/* The errno of the sink's failed write; 0 while none failed. */
int file_sink_errno(const file_sink_t *s);
/* The type of the bytes written: the kept head and, for a file longer than
 * the head, its tail read back from disk. */
file_type_t file_sink_sniff(file_sink_t *s);
/* Ends the hash (no more writes are taken) and returns the SHA-256 as 64 hex
 * characters, owned by the sink. Calling it again returns the same text. */
const char *file_sink_finish(file_sink_t *s);
/* Closes the sink; removes the temporary file unless it was moved into the store. NULL is fine. */
void file_sink_free(file_sink_t *s);

/* ---- the one interface ---- */

/* Whether the store's engine keeps blobs in the database (every engine but
 * SQLite). False for NULL (the directory alone). */
bool blob_in_db(const store_t *st);
/* Stores a finished sink's bytes, durably, unless the same bytes are stored
 * already (*dedup tells which): in the database when blob_in_db (then also
 * moved into this node's cache, best effort), otherwise by blob_commit. Call
 * it before writing a row that names the blob. False (logged) on an error;
 * the temporary file then stays the sink's. */
bool blob_put(store_t *st, const char *files_dir, file_sink_t *s, bool *dedup);
/* A stored blob opened for reading its plaintext, front to back. */
typedef struct blob_reader blob_reader_t;
/* Opens blob sha256 of `size` bytes of plaintext for reading; when
 * blob_in_db, fills this node's cache from the database first if the blob is
 * missing there (or replaces a cached copy of the wrong size). NULL (logged)
 * when it is missing, not that size, or does not open with this key file. */
blob_reader_t *blob_open(store_t *st, const char *files_dir, const char *sha256, int64_t size);
/* Up to max next bytes of plaintext: their count, 0 at the end, -1 when the
 * stored bytes were changed or cut, or on an I/O error. */
ssize_t blob_read(blob_reader_t *r, void *buf, size_t max);
/* The plaintext size. */
uint64_t blob_reader_size(const blob_reader_t *r);
/* NULL is fine. */
void blob_reader_close(blob_reader_t *r);
/* Seals, at start, every blob that a `files` row names and that was stored
 * in the clear before sealing existed: in the directory (SQLite) by
 * replacing the file atomically; in the database by replacing its chunks in
 * one write (of nodes starting at once, one does it), this node's cached
 * copies in the clear being dropped. Returns how many were sealed, or -1
 * (logged) at the first that cannot be. */
int64_t blob_seal_legacy(store_t *st, const char *files_dir);

/* ---- the directory ---- */

/* Seals a finished sink's bytes into a file at their content address,
 * durably, unless the same bytes (same hash and size) are stored already;
 * *dedup tells which. False (logged, errno kept) on an I/O error or with no
 * key file loaded. The sink's temporary file is removed by file_sink_free. */
bool blob_commit(const char *files_dir, file_sink_t *s, bool *dedup);
/* Seals the `size` bytes of plaintext of in (pread from 0), the blob
 * sha256, into a new temporary file <files_dir>/tmp/seal-XXXXXX (its path
 * into tmp): the descriptor, or -1 (logged, errno kept: ENOSPC for a full
 * disk; 0 with no key file loaded). */
int blob_seal_tmp(const char *files_dir, int in, uint64_t size, const char *sha256, char *tmp, size_t tmplen);
/* Makes the complete temporary file tmp_path (open as fd) blob sha256:
 * fsync, rename to <files_dir>/<aa>/<sha256> (atomic: racing callers with
 * the same bytes are both right), fsync of the directory. False (logged) on
 * an I/O error; tmp_path is then left to the caller. */
bool blob_install(const char *files_dir, int fd, const char *tmp_path, const char *sha256);

#endif
