/* fdio.c — see fdio.h. */
#include "base/fdio.h"
#include <errno.h>
#include <unistd.h>

bool fd_pread_all(int fd, unsigned char *p, size_t n, uint64_t off)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(fd, p + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = 0; /* a short file, not an I/O error */
			return false;
		}
		got += (size_t)r;
	}
	return true;
}

bool fd_write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			return false;
		}
		p += w;
		n -= (size_t)w;
	}
	return true;
}
