/* filebox.c — unit tests of base/filebox: a file's bytes sealed at rest.
 * The rules: sealed bytes open to exactly what was sealed, at every size
 * around the frame edges, and show none of it; the sealed size is the
 * format's (28 + 17 per frame + the plaintext, one frame at least) and its
 * inverse recovers the plaintext size; the same bytes sealed twice differ;
 * a changed byte, a file cut at a frame edge, two frames swapped, another
 * name or another key file make the reader fail, never hand out other
 * bytes; nothing seals or opens without a key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/filebox.h"
#include "base/keystore.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))
#define NAME "0716f9264c9fe19f5d7455276107f3ddcc1d3497f63d60689a73558ae8a1bf5e"
#define F FILEBOX_FRAME

static const unsigned char KEY_A[KEY_BYTES] = "filebox unit tests: first key..";
static const unsigned char KEY_B[KEY_BYTES] = "filebox unit tests: other key..";

static int setup(void **state)
{
	(void)state;
	keystore_set(KEY_A);
	return 0;
}

/* An anonymous temporary file holding n bytes of p. */
static int file_of(const unsigned char *p, size_t n)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	int fd = dup(fileno(f));
	fclose(f);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, p, n, 0), (ssize_t)n);
	return fd;
}

/* The sealed form of n bytes of p, into *out (malloc'd); its length. */
static size_t seal_bytes(const unsigned char *p, size_t n, const char *name, unsigned char **out)
{
	int in = file_of(p, n), sealed = file_of((const unsigned char *)"", 0);
	assert_true(filebox_seal_fd(in, n, sealed, name));
	close(in);
	struct stat sb;
	assert_int_equal(fstat(sealed, &sb), 0);
	*out = malloc((size_t)sb.st_size + 1);
	assert_int_equal(pread(sealed, *out, (size_t)sb.st_size, 0), sb.st_size);
	close(sealed);
	return (size_t)sb.st_size;
}

/* Reads sealed bytes back through the reader in pieces of `step`: the
 * plaintext's length, or -1 when the reader refused (at open or on a frame). */
static long open_bytes(const unsigned char *s, size_t n, uint64_t plain, const char *name, unsigned char *out,
		       size_t step)
{
	filebox_reader_t *r = filebox_reader_open(file_of(s, n), plain, name);
	if (!r)
		return -1;
	long got = 0;
	ssize_t k;
	while ((k = filebox_read(r, out + got, step)) > 0)
		got += k;
	filebox_reader_free(r);
	return k < 0 ? -1 : got;
}

static unsigned char *pattern(size_t n)
{
	unsigned char *p = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)("110105194912310021 13812345678 "[i % 31]);
	return p;
}

static void test_round_trip_at_the_frame_edges(void **state)
{
	(void)state;
	static const size_t sizes[] = {0, 1, F - 1, F, F + 1, 3 * F, 3 * F + 7};
	static const size_t steps[] = {1000, 7, F, 3 * F};
	for (size_t i = 0; i < N_ROWS(sizes); i++) {
		size_t n = sizes[i], frames = n ? (n + F - 1) / F : 1;
		unsigned char *p = pattern(n), *s, *back = malloc(n + 1);
		size_t sn = seal_bytes(p, n, NAME, &s);
		/* the format's size, stated independently of the code */
		assert_int_equal(sn, 4 + 24 + 17 * frames + n);
		assert_int_equal(filebox_sealed_size(n), sn);
		uint64_t plain = 12345;
		assert_true(filebox_plain_size(sn, &plain));
		assert_int_equal(plain, n);
		assert_memory_equal(s, "OSF1", 4);
		assert_null(memmem(s, sn, "110105194912310021", 18));
		assert_null(memmem(s, sn, "13812345678", 11));
		for (size_t k = 0; k < N_ROWS(steps); k++) {
			memset(back, 0, n + 1);
			assert_int_equal(open_bytes(s, sn, n, NAME, back, steps[k]), (long)n);
			assert_memory_equal(back, p, n);
		}
		free(p);
		free(s);
		free(back);
	}
	/* sizes no plaintext seals to */
	uint64_t plain;
	assert_false(filebox_plain_size(0, &plain));
	assert_false(filebox_plain_size(44, &plain));
	assert_false(filebox_plain_size(4 + 24 + 17 + F + 1, &plain)); /* one byte over a full frame */
}

