/* blob_store.h — the SQL of the database blob backend (blob_db.h): the blobs
 * and blob_chunks tables. The chunks' base64 encoding is a storage detail
 * and stays here: callers hand in and get back raw bytes. Internal to
 * domain/files. */
#ifndef ONESTOP_FILES_BLOB_STORE_H
#define ONESTOP_FILES_BLOB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "store/store.h"

/* The blob's size and chunk count. DB_ROW when it is stored, DB_DONE when not, DB_ERR on error. */
int blob_store_get(dbc_t *c, const char *sha256, int64_t *size, int64_t *chunks);
/* Inserts the blob's row unless it exists; *inserted tells which. DB_DONE on success. */
int blob_store_insert(dbc_t *c, const char *sha256, int64_t size, int64_t chunks, int64_t created_at,
		      bool *inserted);
/* Moves the blob's row from old_size to size and chunks, and drops its
 * chunks, if it is still old_size bytes (*updated). DB_DONE on success. */
int blob_store_reseal(dbc_t *c, const char *sha256, int64_t old_size, int64_t size, int64_t chunks,
		      bool *updated);
/* Inserts chunk n (len bytes at p) unless it exists, its base64 text
 * written into text (textcap bytes; a larger one is allocated): a blob's
 * chunks reuse one buffer. DB_DONE on success. */
int blob_store_insert_chunk(dbc_t *c, const char *sha256, int64_t n, const unsigned char *p, size_t len,
			    char *text, size_t textcap);
/* Reads chunk n into out (cap bytes at most): DB_ROW and *len, DB_DONE when
 * there is no such chunk, DB_ERR on a database error or when the stored text
 * is not base64 of at most cap bytes. */
int blob_store_chunk(dbc_t *c, const char *sha256, int64_t n, unsigned char *out, size_t cap, size_t *len);

/* Every blob a `files` row names, once each, by name. */
typedef struct {
	char (*sha)[65];
	int64_t *size;
	size_t n;
} blob_list_t;
/* Fills out (free it with blob_list_free); false (out empty) on a database error. */
bool blob_store_file_blobs(dbc_t *c, blob_list_t *out);
void blob_list_free(blob_list_t *l);

#endif
