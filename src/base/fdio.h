/* fdio.h — whole reads and writes on a descriptor, retried after EINTR and
 * short counts (the blob store and the sealed-file format move bytes in
 * frames and chunks with them). */
#ifndef ONESTOP_FDIO_H
#define ONESTOP_FDIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reads exactly n bytes at offset off (the file offset is left alone).
 * False on an error (errno set) or at end of file first (errno 0). */
bool fd_pread_all(int fd, unsigned char *p, size_t n, uint64_t off);
/* Writes all n bytes at the file offset. False on an error (errno set; a
 * write that makes no progress is ENOSPC: the disk takes nothing more). */
bool fd_write_all(int fd, const unsigned char *p, size_t n);

#endif
