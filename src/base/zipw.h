/* zipw.h — a small ZIP writer (PKWARE APPNOTE 6.3: local file headers,
 * deflated data, central directory, end record) for the documents that are
 * ZIP packages, such as Office Open XML workbooks. Entries are deflated with
 * zlib, each with its CRC-32 and sizes in the local header (no data
 * descriptor), names marked UTF-8 (general purpose bit 11). No ZIP64: an
 * archive stays below 4 GiB and 65535 entries, which zipw_add refuses. */
#ifndef ONESTOP_ZIPW_H
#define ONESTOP_ZIPW_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	unsigned char *buf; /* the archive so far (owned) */
	size_t len, cap;
	unsigned char *cdir; /* the central directory, appended at the end (owned) */
	size_t clen, ccap;
	unsigned entries;
	int failed; /* set once anything failed: zipw_finish then returns NULL */
} zipw_t;

void zipw_init(zipw_t *z);
/* Adds a file of `len` bytes, deflated. 0 or -1 (and the archive is failed). */
int zipw_add(zipw_t *z, const char *name, const void *data, size_t len);
/* The archive (the caller frees it) and its length; NULL when an add failed.
 * z is empty afterwards either way. */
unsigned char *zipw_finish(zipw_t *z, size_t *len);

#endif
