/* blob_db.c — blobs kept in the database (see blob_db.h): moving bytes
 * between a local file and the chunks, 256 KiB at a time. The SQL is
 * blob_store.c's. */
#include "domain/files/blob_db.h"
#include "domain/files/blob.h"
#include "domain/files/blob_store.h"
#include "base/clock.h"
#include "base/fdio.h"
#include "base/filebox.h"
#include "base/log.h"
#include "base/mem.h"
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PATH_MAX_BLOB 1200

static int64_t chunks_of(uint64_t size)
{
	return (int64_t)((size + BLOB_CHUNK_BYTES - 1) / BLOB_CHUNK_BYTES);
}

/* ------------------------------------------------------------ writing */

struct put_ctx {
	int fd;
	uint64_t size, plain;
	const char *sha256;
	unsigned char *buf; /* BLOB_CHUNK_BYTES */
	char *text;         /* TEXT_BYTES: a chunk as base64 */
	bool dedup;
};

#define TEXT_BYTES sodium_base64_ENCODED_LEN(BLOB_CHUNK_BYTES, sodium_base64_VARIANT_ORIGINAL)

/* Inserts every chunk of x->fd; 0, 1 on a short read, -1 on a database error. */
static int put_chunks(dbc_t *c, struct put_ctx *x)
{
	for (int64_t n = 0; n < chunks_of(x->size); n++) {
		uint64_t off = (uint64_t)n * BLOB_CHUNK_BYTES;
		size_t len = x->size - off < BLOB_CHUNK_BYTES ? (size_t)(x->size - off) : BLOB_CHUNK_BYTES;
		errno = 0;
		if (!fd_pread_all(x->fd, x->buf, len, off)) {
			log_error("blob %s: cannot read chunk %lld of the upload: %s", x->sha256,
				  (long long)n, errno ? strerror(errno) : "short file");
			return 1;
		}
		if (blob_store_insert_chunk(c, x->sha256, n, x->buf, len, x->text, TEXT_BYTES) != DB_DONE)
			return -1;
	}
	return 0;
}

/* The blob's row first (its chunks refer to it), then the chunks, read from
 * the file on each run: the callback may run again after a failed batch. */
static int put_write(dbc_t *c, void *arg)
{
	struct put_ctx *x = arg;
	int64_t size, stored_chunks, chunks = chunks_of(x->size);
	x->dedup = false;
	int rc = blob_store_get(c, x->sha256, &size, &stored_chunks);
	if (rc == DB_ERR)
		return -1;
	if (rc == DB_ROW) {
		if ((uint64_t)size != x->size && (uint64_t)size != x->plain) {
			log_error("blob %s: stored with %lld bytes, offered with %llu", x->sha256,
				  (long long)size, (unsigned long long)x->size);
			return 1;
		}
		x->dedup = true;
		return 0;
	}
	bool inserted;
	if (blob_store_insert(c, x->sha256, (int64_t)x->size, chunks, clock_now_ms(), &inserted) != DB_DONE)
		return -1;
	if (!inserted) { /* another node stored the same bytes meanwhile */
		x->dedup = true;
		return 0;
	}
	return put_chunks(c, x);
}

/* Runs write (put_write or reseal_write) in a store_write of its own over
 * the `size` bytes of fd, with one chunk buffer and one text buffer; its
 * error is logged as `what`. */
static bool run_put(store_t *st, int (*write)(dbc_t *, void *), int fd, uint64_t size, uint64_t plain,
		    const char *sha256, bool *dedup, const char *what)
{
	struct put_ctx x = {.fd = fd,
			    .size = size,
			    .plain = plain,
			    .sha256 = sha256,
			    .buf = xmalloc(BLOB_CHUNK_BYTES),
			    .text = xmalloc(TEXT_BYTES)};
	int rc = store_write(st, write, &x);
	free(x.buf);
	free(x.text);
	if (rc != 0) {
		log_error("blob %s: %s", sha256, what);
		return false;
	}
	if (dedup)
		*dedup = x.dedup;
	return true;
}

bool blob_db_put(store_t *st, int fd, uint64_t size, uint64_t plain, const char *sha256, bool *dedup)
{
	return run_put(st, put_write, fd, size, plain, sha256, dedup, "not stored in the database");
}

/* The row moves from the plaintext's size to the sealed one only if it is
 * still the plaintext's: of two nodes sealing at once, one does. */
static int reseal_write(dbc_t *c, void *arg)
{
	struct put_ctx *x = arg;
	bool updated;
	if (blob_store_reseal(c, x->sha256, (int64_t)x->plain, (int64_t)x->size, chunks_of(x->size),
			      &updated) != DB_DONE)
		return -1;
	return updated ? put_chunks(c, x) : 0;
}

