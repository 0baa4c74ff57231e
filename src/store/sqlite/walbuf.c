/* walbuf.c — the VFS of walbuf.h: a transaction's WAL appends gathered and
 * written at once, before the sync that makes them durable. */
#include "store/sqlite/walbuf.h"
#include "store/sqlite/vfs_over.h"
#include "base/log.h"
#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Gathered bytes are written out once they reach this (a large transaction,
 * a migration): the memory a writing connection keeps is at most this. */
#define WALBUF_MAX (2u * 1024 * 1024)
#define WALBUF_MIN (64u * 1024)
#define WALBUF_PIECE (124u * 1024)

typedef struct wb_file {
	sqlite3_file base;
	sqlite3_file *real; /* follows this struct in the same allocation */
	bool wal;
	unsigned char *buf;
	size_t cap, len;
	sqlite3_int64 start; /* the file offset of buf[0] */
} wb_file_t;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs walbuf_vfs;

/* The one file of this thread holding gathered bytes, if any: a thread's
 * writes to another file write these first, so the guard in wb_shm_barrier
 * has only this one to look at. */
static _Thread_local wb_file_t *pending;

#define REAL(f) (((wb_file_t *)(f))->real)
#define RM(f) (REAL(f)->pMethods)

static int flush(wb_file_t *w)
{
	if (pending == w)
		pending = NULL;
	if (!w->len)
		return SQLITE_OK;
	size_t n = w->len;
	w->len = 0;
	/* in pieces: the unix VFS writes at most 128 KiB a call (seekAndWriteFd) */
	for (size_t done = 0; done < n;) {
		size_t k = n - done < WALBUF_PIECE ? n - done : WALBUF_PIECE;
		int rc = w->real->pMethods->xWrite(w->real, w->buf + done, (int)k,
						  w->start + (sqlite3_int64)done);
		if (rc != SQLITE_OK)
			return rc;
		done += k;
	}
	return SQLITE_OK;
}

/* Writes what the file holds gathered; then the real method may run. */
#define FLUSHED(f)                                                                                 \
	do {                                                                                       \
		int flush_rc = flush((wb_file_t *)(f));                                            \
		if (flush_rc != SQLITE_OK)                                                         \
			return flush_rc;                                                           \
	} while (0)

/* Room for need gathered bytes, the buffer grown as far as WALBUF_MAX. */
static bool room(wb_file_t *w, size_t need)
{
	if (need <= w->cap)
		return true;
	size_t cap = w->cap ? w->cap : WALBUF_MIN;
	while (cap < need && cap < WALBUF_MAX)
		cap *= 2;
	if (cap > WALBUF_MAX)
		cap = WALBUF_MAX;
	if (cap < need)
		return false;
	unsigned char *nb = realloc(w->buf, cap);
	if (!nb)
		return false;
	w->buf = nb;
	w->cap = cap;
	return true;
}

static int wb_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 off)
{
	wb_file_t *w = (wb_file_t *)f;
	if (!w->wal || n <= 0)
		return RM(f)->xWrite(REAL(f), b, n, off);
	if (pending && pending != w)
		FLUSHED(pending);
	if (w->len && off == w->start + (sqlite3_int64)w->len && room(w, w->len + (size_t)n)) {
		memcpy(w->buf + w->len, b, (size_t)n);
		w->len += (size_t)n;
		pending = w;
		return SQLITE_OK;
	}
	FLUSHED(w); /* not an append to what is gathered, or past the cap */
	if ((size_t)n > WALBUF_MAX / 2 || !room(w, (size_t)n))
		return RM(f)->xWrite(REAL(f), b, n, off);
	memcpy(w->buf, b, (size_t)n);
	w->len = (size_t)n;
	w->start = off;
	pending = w;
	return SQLITE_OK;
}

static int wb_close(sqlite3_file *f)
{
	wb_file_t *w = (wb_file_t *)f;
	int rc = flush(w);
	free(w->buf);
	w->buf = NULL;
	w->cap = 0;
	int crc = RM(f)->xClose(REAL(f));
	return rc != SQLITE_OK ? rc : crc;
}

