/* faultvfs.h — a SQLite VFS for tests that fails file writes on demand, the
 * way a full disk (SQLITE_FULL) or a failing one (SQLITE_IOERR_WRITE) does,
 * for faults a test cannot otherwise cause (an I/O error needs a failing
 * device). Header-only: included by the unit tests (tests/unit/store/writer.c)
 * and by faultvfs.c, which only the test build (onestop-test) compiles in;
 * production neither includes nor links it. faultvfs_install() makes it the
 * default VFS (before anything is opened); every call goes to the real
 * default VFS, except writes while faultvfs_fail(code) is set or, when
 * faultvfs_flag names a file, while that file exists (SQLITE_IOERR_WRITE).
 * It also counts the write calls that reach write-ahead logs, for the tests of
 * walbuf.h, which is stacked on it there. */
#ifndef ONESTOP_TEST_FAULTVFS_H
#define ONESTOP_TEST_FAULTVFS_H

#include "store/sqlite/vfs_over.h"
#include <sqlite3.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

typedef struct {
	sqlite3_file base;
	sqlite3_file *real; /* follows this struct in the same allocation */
	int wal;            /* opened as a write-ahead log */
} faultvfs_file_t;

static sqlite3_vfs *faultvfs_real;
static sqlite3_vfs faultvfs;
static _Atomic int faultvfs_code; /* 0: writes succeed */
static const char *faultvfs_flag;  /* a file whose existence fails writes with an I/O error */
/* What reached the files opened as write-ahead logs: every write call, and the count of them at
 * the latest sync (so a test can tell whether a write came after the sync meant to cover it). */
static _Atomic long faultvfs_wal_writes, faultvfs_wal_writes_at_sync;

/* From now on every file write fails with code (SQLITE_FULL,
 * SQLITE_IOERR_WRITE), or succeeds again with 0. */
static inline void faultvfs_fail(int code) { atomic_store(&faultvfs_code, code); }

#define REAL(f) (((faultvfs_file_t *)(f))->real)

static int fv_close(sqlite3_file *f) { return REAL(f)->pMethods->xClose(REAL(f)); }
static int fv_read(sqlite3_file *f, void *b, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), b, n, off);
}
static int fv_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 off)
{
	int code = atomic_load(&faultvfs_code);
	if (!code && faultvfs_flag && access(faultvfs_flag, F_OK) == 0)
		code = SQLITE_IOERR_WRITE;
	if (!code && ((faultvfs_file_t *)f)->wal)
		atomic_fetch_add(&faultvfs_wal_writes, 1);
	return code ? code : REAL(f)->pMethods->xWrite(REAL(f), b, n, off);
}
static int fv_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int fv_sync(sqlite3_file *f, int flags)
{
	if (((faultvfs_file_t *)f)->wal)
		atomic_store(&faultvfs_wal_writes_at_sync, atomic_load(&faultvfs_wal_writes));
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int fv_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int fv_lock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xLock(REAL(f), l); }
static int fv_unlock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xUnlock(REAL(f), l); }
static int fv_check(sqlite3_file *f, int *out) { return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out); }
static int fv_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int fv_sector(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int fv_caps(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
static int fv_shm_map(sqlite3_file *f, int pg, int sz, int ext, void volatile **p)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, ext, p);
}
static int fv_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void fv_shm_barrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int fv_shm_unmap(sqlite3_file *f, int del) { return REAL(f)->pMethods->xShmUnmap(REAL(f), del); }
static int fv_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **p)
{
	return REAL(f)->pMethods->xFetch(REAL(f), off, n, p);
}
static int fv_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods faultvfs_io = {
    3,           fv_close,       fv_read,      fv_write,   fv_truncate, fv_sync, fv_size,
    fv_lock,     fv_unlock,      fv_check,     fv_control, fv_sector,   fv_caps, fv_shm_map,
    fv_shm_lock, fv_shm_barrier, fv_shm_unmap, fv_fetch,   fv_unfetch,
};

static int fv_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
	(void)vfs;
	faultvfs_file_t *ff = (faultvfs_file_t *)f;
	ff->real = (sqlite3_file *)(ff + 1);
	ff->wal = (flags & SQLITE_OPEN_WAL) != 0;
	int rc = faultvfs_real->xOpen(faultvfs_real, name, ff->real, flags, out_flags);
	f->pMethods = rc == SQLITE_OK && ff->real->pMethods ? &faultvfs_io : NULL;
	return rc;
}


/* Makes the fault VFS the default; 0 on success. */
static inline int faultvfs_install(void)
{
	faultvfs_real = sqlite3_vfs_find(NULL);
	if (!faultvfs_real)
		return -1;
	faultvfs = vfs_over(faultvfs_real, "onestop-faults", (int)sizeof(faultvfs_file_t), fv_open);
	return sqlite3_vfs_register(&faultvfs, 1) == SQLITE_OK ? 0 : -1;
}

#undef REAL
#endif
