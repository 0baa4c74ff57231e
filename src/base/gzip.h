/* gzip.h — answers in the gzip coding (RFC 1952, with zlib) and the weight a
 * client's Accept-Encoding gives a content coding (RFC 9110 12.5.3). */
#ifndef ONESTOP_GZIP_H
#define ONESTOP_GZIP_H

#include <stddef.h>

/* `len` bytes as one gzip member at zlib level `level` (1 fastest .. 9
 * smallest): a new buffer the caller frees, its length in *out_len. NULL
 * when zlib refuses (never for a valid level and memory to spare). */
unsigned char *gzip_encode(const void *data, size_t len, int level, size_t *out_len);

/* The q-value Accept-Encoding gives `coding`: that of its own entry, else that
 * of "*", else 0 (not acceptable); 0 when the header is NULL. Codings compare
 * without regard to case; a malformed q counts as 0. */
double coding_q(const char *accept_encoding, const char *coding);

#endif
