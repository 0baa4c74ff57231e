/* gzip.c — unit tests of base/gzip: what gzip_encode writes inflates (zlib,
 * gzip wrapper) to the bytes given, at every level and for empty input, and
 * the q-value of a coding in Accept-Encoding by RFC 9110 12.5.3. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include "base/gzip.h"

static void inflates_to(const unsigned char *gz, size_t n, const char *want, size_t want_len)
{
	assert_true(n >= 18 && gz[0] == 0x1f && gz[1] == 0x8b); /* a gzip member's magic */
	unsigned char *out = malloc(want_len + 16);
	z_stream s;
	memset(&s, 0, sizeof s);
	assert_int_equal(inflateInit2(&s, 16 + MAX_WBITS), Z_OK);
	s.next_in = (Bytef *)gz;
	s.avail_in = (uInt)n;
	s.next_out = out;
	s.avail_out = (uInt)(want_len + 16);
	assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
	assert_int_equal(s.total_out, want_len);
	assert_int_equal(s.avail_in, 0);
	assert_memory_equal(out, want, want_len);
	inflateEnd(&s);
	free(out);
}

static void round_trip_at_every_level(void **state)
{
	(void)state;
	size_t len = 100000;
	char *text = malloc(len);
	for (size_t i = 0; i < len; i++) /* JSON-like: repetitive with some variety */
		text[i] = "{\"code\":\"QT001\",\"name\":[1,2,3]}"[i % 31] + (char)(i % 997 == 0);
	size_t small = 0;
	for (int level = 1; level <= 9; level++) {
		size_t n;
		unsigned char *gz = gzip_encode(text, len, level, &n);
		assert_non_null(gz);
		assert_true(n < len / 10);
		inflates_to(gz, n, text, len);
		free(gz);
		/* the stream a thread keeps is reset: a short body after a long one is whole */
		gz = gzip_encode("{}", 2, level, &small);
		inflates_to(gz, small, "{}", 2);
		free(gz);
	}
	size_t n;
	unsigned char *gz = gzip_encode("", 0, 1, &n);
	inflates_to(gz, n, "", 0);
	free(gz);
	free(text);
}

static void q_values(void **state)
{
	(void)state;
	assert_true(coding_q(NULL, "gzip") == 0);
	assert_true(coding_q("", "gzip") == 0);
	assert_true(coding_q("gzip", "gzip") == 1);
	assert_true(coding_q("GZip", "gzip") == 1);
	assert_true(coding_q("deflate, br", "gzip") == 0);
	assert_true(coding_q("gzip;q=0", "gzip") == 0);
	assert_true(coding_q("gzip; q=0.000", "gzip") == 0);
	assert_true(coding_q("gzip;q=0.5", "gzip") == 0.5);
	assert_true(coding_q("gzip;Q=0.25", "gzip") == 0.25);
	assert_true(coding_q("*", "gzip") == 1);
	assert_true(coding_q("*;q=0", "gzip") == 0);
	assert_true(coding_q("gzip;q=0, *", "gzip") == 0);     /* its own entry wins */
	assert_true(coding_q("*;q=0, gzip;q=0.1", "gzip") == 0.1);
	assert_true(coding_q("br;q=1, *;q=0.3", "gzip") == 0.3);
	assert_true(coding_q("gzipper, xgzip", "gzip") == 0);
	assert_true(coding_q("gzip;level=1;q=0", "gzip") == 0); /* q after another parameter */
	assert_true(coding_q("gzip;q=abc", "gzip") == 0);       /* malformed: no weight */
	assert_true(coding_q("gzip;q=2", "gzip") == 0);
	assert_true(coding_q("br;q=0.9, gzip", "br") == 0.9);
	assert_true(coding_q("  gzip  ;q=0.7 ,br", "gzip") == 0.7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(round_trip_at_every_level),
	    cmocka_unit_test(q_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
