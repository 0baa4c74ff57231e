/* blob.c — the files directory, the upload sink, content-addressed blobs
 * and the choice of their backend (see blob.h): the disk I/O of uploaded
 * files lives here and in blob_db.c, so the rules in file.c never touch a
 * path. */
#include "domain/files/file.h"
#include "domain/files/blob.h"
#include "domain/files/blob_db.h"
#include "base/filebox.h"
#include "base/log.h"
#include "base/mem.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH_MAX_FILES 1200

bool file_dir_for_db(const char *db_url, char *out, size_t outlen)
{
	int w;
	if (db_url && strncmp(db_url, "sqlite:", 7) == 0) {
		const char *path = db_url + 7, *slash = strrchr(path, '/');
		w = slash ? snprintf(out, outlen, "%.*s/files", (int)(slash - path), path)
			  : snprintf(out, outlen, "files");
	} else {
		w = snprintf(out, outlen, "var/files");
	}
	return w > 0 && (size_t)w < outlen;
}

static bool mkdir_p(const char *path)
{
	char buf[PATH_MAX_FILES];
	int w = snprintf(buf, sizeof buf, "%s", path);
	if (w <= 0 || (size_t)w >= sizeof buf)
		return false;
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0750) != 0 && errno != EEXIST)
			return false;
		*p = '/';
	}
	return mkdir(buf, 0750) == 0 || errno == EEXIST;
}

bool file_dir_prepare(const char *files_dir)
{
	char tmp[PATH_MAX_FILES];
	int w = snprintf(tmp, sizeof tmp, "%s/tmp", files_dir);
	if (w <= 0 || (size_t)w >= sizeof tmp || !mkdir_p(tmp)) {
		log_error("cannot create the file store %s: %s", files_dir, strerror(errno));
		return false;
	}
	/* Left by uploads and cache fills that never finished (a crash); nothing refers to them. */
	DIR *d = opendir(tmp);
	if (!d) {
		log_error("cannot read %s: %s", tmp, strerror(errno));
		return false;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		char p[PATH_MAX_FILES];
		if ((strncmp(e->d_name, "upload-", 7) == 0 || strncmp(e->d_name, "fetch-", 6) == 0 ||
		     strncmp(e->d_name, "seal-", 5) == 0) &&
		    snprintf(p, sizeof p, "%s/%s", tmp, e->d_name) < (int)sizeof p)
			unlink(p);
	}
	closedir(d);
	return true;
}

bool file_blob_path(const char *files_dir, const char *sha256, char *out, size_t outlen)
{
	if (strlen(sha256) != 64)
		return false;
	int w = snprintf(out, outlen, "%s/%.2s/%s", files_dir, sha256, sha256);
	return w > 0 && (size_t)w < outlen;
}
/* ------------------------------------------------------------ the sink */

struct file_sink {
	int fd;
	int err; /* errno of the failed write */
	bool failed, finished;
	uint64_t size;
	size_t head_len;
	crypto_hash_sha256_state sha;
	char sha_hex[FILE_SHA256_HEX + 1];
	char tmp_path[PATH_MAX_FILES];
	unsigned char head[FILE_HEAD_BYTES];
};

file_sink_t *file_sink_open(const char *files_dir)
{
	file_sink_t *s = xcalloc(1, sizeof *s);
	int w = snprintf(s->tmp_path, sizeof s->tmp_path, "%s/tmp/upload-XXXXXX", files_dir);
	if (w <= 0 || (size_t)w >= sizeof s->tmp_path) {
		free(s);
		return NULL;
	}
	s->fd = mkostemp(s->tmp_path, O_CLOEXEC);
	if (s->fd < 0) {
		int e = errno;
		log_error("cannot create a temporary file in %s/tmp: %s", files_dir, strerror(e));
		free(s);
		errno = e;
		return NULL;
	}
	crypto_hash_sha256_init(&s->sha);
	return s;
}

bool file_sink_write(file_sink_t *s, const void *p, size_t n)
{
	if (s->failed || s->finished)
		return false;
	crypto_hash_sha256_update(&s->sha, p, n);
	if (s->head_len < sizeof s->head) {
		size_t k = sizeof s->head - s->head_len;
		if (k > n)
			k = n;
		memcpy(s->head + s->head_len, p, k);
		s->head_len += k;
	}
	const char *b = p;
	size_t left = n;
	while (left) {
		ssize_t w = write(s->fd, b, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			s->err = w < 0 ? errno : ENOSPC; /* no progress: the disk takes nothing more */
			log_error("writing %s: %s", s->tmp_path, strerror(s->err));
			s->failed = true;
			return false;
		}
		b += w;
		left -= (size_t)w;
	}
	s->size += n;
	return true;
}

