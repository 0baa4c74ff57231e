/* filebox.c — see filebox.h. */
#include "base/filebox.h"
#include "base/fdio.h"
#include "base/keystore.h"
#include "base/mem.h"
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEAD (FILEBOX_MAGIC_LEN + crypto_secretstream_xchacha20poly1305_HEADERBYTES)
#define OVER crypto_secretstream_xchacha20poly1305_ABYTES
#define SEALED_FRAME ((uint64_t)FILEBOX_FRAME + OVER)

static uint64_t frames_of(uint64_t plain) { return plain ? (plain + FILEBOX_FRAME - 1) / FILEBOX_FRAME : 1; }

uint64_t filebox_sealed_size(uint64_t plain) { return HEAD + frames_of(plain) * OVER + plain; }

bool filebox_plain_size(uint64_t sealed, uint64_t *plain)
{
	if (sealed < HEAD + OVER)
		return false;
	uint64_t frames = (sealed - HEAD + SEALED_FRAME - 1) / SEALED_FRAME;
	uint64_t p = sealed - HEAD - frames * OVER;
	if (filebox_sealed_size(p) != sealed)
		return false;
	*plain = p;
	return true;
}

bool filebox_seal_fd(int in, uint64_t size, int out, const char *ad)
{
	if (!keystore_loaded()) {
		errno = 0;
		return false;
	}
	unsigned char key[KEY_BYTES], head[HEAD];
	crypto_secretstream_xchacha20poly1305_state st;
	keystore_derive(KEY_FILE_SEAL, key);
	memcpy(head, FILEBOX_MAGIC, FILEBOX_MAGIC_LEN);
	crypto_secretstream_xchacha20poly1305_init_push(&st, head + FILEBOX_MAGIC_LEN, key);
	sodium_memzero(key, sizeof key);
	unsigned char *m = xmalloc(FILEBOX_FRAME), *c = xmalloc(SEALED_FRAME);
	bool ok = fd_write_all(out, head, sizeof head);
	uint64_t frames = frames_of(size);
	for (uint64_t i = 0; ok && i < frames; i++) {
		uint64_t off = i * FILEBOX_FRAME;
		size_t len = size - off < FILEBOX_FRAME ? (size_t)(size - off) : FILEBOX_FRAME;
		unsigned long long clen;
		unsigned char tag = i + 1 == frames ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
						    : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
		ok = fd_pread_all(in, m, len, off) &&
		     crypto_secretstream_xchacha20poly1305_push(
			 &st, c, &clen, m, len, (const unsigned char *)ad, strlen(ad), tag) == 0 &&
		     fd_write_all(out, c, (size_t)clen);
	}
	int e = errno;
	sodium_memzero(m, FILEBOX_FRAME);
	sodium_memzero(&st, sizeof st);
	free(m);
	free(c);
	errno = e;
	return ok;
}

struct filebox_reader {
	int fd;
	bool done, failed;
	uint64_t plain, frames, next; /* plaintext size, frame count, the next frame to open */
	size_t have, used;            /* plaintext bytes of the open frame, and how many were read */
	crypto_secretstream_xchacha20poly1305_state st;
	char *ad;
	unsigned char m[FILEBOX_FRAME], c[SEALED_FRAME];
};

filebox_reader_t *filebox_reader_open(int fd, uint64_t plain, const char *ad)
{
	struct stat sb;
	unsigned char head[HEAD], key[KEY_BYTES];
	if (!keystore_loaded() || fstat(fd, &sb) != 0 || (uint64_t)sb.st_size != filebox_sealed_size(plain) ||
	    !fd_pread_all(fd, head, sizeof head, 0) || memcmp(head, FILEBOX_MAGIC, FILEBOX_MAGIC_LEN) != 0) {
		close(fd);
		return NULL;
	}
	filebox_reader_t *r = xcalloc(1, sizeof *r);
	keystore_derive(KEY_FILE_SEAL, key);
	int rc = crypto_secretstream_xchacha20poly1305_init_pull(&r->st, head + FILEBOX_MAGIC_LEN, key);
	sodium_memzero(key, sizeof key);
	r->fd = fd;
	r->plain = plain;
	r->frames = frames_of(plain);
	r->ad = xstrdup(ad);
	if (rc != 0) {
		filebox_reader_free(r);
		return NULL;
	}
	return r;
}

/* Opens frame r->next into r->m; false when it does not open. */
static bool open_frame(filebox_reader_t *r)
{
	uint64_t i = r->next, off = i * FILEBOX_FRAME;
	size_t len = r->plain - off < FILEBOX_FRAME ? (size_t)(r->plain - off) : FILEBOX_FRAME;
	unsigned long long mlen;
	unsigned char tag;
	bool last = i + 1 == r->frames;
	if (!fd_pread_all(r->fd, r->c, len + OVER, HEAD + i * SEALED_FRAME) ||
	    crypto_secretstream_xchacha20poly1305_pull(&r->st, r->m, &mlen, &tag, r->c, len + OVER,
						       (const unsigned char *)r->ad, strlen(r->ad)) != 0 ||
	    mlen != len ||
	    tag != (last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
			 : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE))
		return false;
	r->have = len;
	r->used = 0;
	r->next++;
	r->done = last;
	return true;
}

ssize_t filebox_read(filebox_reader_t *r, void *buf, size_t max)
{
	if (r->failed)
		return -1;
	while (r->used == r->have) {
		if (r->done)
			return 0;
		if (!open_frame(r)) {
			r->failed = true;
			return -1;
		}
	}
	size_t n = r->have - r->used < max ? r->have - r->used : max;
	memcpy(buf, r->m + r->used, n);
	r->used += n;
	return (ssize_t)n;
}

void filebox_reader_free(filebox_reader_t *r)
{
	if (!r)
		return;
	close(r->fd);
	free(r->ad);
	sodium_memzero(r, sizeof *r);
	free(r);
}
