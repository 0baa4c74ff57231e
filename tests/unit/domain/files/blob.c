/* blob.c — unit tests of domain/files/blob.c: where the files directory is,
 * the upload sink (its temporary file, hash and kept head), and storing the
 * bytes once by their SHA-256. The expected hashes were computed outside
 * this code base (Python's hashlib). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "domain/files/blob.h"
#include "base/filebox.h"
#include "base/keystore.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ where blobs live */

static void test_files_dir(void **state)
{
	(void)state;
	static const struct {
		const char *url, *want;
	} rows[] = {
		{"sqlite:var/onestop.db", "var/files"},
		{"sqlite:/tmp/run/x.db", "/tmp/run/files"},
		{"sqlite:onestop.db", "files"},
		{"sqlite:/onestop.db", "/files"},
		{"postgresql://db.example/onestop", "var/files"},
	};
	char out[64];
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		assert_true(file_dir_for_db(rows[i].url, out, sizeof out));
		assert_string_equal(out, rows[i].want);
	}
	char tiny[8];
	assert_false(file_dir_for_db("sqlite:var/onestop.db", tiny, sizeof tiny));

	char p[256];
	const char *sha = "d19439fb8c221ff0436c3804b96eedd11509916fa40ab0173a2f1c0e9278c61e";
	assert_true(file_blob_path("var/files", sha, p, sizeof p));
	assert_string_equal(p, "var/files/d1/d19439fb8c221ff0436c3804b96eedd11509916fa40ab0173a2f1c0e9278c61e");
	assert_false(file_blob_path("var/files", "d194", p, sizeof p));
	assert_false(file_blob_path("var/files", sha, p, 40));
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* The sink writes a temporary file that disappears unless it was stored; a
 * restart sweeps what a crash left behind. */
