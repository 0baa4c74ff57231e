/* vfs_over.h — a SQLite VFS stacked over another one: every call on the VFS
 * itself (delete, access, full path, randomness, time, …) goes to the VFS
 * below, kept in pAppData; the stacking VFS brings its own xOpen and the
 * methods of its files. Header-only, internal to store/sqlite/: for walbuf.c
 * and the test VFS of faultvfs.h. */
#ifndef ONESTOP_STORE_SQLITE_VFS_OVER_H
#define ONESTOP_STORE_SQLITE_VFS_OVER_H

#include <sqlite3.h>

#define VO_BELOW(v) ((sqlite3_vfs *)(v)->pAppData)
#define VO(v, fn, ...) VO_BELOW(v)->fn(VO_BELOW(v), __VA_ARGS__)
static int vo_delete(sqlite3_vfs *v, const char *n, int sync) { return VO(v, xDelete, n, sync); }
static int vo_access(sqlite3_vfs *v, const char *n, int fl, int *out) { return VO(v, xAccess, n, fl, out); }
static int vo_full(sqlite3_vfs *v, const char *n, int len, char *out)
{
	return VO(v, xFullPathname, n, len, out);
}
static void *vo_dlopen(sqlite3_vfs *v, const char *n) { return VO(v, xDlOpen, n); }
static void vo_dlerror(sqlite3_vfs *v, int n, char *m) { VO(v, xDlError, n, m); }
static void (*vo_dlsym(sqlite3_vfs *v, void *h, const char *s))(void) { return VO(v, xDlSym, h, s); }
static void vo_dlclose(sqlite3_vfs *v, void *h) { VO(v, xDlClose, h); }
static int vo_random(sqlite3_vfs *v, int n, char *out) { return VO(v, xRandomness, n, out); }
static int vo_sleep(sqlite3_vfs *v, int us) { return VO(v, xSleep, us); }
static int vo_time(sqlite3_vfs *v, double *t) { return VO(v, xCurrentTime, t); }
static int vo_lasterr(sqlite3_vfs *v, int n, char *m) { return VO(v, xGetLastError, n, m); }
static int vo_time64(sqlite3_vfs *v, sqlite3_int64 *t) { return VO(v, xCurrentTimeInt64, t); }
#undef VO

/* A VFS named `name` over `below`: its files take `file_bytes` of their own
 * followed by below's (szOsFile), and are opened by `xopen`. */
static inline sqlite3_vfs vfs_over(sqlite3_vfs *below, const char *name, int file_bytes,
				   int (*xopen)(sqlite3_vfs *, const char *, sqlite3_file *, int, int *))
{
	return (sqlite3_vfs){
	    .iVersion = 2,
	    .szOsFile = file_bytes + below->szOsFile,
	    .mxPathname = below->mxPathname,
	    .zName = name,
	    .pAppData = below,
	    .xOpen = xopen,
	    .xDelete = vo_delete,
	    .xAccess = vo_access,
	    .xFullPathname = vo_full,
	    .xDlOpen = vo_dlopen,
	    .xDlError = vo_dlerror,
	    .xDlSym = vo_dlsym,
	    .xDlClose = vo_dlclose,
	    .xRandomness = vo_random,
	    .xSleep = vo_sleep,
	    .xCurrentTime = vo_time,
	    .xGetLastError = vo_lasterr,
	    .xCurrentTimeInt64 = vo_time64,
	};
}

#endif
