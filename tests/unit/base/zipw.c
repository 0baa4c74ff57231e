/* zipw.c — unit tests of base/zipw, read back by the format's rules rather
 * than by the writer: each local header's signature, method 8, UTF-8 flag,
 * CRC-32 (zlib's crc32 of the original bytes) and sizes; the raw deflate data
 * inflates to the original; the central directory points at each local
 * header with the same fields; the end record counts the entries and locates
 * the directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include "base/zipw.h"

static unsigned u16(const unsigned char *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }
static uint32_t u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void inflate_equals(const unsigned char *packed, size_t n, const char *want, size_t want_len)
{
	unsigned char *out = malloc(want_len + 16);
	z_stream s;
	memset(&s, 0, sizeof s);
	assert_int_equal(inflateInit2(&s, -MAX_WBITS), Z_OK);
	s.next_in = (Bytef *)packed;
	s.avail_in = (uInt)n;
	s.next_out = out;
	s.avail_out = (uInt)(want_len + 16);
	assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
	assert_int_equal(s.total_out, want_len);
	assert_int_equal(s.avail_in, 0); /* the compressed size is exactly the data's */
	assert_memory_equal(out, want, want_len);
	inflateEnd(&s);
	free(out);
}

static void test_entries_read_back(void **state)
{
	(void)state;
	char big[20000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + (i * 7 + i / 13) % 26);
	const char *names[] = {"[Content_Types].xml", "xl/工作表.xml", "empty"};
	const char *data[] = {"<Types/>", big, ""};
	size_t lens[] = {8, sizeof big, 0};
	zipw_t z;
	zipw_init(&z);
	for (int i = 0; i < 3; i++)
		assert_int_equal(zipw_add(&z, names[i], data[i], lens[i]), 0);
	size_t len = 0;
	unsigned char *a = zipw_finish(&z, &len);
	assert_non_null(a);
	assert_true(len > 22);
	/* the end of central directory record */
	const unsigned char *end = a + len - 22;
	assert_int_equal(u32(end), 0x06054b50);
	assert_int_equal(u16(end + 8), 3);
	assert_int_equal(u16(end + 10), 3);
	uint32_t cd_size = u32(end + 12), cd_off = u32(end + 16);
	assert_int_equal(cd_off + cd_size, len - 22);
	const unsigned char *cd = a + cd_off;
	size_t local_off = 0;
	for (int i = 0; i < 3; i++) {
		size_t nl = strlen(names[i]);
		uint32_t crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), (const Bytef *)data[i], (uInt)lens[i]);
		/* the local header */
		const unsigned char *h = a + local_off;
		assert_int_equal(u32(h), 0x04034b50);
		assert_int_equal(u16(h + 6) & (1u << 11), 1u << 11); /* UTF-8 names */
		assert_int_equal(u16(h + 6) & (1u << 3), 0);         /* sizes here, no data descriptor */
		assert_int_equal(u16(h + 8), 8);                     /* deflate */
		assert_int_equal(u32(h + 14), crc);
		uint32_t csize = u32(h + 18);
		assert_int_equal(u32(h + 22), lens[i]);
		assert_int_equal(u16(h + 26), nl);
		assert_int_equal(u16(h + 28), 0);
		assert_memory_equal(h + 30, names[i], nl);
		inflate_equals(h + 30 + nl, csize, data[i], lens[i]);
		/* its central directory record says the same and points at it */
		assert_int_equal(u32(cd), 0x02014b50);
		assert_int_equal(u16(cd + 10), 8);
		assert_int_equal(u32(cd + 16), crc);
		assert_int_equal(u32(cd + 20), csize);
		assert_int_equal(u32(cd + 24), lens[i]);
		assert_int_equal(u16(cd + 28), nl);
		assert_int_equal(u32(cd + 42), local_off);
		assert_memory_equal(cd + 46, names[i], nl);
		size_t cd_len = 46 + nl + u16(cd + 30) + u16(cd + 32);
		cd += cd_len;
		local_off += 30 + nl + csize;
	}
	assert_int_equal(local_off, cd_off); /* the entries are followed directly by the directory */
	assert_ptr_equal(cd, end);
	free(a);
}

static void test_a_bad_entry_fails_the_archive(void **state)
{
	(void)state;
	zipw_t z;
	zipw_init(&z);
	assert_int_equal(zipw_add(&z, "a", "x", 1), 0);
	assert_int_equal(zipw_add(&z, "", "x", 1), -1);  /* a name is required */
	assert_int_equal(zipw_add(&z, "b", "y", 1), -1); /* the archive stays failed */
	size_t len = 1;
	assert_null(zipw_finish(&z, &len));
	assert_int_equal(len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_entries_read_back),
	    cmocka_unit_test(test_a_bad_entry_fails_the_archive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