static void test_sealing_twice_differs(void **state)
{
	(void)state;
	unsigned char *p = pattern(100), *a, *b;
	size_t na = seal_bytes(p, 100, NAME, &a), nb = seal_bytes(p, 100, NAME, &b);
	assert_int_equal(na, nb);
	assert_memory_not_equal(a, b, na);
	free(p);
	free(a);
	free(b);
}

/* Every kind of damage makes the reader fail; none yields other bytes. */
static void test_damage_is_refused(void **state)
{
	(void)state;
	size_t n = 3 * F + 7, fs = F + 17, head = 28;
	unsigned char *p = pattern(n), *s, *back = malloc(n + 1), *d;
	size_t sn = seal_bytes(p, n, NAME, &s);
	d = malloc(sn);

	/* one changed byte anywhere: the magic, the header, each frame */
	static const size_t at[] = {0, 10, 28, 28 + F / 2, 28 + F + 16, 28 + 2 * (F + 17) + 5};
	for (size_t i = 0; i < N_ROWS(at); i++) {
		memcpy(d, s, sn);
		d[at[i]] ^= 0x20;
		assert_int_equal(open_bytes(d, sn, n, NAME, back, F), -1);
	}
	/* cut after the third frame: a final frame is missing; the size is another plaintext's */
	size_t cut = head + 3 * fs;
	assert_int_equal(open_bytes(s, cut, 3 * F, NAME, back, F), -1);
	/* the same file announced with another plaintext size */
	assert_int_equal(open_bytes(s, sn, n - 1, NAME, back, F), -1);
	/* frames 0 and 1 swapped */
	memcpy(d, s, sn);
	memcpy(d + head, s + head + fs, fs);
	memcpy(d + head + fs, s + head, fs);
	assert_int_equal(open_bytes(d, sn, n, NAME, back, F), -1);
	/* another name (the bytes moved to another address) */
	assert_int_equal(
	    open_bytes(s, sn, n, "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03", back, F),
	    -1);
	/* another key file */
	keystore_set(KEY_B);
	assert_int_equal(open_bytes(s, sn, n, NAME, back, F), -1);
	/* no key: nothing seals, nothing opens */
	keystore_unload();
	assert_int_equal(open_bytes(s, sn, n, NAME, back, F), -1);
	int in = file_of(p, 10), out = file_of((const unsigned char *)"", 0);
	assert_false(filebox_seal_fd(in, 10, out, NAME));
	struct stat sb;
	assert_int_equal(fstat(out, &sb), 0);
	assert_int_equal(sb.st_size, 0); /* nothing written in the clear either */
	close(in);
	close(out);
	keystore_set(KEY_A);
	assert_int_equal(open_bytes(s, sn, n, NAME, back, F), (long)n);
	assert_memory_equal(back, p, n);
	free(p);
	free(s);
	free(d);
	free(back);
}

/* A short input (the file holds fewer bytes than announced) fails the seal. */
static void test_short_input_fails(void **state)
{
	(void)state;
	unsigned char *p = pattern(100);
	int in = file_of(p, 100), out = file_of((const unsigned char *)"", 0);
	assert_false(filebox_seal_fd(in, 101, out, NAME));
	close(in);
	close(out);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_round_trip_at_the_frame_edges, setup),
	    cmocka_unit_test_setup(test_sealing_twice_differs, setup),
	    cmocka_unit_test_setup(test_damage_is_refused, setup),
	    cmocka_unit_test_setup(test_short_input_fails, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
