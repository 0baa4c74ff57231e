/* filebox.h — the bytes of a file sealed at rest (uploaded scans of ID
 * cards, licences, contracts): libsodium's secretstream
 * (XChaCha20-Poly1305) under the keystore's KEY_FILE_SEAL, a frame at a
 * time, so a file of any size is sealed and opened in FILEBOX_FRAME pieces
 * and never held whole.
 *
 * Layout of a sealed file:
 *   "OSF1" | the stream's header (24 bytes) | frame 0 | frame 1 | ... | frame k-1
 * k = ceil(size / FILEBOX_FRAME), at least 1. Frame i seals plaintext bytes
 * [i*FRAME, min(size, (i+1)*FRAME)) and is 17 bytes longer (a tag byte and
 * the 16-byte MAC); the last frame carries TAG_FINAL, every other
 * TAG_MESSAGE, so a file cut at a frame boundary does not open. Each frame's
 * additional data is `ad` (the blob's name: the SHA-256 of its plaintext in
 * hex), so sealed bytes moved under another name do not open there either.
 * The header is random: the same bytes sealed twice differ.
 *
 * Nothing here works without a loaded keystore: sealing fails rather than
 * store the bytes in the clear. */
#ifndef ONESTOP_FILEBOX_H
#define ONESTOP_FILEBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define FILEBOX_MAGIC "OSF1"
#define FILEBOX_MAGIC_LEN 4
#define FILEBOX_FRAME (64 * 1024)

/* The size of `plain` bytes once sealed. */
uint64_t filebox_sealed_size(uint64_t plain);
/* The plaintext size of a sealed file of `sealed` bytes; false when no
 * plaintext size seals to exactly that many. */
bool filebox_plain_size(uint64_t sealed, uint64_t *plain);

/* Seals the `size` bytes of in (read with pread from offset 0) into out,
 * written from its current offset. False on a read or write error (errno
 * set: a full disk is ENOSPC), on a short input (errno 0) or with no key loaded (errno 0). */
bool filebox_seal_fd(int in, uint64_t size, int out, const char *ad);

/* A sealed file opened for reading, front to back. */
typedef struct filebox_reader filebox_reader_t;
/* Opens the sealed bytes of fd (read with pread; the descriptor becomes the
 * reader's and is closed with it) holding `plain` bytes of plaintext: NULL
 * (fd closed) when the file is not exactly filebox_sealed_size(plain) bytes,
 * does not start with the magic and a header, or no key is loaded. */
filebox_reader_t *filebox_reader_open(int fd, uint64_t plain, const char *ad);
/* Up to max next bytes of plaintext into buf: their count, 0 at the end
 * (after the final frame opened), -1 when a frame does not open (changed,
 * cut, reordered, another name or key) or on an I/O error. */
ssize_t filebox_read(filebox_reader_t *r, void *buf, size_t max);
/* Closes the reader and its descriptor; its plaintext is wiped. NULL is fine. */
void filebox_reader_free(filebox_reader_t *r);

#endif
