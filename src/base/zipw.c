/* zipw.c — see zipw.h. Every integer of the format is little-endian. */
#include "base/zipw.h"
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define ZIP_MAX_ENTRIES 65535u
#define ZIP_MAX_SIZE 0xFFFFFFFFu
/* 1980-01-01 00:00 in MS-DOS form: the entries carry no meaningful time, and a
 * fixed one keeps the archive of the same data byte-for-byte the same. */
#define DOS_TIME 0
#define DOS_DATE ((0 << 9) | (1 << 5) | 1)

static int grow(unsigned char **b, size_t *cap, size_t need)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap : 1024;
	while (n < need)
		n *= 2;
	unsigned char *p = realloc(*b, n);
	if (!p)
		return -1;
	*b = p;
	*cap = n;
	return 0;
}

static int put(zipw_t *z, int central, const void *p, size_t n)
{
	unsigned char **b = central ? &z->cdir : &z->buf;
	size_t *len = central ? &z->clen : &z->len, *cap = central ? &z->ccap : &z->cap;
	if (grow(b, cap, *len + n) != 0)
		return -1;
	memcpy(*b + *len, p, n);
	*len += n;
	return 0;
}

static int put16(zipw_t *z, int central, unsigned v)
{
	unsigned char b[2] = {(unsigned char)(v & 0xFF), (unsigned char)((v >> 8) & 0xFF)};
	return put(z, central, b, 2);
}

static int put32(zipw_t *z, int central, uint32_t v)
{
	unsigned char b[4] = {(unsigned char)(v & 0xFF), (unsigned char)((v >> 8) & 0xFF),
			      (unsigned char)((v >> 16) & 0xFF), (unsigned char)((v >> 24) & 0xFF)};
	return put(z, central, b, 4);
}

void zipw_init(zipw_t *z) { memset(z, 0, sizeof *z); }

/* Raw deflate (no zlib header: ZIP's method 8) of data into a new buffer. */
static unsigned char *deflate_raw(const void *data, size_t len, size_t *out_len)
{
	z_stream s;
	memset(&s, 0, sizeof s);
	if (deflateInit2(&s, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	uLong bound = deflateBound(&s, (uLong)len);
	unsigned char *out = malloc(bound ? bound : 1);
	if (!out) {
		deflateEnd(&s);
		return NULL;
	}
	s.next_in = (Bytef *)(uintptr_t)data;
	s.avail_in = (uInt)len;
	s.next_out = out;
	s.avail_out = (uInt)bound;
	int rc = deflate(&s, Z_FINISH);
	*out_len = s.total_out;
	deflateEnd(&s);
	if (rc != Z_STREAM_END) {
		free(out);
		return NULL;
	}
	return out;
}

/* The fields the local header and the central record share, from "version needed" on. */
static int put_common(zipw_t *z, int central, uint32_t crc, size_t csize, size_t len, size_t name_len)
{
	return put16(z, central, 20) | put16(z, central, 1u << 11) | put16(z, central, 8) |
	       put16(z, central, DOS_TIME) | put16(z, central, DOS_DATE) | put32(z, central, crc) |
	       put32(z, central, (uint32_t)csize) | put32(z, central, (uint32_t)len) |
	       put16(z, central, (unsigned)name_len) | put16(z, central, 0);
}

int zipw_add(zipw_t *z, const char *name, const void *data, size_t len)
{
	size_t name_len = strlen(name), csize = 0;
	if (z->failed || z->entries >= ZIP_MAX_ENTRIES || name_len == 0 || name_len > 0xFFFF ||
	    len > ZIP_MAX_SIZE || z->len > ZIP_MAX_SIZE) {
		z->failed = 1;
		return -1;
	}
	unsigned char *packed = deflate_raw(data, len, &csize);
	if (!packed || z->len + 30 + name_len + csize > ZIP_MAX_SIZE) {
		free(packed);
		z->failed = 1;
		return -1;
	}
	uint32_t crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), (const Bytef *)data, (uInt)len);
	uint32_t offset = (uint32_t)z->len;
	int rc = put32(z, 0, 0x04034b50) | put_common(z, 0, crc, csize, len, name_len) |
		 put(z, 0, name, name_len) | put(z, 0, packed, csize);
	free(packed);
	/* the central record: version made by 2.0 (MS-DOS attributes), then the shared fields */
	rc |= put32(z, 1, 0x02014b50) | put16(z, 1, 20) | put_common(z, 1, crc, csize, len, name_len) |
	      put16(z, 1, 0) /* comment */ | put16(z, 1, 0) /* disk */ | put16(z, 1, 0) /* internal attr */ |
	      put32(z, 1, 0) /* external attr */ | put32(z, 1, offset) | put(z, 1, name, name_len);
	if (rc != 0) {
		z->failed = 1;
		return -1;
	}
	z->entries++;
	return 0;
}

unsigned char *zipw_finish(zipw_t *z, size_t *len)
{
	uint32_t cd_offset = (uint32_t)z->len;
	int rc = z->failed || z->len + z->clen + 22 > ZIP_MAX_SIZE ? -1 : put(z, 0, z->cdir, z->clen);
	rc |= put32(z, 0, 0x06054b50) | put16(z, 0, 0) | put16(z, 0, 0) | put16(z, 0, z->entries) |
	      put16(z, 0, z->entries) | put32(z, 0, (uint32_t)z->clen) | put32(z, 0, cd_offset) |
	      put16(z, 0, 0);
	unsigned char *out = rc == 0 ? z->buf : NULL;
	*len = rc == 0 ? z->len : 0;
	if (rc != 0)
		free(z->buf);
	free(z->cdir);
	memset(z, 0, sizeof *z);
	return out;
}
