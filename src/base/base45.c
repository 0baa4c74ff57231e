/* base45.c — see base45.h. Two bytes become three characters (least
 * significant first), a last single byte two. */
#include "base/base45.h"
#include "base/mem.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char ALPHABET[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

char *base45_encode(const unsigned char *in, size_t len)
{
	char *out = xmalloc(len / 2 * 3 + (len % 2) * 2 + 1);
	size_t o = 0;
	for (size_t i = 0; i + 1 < len; i += 2) {
		unsigned n = in[i] * 256u + in[i + 1];
		out[o++] = ALPHABET[n % 45];
		out[o++] = ALPHABET[n / 45 % 45];
		out[o++] = ALPHABET[n / 2025];
	}
	if (len % 2) {
		unsigned n = in[len - 1];
		out[o++] = ALPHABET[n % 45];
		out[o++] = ALPHABET[n / 45];
	}
	out[o] = '\0';
	return out;
}

static int value(char c)
{
	const char *p = c ? memchr(ALPHABET, c, 45) : NULL;
	return p ? (int)(p - ALPHABET) : -1;
}

int base45_decode(const char *text, size_t n, unsigned char **out, size_t *out_len)
{
	*out = NULL;
	*out_len = 0;
	if (n % 3 == 1)
		return -1;
	unsigned char *b = xmalloc(n / 3 * 2 + 2);
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		int c = value(text[i]), d = i + 1 < n ? value(text[i + 1]) : -1;
		if (c < 0 || d < 0)
			goto bad;
		if (i + 2 < n) {
			int e = value(text[i + 2]);
			uint32_t v = (uint32_t)c + (uint32_t)d * 45 + (uint32_t)(e < 0 ? 0 : e) * 2025;
			if (e < 0 || v > 65535)
				goto bad;
			b[o++] = (unsigned char)(v >> 8);
			b[o++] = (unsigned char)(v & 0xFF);
		} else {
			uint32_t v = (uint32_t)c + (uint32_t)d * 45;
			if (v > 255)
				goto bad;
			b[o++] = (unsigned char)v;
		}
	}
	*out = b;
	*out_len = o;
	return 0;
bad:
	free(b);
	return -1;
}