static void test_sink(void **state)
{
	(void)state;
	char root[] = "/tmp/onestop-test-files-XXXXXX";
	assert_non_null(mkdtemp(root));
	char dir[128], tmp[160], stale[200];
	snprintf(dir, sizeof dir, "%s/var/files", root);
	snprintf(tmp, sizeof tmp, "%s/tmp", dir);
	assert_true(file_dir_prepare(dir));
	assert_int_equal(count_entries(tmp), 0);

	snprintf(stale, sizeof stale, "%s/upload-stale1", tmp);
	FILE *f = fopen(stale, "w");
	assert_non_null(f);
	fputs("left by a crash", f);
	fclose(f);
	assert_true(file_dir_prepare(dir));
	assert_int_equal(count_entries(tmp), 0);

	file_sink_t *s = file_sink_open(dir);
	assert_non_null(s);
	assert_int_equal(count_entries(tmp), 1);
	assert_true(file_sink_write(s, "%PDF-", 5));
	assert_true(file_sink_write(s, "1.7\n", 4));
	assert_int_equal(file_sink_size(s), 9);
	file_sink_free(s);
	assert_int_equal(count_entries(tmp), 0);
	file_sink_free(NULL);

	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

/* sha256("%PDF-1.7\n") */
#define PDF17_SHA "0716f9264c9fe19f5d7455276107f3ddcc1d3497f63d60689a73558ae8a1bf5e"
/* sha256("hello\n") */
#define HELLO_SHA "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"

static file_sink_t *sink_of(const char *dir, const char *bytes)
{
	file_sink_t *s = file_sink_open(dir);
	assert_non_null(s);
	assert_true(file_sink_write(s, bytes, strlen(bytes)));
	return s;
}

/* A stored upload lands at <dir>/<aa>/<sha256> with its bytes; the same bytes
 * again are recognised as stored (dedup) and leave one blob and no temporary file. */
static void test_commit_and_dedup(void **state)
{
	(void)state;
	static const unsigned char key[KEY_BYTES] = "blob unit tests: the key file...";
	keystore_set(key);
	char root[] = "/tmp/onestop-test-blob-XXXXXX";
	assert_non_null(mkdtemp(root));
	char dir[128], tmp[160], sub[160], path[256];
	snprintf(dir, sizeof dir, "%s/files", root);
	snprintf(tmp, sizeof tmp, "%s/tmp", dir);
	assert_true(file_dir_prepare(dir));

	file_sink_t *s = sink_of(dir, "%PDF-1.7\n");
	assert_false(file_sink_failed(s));
	assert_int_equal(file_sink_sniff(s), FILE_TYPE_PDF);
	assert_string_equal(file_sink_finish(s), PDF17_SHA);
	assert_string_equal(file_sink_finish(s), PDF17_SHA);   /* asking again gives the same */
	assert_false(file_sink_write(s, "more", 4));            /* finished: no more bytes */
	bool dedup = true;
	assert_true(blob_commit(dir, s, &dedup));
	assert_false(dedup);
	file_sink_free(s);
	assert_true(file_blob_path(dir, PDF17_SHA, path, sizeof path));
	/* stored sealed: the format's size for 9 bytes (28 + 17 + 9), none of them in the clear */
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char got[128] = "";
	size_t n = fread(got, 1, sizeof got - 1, f);
	fclose(f);
	assert_int_equal(n, 54);
	assert_memory_equal(got, "OSF1", 4);
	assert_null(memmem(got, n, "PDF", 3));
	/* and read back through the blob reader */
	blob_reader_t *r = blob_open(NULL, dir, PDF17_SHA, 9);
	assert_non_null(r);
	memset(got, 0, sizeof got);
	assert_int_equal(blob_read(r, got, sizeof got), 9);
	assert_int_equal(blob_read(r, got + 9, sizeof got - 9), 0);
	assert_string_equal(got, "%PDF-1.7\n");
	blob_reader_close(r);
	assert_null(blob_open(NULL, dir, PDF17_SHA, 10)); /* not the recorded size */
	assert_int_equal(count_entries(tmp), 0);

	s = sink_of(dir, "%PDF-1.7\n");
	dedup = false;
	assert_true(blob_commit(dir, s, &dedup));
	assert_true(dedup);
	file_sink_free(s);
	snprintf(sub, sizeof sub, "%s/07", dir);
	assert_int_equal(count_entries(sub), 1);
	assert_int_equal(count_entries(tmp), 0);

	/* different bytes, a different blob; a text file is not a known type */
	s = sink_of(dir, "hello\n");
	assert_int_equal(file_sink_sniff(s), FILE_TYPE_UNKNOWN);
	assert_true(blob_commit(dir, s, &dedup));
	assert_false(dedup);
	assert_string_equal(file_sink_finish(s), HELLO_SHA);
	file_sink_free(s);
	assert_int_equal(count_entries(dir), 3);   /* tmp, 07, 58 */

	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

/* A file longer than the kept head is sniffed from its head and its tail read back. */
static void test_sniff_large(void **state)
{
	(void)state;
	char root[] = "/tmp/onestop-test-blob-XXXXXX";
	assert_non_null(mkdtemp(root));
	char dir[128];
	snprintf(dir, sizeof dir, "%s/files", root);
	assert_true(file_dir_prepare(dir));
	file_sink_t *s = file_sink_open(dir);
	assert_non_null(s);
	assert_true(file_sink_write(s, "\x89PNG\r\n\x1A\n", 8));
	static char zeros[FILE_HEAD_BYTES];
	assert_true(file_sink_write(s, zeros, sizeof zeros));
	assert_int_equal(file_sink_size(s), 8 + FILE_HEAD_BYTES);
	assert_int_equal(file_sink_sniff(s), FILE_TYPE_PNG);
	file_sink_free(s);
	s = file_sink_open(dir);
	assert_true(file_sink_write(s, zeros, sizeof zeros));
	assert_true(file_sink_write(s, "%PDF-", 5));        /* a signature past the head does not count */
	assert_int_equal(file_sink_sniff(s), FILE_TYPE_UNKNOWN);
	file_sink_free(s);
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_files_dir),
		cmocka_unit_test(test_sink),
		cmocka_unit_test(test_commit_and_dedup),
		cmocka_unit_test(test_sniff_large),
	};
	return cmocka_run_group_tests_name("files/blob", tests, NULL, NULL);
}