static int wb_read(sqlite3_file *f, void *b, int n, sqlite3_int64 off)
{
	FLUSHED(f);
	return RM(f)->xRead(REAL(f), b, n, off);
}

static int wb_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	FLUSHED(f);
	return RM(f)->xTruncate(REAL(f), size);
}

static int wb_sync(sqlite3_file *f, int flags)
{
	FLUSHED(f);
	return RM(f)->xSync(REAL(f), flags);
}

static int wb_size(sqlite3_file *f, sqlite3_int64 *size)
{
	FLUSHED(f);
	return RM(f)->xFileSize(REAL(f), size);
}

static int wb_control(sqlite3_file *f, int op, void *arg)
{
	FLUSHED(f);
	return RM(f)->xFileControl(REAL(f), op, arg);
}

static int wb_lock(sqlite3_file *f, int l) { return RM(f)->xLock(REAL(f), l); }
static int wb_unlock(sqlite3_file *f, int l) { return RM(f)->xUnlock(REAL(f), l); }
static int wb_check(sqlite3_file *f, int *out) { return RM(f)->xCheckReservedLock(REAL(f), out); }
static int wb_sector(sqlite3_file *f) { return RM(f)->xSectorSize(REAL(f)); }
static int wb_caps(sqlite3_file *f) { return RM(f)->xDeviceCharacteristics(REAL(f)); }
static int wb_shm_map(sqlite3_file *f, int pg, int sz, int ext, void volatile **p)
{
	return RM(f)->xShmMap(REAL(f), pg, sz, ext, p);
}
static int wb_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	return RM(f)->xShmLock(REAL(f), off, n, flags);
}

/* A new WAL index header is being published: the frames it names must be in
 * the file. Under synchronous=FULL the commit's xSync wrote them already; a
 * write that fails here cannot be reported, and publishing would name frames
 * that are not there, so the process stops instead (the log is recovered
 * from its last whole frame at the next start). */
static void wb_shm_barrier(sqlite3_file *f)
{
	if (pending && pending->len && flush(pending) != SQLITE_OK) {
		log_error("the write-ahead log could not be written before its index was published");
		abort();
	}
	RM(f)->xShmBarrier(REAL(f));
}

static int wb_shm_unmap(sqlite3_file *f, int del) { return RM(f)->xShmUnmap(REAL(f), del); }
static int wb_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **p)
{
	if (RM(f)->iVersion < 3) {
		*p = NULL;
		return SQLITE_OK;
	}
	return RM(f)->xFetch(REAL(f), off, n, p);
}
static int wb_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return RM(f)->iVersion < 3 ? SQLITE_OK : RM(f)->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods walbuf_io = {
    3,           wb_close,       wb_read,      wb_write, wb_truncate, wb_sync, wb_size,
    wb_lock,     wb_unlock,      wb_check,     wb_control,         wb_sector,   wb_caps, wb_shm_map,
    wb_shm_lock, wb_shm_barrier, wb_shm_unmap, wb_fetch,           wb_unfetch,
};

static int wb_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
	(void)vfs;
	wb_file_t *w = (wb_file_t *)f;
	memset(w, 0, sizeof *w);
	w->real = (sqlite3_file *)(w + 1);
	w->wal = (flags & SQLITE_OPEN_WAL) != 0;
	int rc = real_vfs->xOpen(real_vfs, name, w->real, flags, out_flags);
	f->pMethods = rc == SQLITE_OK && w->real->pMethods ? &walbuf_io : NULL;
	return rc;
}

int walbuf_install(void)
{
	real_vfs = sqlite3_vfs_find(NULL);
	if (!real_vfs || real_vfs->iVersion < 2)
		return -1;
	walbuf_vfs = vfs_over(real_vfs, WALBUF_VFS, (int)sizeof(wb_file_t), wb_open);
	return sqlite3_vfs_register(&walbuf_vfs, 0) == SQLITE_OK ? 0 : -1;
}
