/* blob_copy.h — the bytes of every uploaded file, from one database's blob
 * store into another's (`onestop copy`, after the tables: a district's
 * uploads move with it, from its directory into PostgreSQL or back). */
#ifndef ONESTOP_FILES_BLOB_COPY_H
#define ONESTOP_FILES_BLOB_COPY_H

#include <stdint.h>
#include "store/store.h"

/* For every blob that a `files` row of `to` names and `to` lacks: reads it
 * from `from` (blob_open: its directory, or its database through the cache
 * in from_dir, opened with the key file) and stores it in `to` (blob_put:
 * sealed), checking the SHA-256 on the way. Returns the number of blobs copied, or -1 (logged) at the first
 * that cannot be. */
int64_t blob_copy_all(store_t *from, const char *from_dir, store_t *to, const char *to_dir);

#endif
