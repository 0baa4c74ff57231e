/* blob_copy.c — see blob_copy.h. */
#include "domain/files/blob_copy.h"
#include "domain/files/blob.h"
#include "domain/files/blob_store.h"
#include "base/filebox.h"
#include "base/log.h"
#include "base/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PUMP_BYTES (256 * 1024)

/* Whether `to` has the blob already (in its database, or in its directory). */
static bool present(store_t *to, const char *to_dir, const char *sha256, int64_t size)
{
	if (blob_in_db(to)) {
		int64_t have = 0, chunks = 0;
		return blob_store_get(store_reader(to), sha256, &have, &chunks) == DB_ROW &&
		       (have == size || (uint64_t)have == filebox_sealed_size((uint64_t)size));
	}
	char path[1024];
	return file_blob_path(to_dir, sha256, path, sizeof path) && access(path, R_OK) == 0;
}

static bool copy_one(store_t *from, const char *from_dir, store_t *to, const char *to_dir, const char *sha256,
		     int64_t size)
{
	blob_reader_t *r = blob_open(from, from_dir, sha256, size);
	if (!r)
		return false;
	file_sink_t *sink = file_sink_open(to_dir);
	unsigned char *buf = xmalloc(PUMP_BYTES);
	bool ok = sink != NULL;
	ssize_t n;
	while (ok && (n = blob_read(r, buf, PUMP_BYTES)) != 0)
		ok = n > 0 && file_sink_write(sink, buf, (size_t)n);
	free(buf);
	blob_reader_close(r);
	bool dedup;
	if (ok && strcmp(file_sink_finish(sink), sha256) != 0) {
		log_error("copy: the bytes of blob %s do not hash to its name", sha256);
		ok = false;
	}
	ok = ok && (int64_t)file_sink_size(sink) == size && blob_put(to, to_dir, sink, &dedup);
	file_sink_free(sink);
	return ok;
}

int64_t blob_copy_all(store_t *from, const char *from_dir, store_t *to, const char *to_dir)
{
	if (!file_dir_prepare(from_dir) || !file_dir_prepare(to_dir))
		return -1;
	/* the list first (a read of `to`), then the copies (writes of `to`) */
	blob_list_t l;
	if (!blob_store_file_blobs(store_reader(to), &l))
		return -1;
	int64_t copied = 0;
	for (size_t i = 0; i < l.n && copied >= 0; i++) {
		if (present(to, to_dir, l.sha[i], l.size[i]))
			continue;
		if (copy_one(from, from_dir, to, to_dir, l.sha[i], l.size[i]))
			copied++;
		else {
			log_error("copy: blob %s could not be copied", l.sha[i]);
			copied = -1;
		}
	}
	blob_list_free(&l);
	return copied;
}