uint64_t file_sink_size(const file_sink_t *s) { return s ? s->size : 0; }

void file_sink_free(file_sink_t *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	unlink(s->tmp_path); /* the plaintext: what is stored is a sealed copy */
	sodium_memzero(&s->sha, sizeof s->sha);
	free(s);
}

bool file_sink_failed(const file_sink_t *s) { return s->failed; }
int file_sink_errno(const file_sink_t *s) { return s ? s->err : 0; }

store_fault_t file_fault_of_errno(int err)
{
	if (err == ENOSPC || err == EDQUOT)
		return STORE_FAULT_FULL;
	return err == EIO ? STORE_FAULT_IO : STORE_FAULT_NONE;
}

const char *file_sink_finish(file_sink_t *s)
{
	if (s->finished)
		return s->sha_hex;
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&s->sha, d);
	sodium_bin2hex(s->sha_hex, sizeof s->sha_hex, d, sizeof d);
	s->finished = true;
	return s->sha_hex;
}

file_type_t file_sink_sniff(file_sink_t *s)
{
	if (s->size <= s->head_len)
		return file_sniff(s->head, s->head_len, NULL, 0, s->size);
	size_t tn = s->size < FILE_HEAD_BYTES ? (size_t)s->size : FILE_HEAD_BYTES;
	unsigned char *tail = xmalloc(tn);
	size_t got = 0;
	while (got < tn) {
		ssize_t r = pread(s->fd, tail + got, tn - got, (off_t)(s->size - tn + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	file_type_t t = got == tn ? file_sniff(s->head, s->head_len, tail, tn, s->size)
				  : file_sniff(s->head, s->head_len, NULL, 0, s->head_len);
	free(tail);
	return t;
}

static void fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

bool blob_install(const char *files_dir, int fd, const char *tmp_path, const char *sha256)
{
	char dir[PATH_MAX_FILES], path[PATH_MAX_FILES];
	int w = snprintf(dir, sizeof dir, "%s/%.2s", files_dir, sha256);
	if (w <= 0 || (size_t)w >= sizeof dir || !file_blob_path(files_dir, sha256, path, sizeof path))
		return false;
	int e;
	if (fsync(fd) != 0) {
		e = errno;
		log_error("fsync %s: %s", tmp_path, strerror(e));
		goto fail;
	}
	if (mkdir(dir, 0750) == 0)
		fsync_dir(files_dir);
	else if (errno != EEXIST) {
		e = errno;
		log_error("cannot create %s: %s", dir, strerror(e));
		goto fail;
	}
	if (rename(tmp_path, path) != 0) {
		e = errno;
		log_error("cannot move %s to %s: %s", tmp_path, path, strerror(e));
		goto fail;
	}
	fsync_dir(dir);
	return true;
fail:
	errno = e; /* the caller tells a full disk from other failures */
	return false;
}

/* The blob at path exists in either form (sealed, or in the clear as
 * stored before sealing) for `size` bytes of plaintext. */
static bool stored_already(const char *path, uint64_t size)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       ((uint64_t)st.st_size == filebox_sealed_size(size) || (uint64_t)st.st_size == size);
}

int blob_seal_tmp(const char *files_dir, int in, uint64_t size, const char *sha256, char *tmp, size_t tmplen)
{
	int w = snprintf(tmp, tmplen, "%s/tmp/seal-XXXXXX", files_dir);
	if (w <= 0 || (size_t)w >= tmplen) {
		errno = 0;
		return -1;
	}
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		log_error("cannot create a temporary file in %s/tmp: %s", files_dir, strerror(e));
		errno = e;
		return -1;
	}
	errno = 0;
	if (!filebox_seal_fd(in, size, fd, sha256)) {
		int e = errno;
		log_error("cannot seal blob %s: %s", sha256, e ? strerror(e) : "no key file is loaded");
		close(fd);
		unlink(tmp);
		errno = e;
		return -1;
	}
	return fd;
}

static int seal_sink(const char *files_dir, file_sink_t *s, char tmp[PATH_MAX_FILES])
{
	return blob_seal_tmp(files_dir, s->fd, s->size, s->sha_hex, tmp, PATH_MAX_FILES);
}

/* Two uploads of the same bytes racing here both rename a complete blob of
 * the same plaintext into place, so either result is right. */
bool blob_commit(const char *files_dir, file_sink_t *s, bool *dedup)
{
	char path[PATH_MAX_FILES], tmp[PATH_MAX_FILES];
	file_sink_finish(s);
	if (!file_blob_path(files_dir, s->sha_hex, path, sizeof path))
		return false;
	if (stored_already(path, s->size)) {
		*dedup = true;
		return true;
	}
	*dedup = false;
	int fd = seal_sink(files_dir, s, tmp);
	if (fd < 0)
		return false;
	bool ok = blob_install(files_dir, fd, tmp, s->sha_hex);
	int e = errno;
	close(fd);
	if (!ok)
		unlink(tmp);
	errno = e;
	return ok;
}

/* ------------------------------------------------------------ the one interface */

bool blob_in_db(const store_t *st) { return st && strcmp(store_engine(st), "sqlite") != 0; }

bool blob_put(store_t *st, const char *files_dir, file_sink_t *s, bool *dedup)
{
	if (!blob_in_db(st)) {
		errno = 0;
		if (blob_commit(files_dir, s, dedup))
			return true;
		/* the answer names a full or failing disk (reply_problem reads the store's fault) */
		store_fault_t f = file_fault_of_errno(errno);
		if (f != STORE_FAULT_NONE)
			store_note_fault(st, f);
		return false;
	}
	const char *sha = file_sink_finish(s);
	char tmp[PATH_MAX_FILES];
	int fd = seal_sink(files_dir, s, tmp);
	if (fd < 0)
		return false;
	bool ok = blob_db_put(st, fd, filebox_sealed_size(s->size), s->size, sha, dedup);
	/* The database has the bytes: caching them here too saves this node a
	 * fetch when they are read; a failure only costs that fetch later. */
	if (ok && !blob_install(files_dir, fd, tmp, sha)) {
		log_warn("blob %s: stored in the database, not cached in %s", sha, files_dir);
		ok = true;
		unlink(tmp);
	} else if (!ok)
		unlink(tmp);
	close(fd);
	return ok;
}

/* The blob at path if it holds `size` bytes of plaintext, sealed (*sealed)
 * or in the clear as stored before sealing; -1 otherwise, *missing telling
 * whether it does not exist (not logged: a cache miss may be no error). */
static int open_sized(const char *path, int64_t size, bool *missing, bool *sealed)
{
	*missing = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*missing = errno == ENOENT;
		if (!*missing)
			log_error("cannot open the blob %s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || size < 0 ||
	    ((uint64_t)st.st_size != filebox_sealed_size((uint64_t)size) && st.st_size != size)) {
		log_error("blob %s is not the recorded %lld bytes", path, (long long)size);
		close(fd);
		return -1;
	}
	*sealed = (uint64_t)st.st_size == filebox_sealed_size((uint64_t)size);
	return fd;
}

struct blob_reader {
	int fd;                /* a blob stored in the clear (before sealing), or -1 */
	filebox_reader_t *box; /* a sealed blob */
	uint64_t size;
};

blob_reader_t *blob_open(store_t *st, const char *files_dir, const char *sha256, int64_t size)
{
	char path[PATH_MAX_FILES];
	bool missing, sealed = false;
	if (!file_blob_path(files_dir, sha256, path, sizeof path))
		return NULL;
	int fd = open_sized(path, size, &missing, &sealed);
	if (fd < 0 && !blob_in_db(st)) {
		if (missing)
			log_error("the blob %s is missing", path);
		return NULL;
	}
	if (fd < 0) {
		/* A cache miss: this node has not read these bytes yet. A cached
		 * copy that cannot be used is dropped and fetched again. */
		if (!missing && unlink(path) != 0 && errno != ENOENT)
			return NULL;
		if (!blob_db_fetch(st, files_dir, sha256))
			return NULL;
		fd = open_sized(path, size, &missing, &sealed);
		if (missing)
			log_error("the blob %s is missing after its fetch", path);
		if (fd < 0)
			return NULL;
	}
	blob_reader_t *r = xcalloc(1, sizeof *r);
	r->fd = -1;
	r->size = (uint64_t)size;
	if (!sealed)
		r->fd = fd;
	else if (!(r->box = filebox_reader_open(fd, (uint64_t)size, sha256))) {
		log_error("the blob %s does not open with this key file", path);
		free(r);
		return NULL;
	}
	return r;
}

ssize_t blob_read(blob_reader_t *r, void *buf, size_t max)
{
	if (r->box)
		return filebox_read(r->box, buf, max);
	for (;;) {
		ssize_t n = read(r->fd, buf, max);
		if (n >= 0 || errno != EINTR)
			return n;
	}
}

uint64_t blob_reader_size(const blob_reader_t *r) { return r->size; }

void blob_reader_close(blob_reader_t *r)
{
	if (!r)
		return;
	if (r->fd >= 0)
		close(r->fd);
	filebox_reader_free(r->box);
	free(r);
}

blob_reader_t *file_open_blob(store_t *st, const char *files_dir, const file_row_t *f)
{
	blob_reader_t *r = blob_open(st, files_dir, f->sha256, f->size);
	if (!r)
		log_error("file %s: its blob %s cannot be read", f->id, f->sha256);
	return r;
}