bool blob_db_reseal(store_t *st, int fd, uint64_t size, uint64_t plain, const char *sha256)
{
	return run_put(st, reseal_write, fd, size, plain, sha256, NULL, "not sealed in the database");
}

/* ------------------------------------------------------------ reading */

struct fetch_ctx {
	const char *sha256;
	int fd;
	unsigned char *buf; /* BLOB_CHUNK_BYTES */
	const char *why;    /* what went wrong, for the log */
};

/* Whether the `size` bytes of fd are sealed (base/filebox.h) and open to
 * plaintext whose SHA-256 is sha256; buf is BLOB_CHUNK_BYTES of room. */
static bool sealed_matches(int fd, uint64_t size, const char *sha256, unsigned char *buf)
{
	uint64_t plain;
	int dup_fd = filebox_plain_size(size, &plain) ? dup(fd) : -1;
	filebox_reader_t *r = dup_fd >= 0 ? filebox_reader_open(dup_fd, plain, sha256) : NULL;
	if (!r)
		return false;
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	ssize_t n;
	uint64_t total = 0;
	while ((n = filebox_read(r, buf, BLOB_CHUNK_BYTES)) > 0) {
		crypto_hash_sha256_update(&h, buf, (size_t)n);
		total += (uint64_t)n;
	}
	filebox_reader_free(r);
	unsigned char d[crypto_hash_sha256_BYTES];
	char hex[crypto_hash_sha256_BYTES * 2 + 1];
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(hex, sizeof hex, d, sizeof d);
	return n == 0 && total == plain && strcmp(hex, sha256) == 0;
}

/* Copies every chunk into x->fd, checking each one's length and the hash of
 * the whole (of the plaintext, for a sealed blob); 0 when the file holds
 * exactly the blob. */
static int fetch_read(dbc_t *c, void *arg)
{
	struct fetch_ctx *x = arg;
	int64_t size, chunks;
	if (ftruncate(x->fd, 0) != 0 || lseek(x->fd, 0, SEEK_SET) != 0) { /* should the read run again */
		x->why = "cannot reset the cache file";
		return -1;
	}
	int rc = blob_store_get(c, x->sha256, &size, &chunks);
	if (rc != DB_ROW) {
		x->why = rc == DB_DONE ? "not in the database" : "database error";
		return -1;
	}
	if (size < 0 || chunks != chunks_of((uint64_t)size)) {
		x->why = "its row is inconsistent";
		return -1;
	}
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	for (int64_t n = 0; n < chunks; n++) {
		uint64_t off = (uint64_t)n * BLOB_CHUNK_BYTES;
		size_t want = (uint64_t)size - off < BLOB_CHUNK_BYTES ? (size_t)((uint64_t)size - off)
								      : BLOB_CHUNK_BYTES;
		size_t len = 0;
		rc = blob_store_chunk(c, x->sha256, n, x->buf, BLOB_CHUNK_BYTES, &len);
		if (rc != DB_ROW || len != want) {
			x->why = rc == DB_DONE ? "a chunk is missing" : "a chunk is damaged";
			return -1;
		}
		crypto_hash_sha256_update(&h, x->buf, len);
		if (!fd_write_all(x->fd, x->buf, len)) {
			x->why = "cannot write the cache file";
			return -1;
		}
	}
	unsigned char d[crypto_hash_sha256_BYTES];
	char hex[crypto_hash_sha256_BYTES * 2 + 1];
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(hex, sizeof hex, d, sizeof d);
	if (strcmp(hex, x->sha256) != 0 && !sealed_matches(x->fd, (uint64_t)size, x->sha256, x->buf)) {
		x->why = "its bytes do not match its SHA-256";
		return -1;
	}
	return 0;
}

bool blob_db_fetch(store_t *st, const char *files_dir, const char *sha256)
{
	char tmp[PATH_MAX_BLOB];
	int w = snprintf(tmp, sizeof tmp, "%s/tmp/fetch-XXXXXX", files_dir);
	if (w <= 0 || (size_t)w >= sizeof tmp || strlen(sha256) != FILE_SHA256_HEX)
		return false;
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		log_error("cannot create a temporary file in %s/tmp: %s", files_dir, strerror(errno));
		return false;
	}
	struct fetch_ctx x = {.sha256 = sha256, .fd = fd, .buf = xmalloc(BLOB_CHUNK_BYTES), .why = ""};
	bool ok = store_read(st, fetch_read, &x) == 0;
	free(x.buf);
	if (!ok)
		log_error("blob %s: cannot fetch it from the database: %s", sha256, x.why);
	else
		ok = blob_install(files_dir, fd, tmp, sha256);
	close(fd);
	if (!ok)
		unlink(tmp);
	return ok;
}
