/* blob_legacy.c — sealing the blobs stored in the clear before sealing
 * existed (see blob_seal_legacy in blob.h). */
#include "domain/files/blob.h"
#include "domain/files/blob_db.h"
#include "domain/files/blob_store.h"
#include "base/filebox.h"
#include "base/log.h"
#include "base/mem.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH_MAX_LEGACY 1200

/* Whether path is a file of exactly size bytes: a blob in the clear. */
static bool in_clear(const char *path, int64_t size)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size == size;
}

/* Seals the plaintext file at path (the blob sha256 of size bytes) into a
 * temporary file: its descriptor, the path in tmp; -1 (logged) on error. */
static int seal_file(const char *files_dir, const char *path, const char *sha256, int64_t size, char *tmp,
		     size_t tmplen)
{
	int in = open(path, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		log_error("cannot open the blob %s: %s", path, strerror(errno));
		return -1;
	}
	int fd = blob_seal_tmp(files_dir, in, (uint64_t)size, sha256, tmp, tmplen);
	close(in);
	return fd;
}

/* One blob: sealed in place (directory) or in the database; 1 when this
 * call sealed it, 0 when there was nothing to do, -1 on an error. */
static int seal_one(store_t *st, const char *files_dir, const char *sha256, int64_t size)
{
	char path[PATH_MAX_LEGACY], tmp[PATH_MAX_LEGACY];
	if (!file_blob_path(files_dir, sha256, path, sizeof path))
		return -1;
	bool db = blob_in_db(st);
	if (db) {
		int64_t have = 0, chunks = 0;
		int rc = blob_store_get(store_reader(st), sha256, &have, &chunks);
		if (rc == DB_ERR)
			return -1;
		if (rc != DB_ROW || have != size) {
			/* sealed in the database (or not there): a cached copy in the clear goes */
			if (in_clear(path, size) && unlink(path) != 0)
				return -1;
			return 0;
		}
		/* the plaintext into this node's cache, checked against its hash */
		if ((unlink(path) != 0 && errno != ENOENT) || !blob_db_fetch(st, files_dir, sha256))
			return -1;
	} else if (!in_clear(path, size))
		return 0; /* sealed already (or missing: reported when it is read) */
	int fd = seal_file(files_dir, path, sha256, size, tmp, sizeof tmp);
	if (fd < 0)
		return -1;
	bool ok = !db || blob_db_reseal(st, fd, filebox_sealed_size((uint64_t)size), (uint64_t)size, sha256);
	ok = ok && blob_install(files_dir, fd, tmp, sha256);
	close(fd);
	if (!ok) {
		unlink(tmp);
		if (db)
			unlink(path); /* the plaintext fetched into the cache */
		return -1;
	}
	return 1;
}

int64_t blob_seal_legacy(store_t *st, const char *files_dir)
{
	blob_list_t l;
	int64_t sealed = blob_store_file_blobs(store_reader(st), &l) ? 0 : -1;
	for (size_t i = 0; i < l.n && sealed >= 0; i++) {
		int r = seal_one(st, files_dir, l.sha[i], l.size[i]);
		if (r < 0) {
			log_error("blob %s: stored in the clear and cannot be sealed", l.sha[i]);
			sealed = -1;
		} else
			sealed += r;
	}
	blob_list_free(&l);
	if (sealed > 0)
		log_info("sealed %lld file(s) stored in the clear before sealing", (long long)sealed);
	return sealed;
}
