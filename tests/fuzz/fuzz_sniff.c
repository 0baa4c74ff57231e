/* fuzz_sniff.c — what an upload is, from its bytes, and what it is called.
 *
 * file_sniff (src/domain/files.h) decides pdf/jpeg/png/ofd from the first
 * bytes of an upload and, for OFD, from the ZIP structures in its head and
 * tail; the offsets it follows come from the upload, so they are hostile.
 * The input is treated as a whole file and sniffed three ways, each buffer
 * an exactly-sized copy so that ASan sees any read past it:
 *   - the whole file as the head, no tail (a small upload);
 *   - a short head and a short, possibly overlapping, tail of the same file
 *     (a large upload's two windows);
 *   - the first half as the head and the second as the tail of a file
 *     1 MiB longer (head and tail far apart, central directory offsets
 *     relative to a file the buffers do not hold).
 * The answer must be a known type, must not depend on the windows when
 * they cover the whole file, and an OFD found in the windows must be found
 * in the whole file too. The input, NUL-terminated, is also an upload's
 * file name for file_name_sanitise: the stored name must be valid UTF-8,
 * at most 200 characters, without path separators, control or
 * bidirectional-override characters or surrounding blanks, and never empty. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/files/file.h"

#include "check.h"

/* Windows for the second way: small, so that ZIP structures straddle them. */
#define WINDOW 64

static unsigned char *dup_bytes(const uint8_t *p, size_t n)
{
	unsigned char *c = malloc(n ? n : 1);
	if (c && n)
		memcpy(c, p, n);
	return c;
}

static file_type_t sniff_copy(const uint8_t *head, size_t hn, const uint8_t *tail, size_t tn, uint64_t total)
{
	unsigned char *h = dup_bytes(head, hn), *t = tail ? dup_bytes(tail, tn) : NULL;
	file_type_t r = FILE_TYPE_UNKNOWN;
	if (h && (!tail || t))
		r = file_sniff(h, hn, t, tn, total);
	free(h);
	free(t);
	CHECK(r >= FILE_TYPE_UNKNOWN && r <= FILE_TYPE_OFD);
	CHECK(file_type_name(r) && file_type_mime(r));
	CHECK(r == FILE_TYPE_UNKNOWN || file_type_from_name(file_type_name(r)) == r);
	return r;
}

/* Decodes one well-formed UTF-8 sequence; 0 when ill-formed. */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		n = 2, v = c & 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3, v = c & 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

static void check_name(const char *out)
{
	size_t len = strlen(out), chars = 0;
	CHECK(len > 0 && len < FILE_NAME_BYTES);
	CHECK(out[0] != ' ' && out[0] != '\t' && out[len - 1] != ' ' && out[len - 1] != '\t');
	for (const unsigned char *s = (const unsigned char *)out; *s;) {
		uint32_t cp;
		size_t n = utf8_next(s, &cp);
		CHECK(n > 0);
		CHECK(cp != '/' && cp != '\\');
		CHECK(cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0));
		CHECK(cp != 0x061C && cp != 0x200E && cp != 0x200F && !(cp >= 0x202A && cp <= 0x202E) &&
		      !(cp >= 0x2066 && cp <= 0x2069) && cp != 0xFEFF);
		chars++;
		s += n;
	}
	CHECK(chars <= FILE_NAME_MAX_CHARS);
}

static void name(const uint8_t *data, size_t size, file_type_t t)
{
	char *raw = malloc(size + 1);
	if (!raw)
		return;
	memcpy(raw, data, size);
	raw[size] = '\0';
	char out[FILE_NAME_BYTES];
	memset(out, 0x5A, sizeof out);
	out[sizeof out - 1] = '\0';
	char before[FILE_NAME_BYTES];
	memcpy(before, out, sizeof out);
	if (file_name_sanitise(raw, t, out))
		check_name(out);
	else
		CHECK(memcmp(out, before, sizeof out) == 0); /* out untouched */
	free(raw);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	file_type_t whole = sniff_copy(data, size, NULL, 0, size);
	/* A tail that is the whole file again must give the same answer. */
	CHECK(sniff_copy(data, size, data, size, size) == whole);

	size_t hn = size < WINDOW ? size : WINDOW, tn = hn;
	file_type_t windows = sniff_copy(data, hn, data + size - tn, tn, size);
	/* Magic numbers are in the head, so only OFD can depend on the windows. */
	if (whole != FILE_TYPE_OFD && windows != FILE_TYPE_OFD)
		CHECK(windows == whole);
	/* The windows hold a subset of what the whole file shows. */
	if (windows == FILE_TYPE_OFD)
		CHECK(whole == FILE_TYPE_OFD);

	size_t half = size / 2;
	sniff_copy(data, half, data + half, size - half, (uint64_t)size + (1u << 20));

	name(data, size, whole);
	return 0;
}
