/* sniff.c — recognising PDF, JPEG, PNG and OFD by their bytes (see sniff.h).
 *
 * OFD is the hard one: it is a ZIP, and only the presence of a root entry
 * "OFD.xml" tells it from any other archive. The ZIP is walked from both
 * ends within the buffers given, never past them, because the bytes are
 * untrusted and the work must stay bounded. */
#include "domain/files/sniff.h"
#include <stdbool.h>
#include <string.h>

static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool is_ofd_entry(const unsigned char *name, size_t n)
{
	return n == 7 && memcmp(name, "OFD.xml", 7) == 0;
}

/* Walks the local file headers from the start of the ZIP while they lie in
 * the buffer. An entry whose sizes follow its data (flag bit 3) cannot be
 * skipped without inflating it, so the walk stops there. */
static bool zip_local_has_ofd(const unsigned char *b, size_t n)
{
	size_t p = 0;
	for (int i = 0; i < 512 && p + 30 <= n; i++) {
		if (le32(b + p) != 0x04034b50)
			return false;
		uint16_t flags = le16(b + p + 6), nl = le16(b + p + 26), el = le16(b + p + 28);
		uint32_t csize = le32(b + p + 18);
		if (p + 30 + nl > n)
			return false;
		if (is_ofd_entry(b + p + 30, nl))
			return true;
		if (flags & 0x08)
			return false;
		uint64_t next = (uint64_t)p + 30 + nl + el + csize;
		if (next > n)
			return false;
		p = (size_t)next;
	}
	return false;
}

/* Finds the end-of-central-directory record in the tail and reads the
 * central directory when it lies in the tail too (small archives; an OFD
 * document's directory is a few KB). */
static bool zip_central_has_ofd(const unsigned char *t, size_t tn, uint64_t total)
{
	if (tn < 22 || total < tn)
		return false;
	uint64_t tail_start = total - tn;
	for (size_t i = tn - 22 + 1; i-- > 0;) {
		if (le32(t + i) != 0x06054b50)
			continue;
		uint16_t entries = le16(t + i + 10);
		uint32_t cd_size = le32(t + i + 12), cd_off = le32(t + i + 16);
		if (cd_off < tail_start || (uint64_t)cd_off + cd_size > tail_start + i)
			return false;
		size_t p = (size_t)(cd_off - tail_start), end = p + cd_size;
		for (unsigned k = 0; k < entries && p + 46 <= end; k++) {
			if (le32(t + p) != 0x02014b50)
				return false;
			uint16_t nl = le16(t + p + 28), el = le16(t + p + 30), cl = le16(t + p + 32);
			if (p + 46 + nl > end)
				return false;
			if (is_ofd_entry(t + p + 46, nl))
				return true;
			p += 46u + nl + el + cl;
		}
		return false;
	}
	return false;
}

file_type_t file_sniff(const unsigned char *head, size_t head_len, const unsigned char *tail, size_t tail_len,
		       uint64_t total)
{
	static const unsigned char png[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
	if (!head)
		return FILE_TYPE_UNKNOWN;
	if (head_len >= 5 && memcmp(head, "%PDF-", 5) == 0)
		return FILE_TYPE_PDF;
	if (head_len >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
		return FILE_TYPE_JPEG;
	if (head_len >= 8 && memcmp(head, png, 8) == 0)
		return FILE_TYPE_PNG;
	if (head_len >= 4 && memcmp(head, "PK\x03\x04", 4) == 0) {
		if (!tail) {
			tail = head;
			tail_len = head_len;
			total = head_len;
		}
		if (zip_local_has_ofd(head, head_len) || zip_central_has_ofd(tail, tail_len, total))
			return FILE_TYPE_OFD;
	}
	return FILE_TYPE_UNKNOWN;
}

static const struct {
	const char *name, *mime, *ext;
} TYPES[] = {
	[FILE_TYPE_UNKNOWN] = {"", "application/octet-stream", "bin"},
	[FILE_TYPE_PDF] = {"pdf", "application/pdf", "pdf"},
	[FILE_TYPE_JPEG] = {"jpeg", "image/jpeg", "jpg"},
	[FILE_TYPE_PNG] = {"png", "image/png", "png"},
	[FILE_TYPE_OFD] = {"ofd", "application/ofd", "ofd"},
};

const char *file_type_name(file_type_t t) { return TYPES[t <= FILE_TYPE_OFD ? t : 0].name; }
const char *file_type_mime(file_type_t t) { return TYPES[t <= FILE_TYPE_OFD ? t : 0].mime; }
const char *file_type_ext(file_type_t t) { return TYPES[t <= FILE_TYPE_OFD ? t : 0].ext; }

file_type_t file_type_from_name(const char *name)
{
	for (int t = FILE_TYPE_PDF; t <= FILE_TYPE_OFD; t++)
		if (name && strcmp(name, TYPES[t].name) == 0)
			return (file_type_t)t;
	return FILE_TYPE_UNKNOWN;
}
