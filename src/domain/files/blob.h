/* blob.h — the bytes of uploads on disk: the files directory, the streaming
 * upload sink, and content-addressed blobs.
 *
 * Layout: <files_dir>/tmp/upload-XXXXXX while an upload streams in, then
 * <files_dir>/<aa>/<sha256> once stored, where aa is the first two hex
 * characters of the SHA-256 of the bytes. The same bytes are kept once,
 * however many uploads name them. A blob is made durable (fsync of the file
 * and of its directory) before any row names it. */
#ifndef ONESTOP_FILES_BLOB_H
#define ONESTOP_FILES_BLOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/files/sniff.h"

#define FILE_HEAD_BYTES (64 * 1024) /* kept for sniffing; also the tail read back for OFD */
#define FILE_SHA256_HEX 64	    /* hex characters of a SHA-256 */

/* <dir of the SQLite file>/files for "sqlite:PATH"; "var/files" otherwise.
 * Returns false when it does not fit. */
bool file_dir_for_db(const char *db_url, char *out, size_t outlen);
/* Creates files_dir and files_dir/tmp, and removes temporary files left by an
 * interrupted upload. Returns false (logged) when the directory is unusable. */
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
/* The type of the bytes written: the kept head and, for a file longer than
 * the head, its tail read back from disk. */
file_type_t file_sink_sniff(file_sink_t *s);
/* Ends the hash (no more writes are taken) and returns the SHA-256 as 64 hex
 * characters, owned by the sink. Calling it again returns the same text. */
const char *file_sink_finish(file_sink_t *s);
/* Closes the sink; removes the temporary file unless it was moved into the store. NULL is fine. */
void file_sink_free(file_sink_t *s);

/* Moves a finished sink's temporary file to its content address, durably,
 * unless the same bytes (same hash and size) are stored already; *dedup tells
 * which. False (logged) on an I/O error; the temporary file then stays the
 * sink's, removed by file_sink_free. */
bool blob_commit(const char *files_dir, file_sink_t *s, bool *dedup);

#endif
