/* blob_db.c — unit tests of domain/files/blob_db.c: blobs kept in the
 * database. Its SQL is the same on every engine, so a SQLite temporary store
 * serves (the backend is called directly; blob.c chooses it only off SQLite).
 * A blob of several chunks goes in and comes back into an empty cache byte
 * for byte; the same bytes again insert nothing; a damaged or missing chunk
 * is caught on the way out and nothing is cached. Sealed blobs (what blob.c
 * stores) are checked on the way out by opening them; a blob stored in the
 * clear is resealed once, by one writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "domain/files/blob.h"
#include "base/filebox.h"
#include "base/keystore.h"
#include "domain/files/blob_db.h"
#include "domain/files/blob_store.h"
#include "unit/tempstore.h"

#define BIG (600 * 1024) /* three chunks: 256 + 256 + 88 KiB */

static int64_t count(store_t *st, const char *sql)
{
	dbs_t *s = db_prep(store_reader(st), sql);
	int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
	db_reset(s);
	return n;
}

static int entries(const char *dir)
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

/* The whole content of path into out (cap bytes); its length, -1 on error. */
static long slurp(const char *path, unsigned char *out, size_t cap)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	size_t n = fread(out, 1, cap, f);
	fclose(f);
	return (long)n;
}

struct sql_ctx {
	const char *sql;
};

static int exec_write(dbc_t *c, void *arg)
{
	return db_exec(c, ((struct sql_ctx *)arg)->sql) == DB_OK ? 0 : -1;
}

static void run(store_t *st, const char *sql)
{
	struct sql_ctx x = {sql};
	assert_int_equal(store_write(st, exec_write, &x), 0);
}

/* Inserting what is there already changes nothing and is no error (a write
 * callback may run twice). */
static int insert_again(dbc_t *c, void *arg)
{
	const char *sha = arg;
	bool inserted = true;
	if (blob_store_insert(c, sha, BIG, 3, 0, &inserted) != DB_DONE || inserted)
		return 1;
	char text[16];
	if (blob_store_insert_chunk(c, sha, 0, (const unsigned char *)"other", 5, text, sizeof text) != DB_DONE ||
	    db_changes(c) != 0)
		return 2;
	return 0;
}

static void test_put_fetch_dedup_damage(void **state)
{
	(void)state;
	char dir[TEMPSTORE_DIR_LEN], cache[128], upload[160], tmp[160], path[256], other[160];
	store_t *st = tempstore_open("blobdb", dir);
	assert_non_null(st);
	snprintf(cache, sizeof cache, "%s/cache", dir);
	snprintf(tmp, sizeof tmp, "%s/tmp", cache);
	assert_true(file_dir_prepare(cache));

	/* the upload: 600 KiB of random bytes in a file, and their hash */
	unsigned char *bytes = malloc(BIG), *back = malloc(BIG + 1);
	assert_non_null(bytes);
	assert_non_null(back);
	randombytes_buf(bytes, BIG);
	unsigned char d[crypto_hash_sha256_BYTES];
	char sha[FILE_SHA256_HEX + 1];
	crypto_hash_sha256(d, bytes, BIG);
	sodium_bin2hex(sha, sizeof sha, d, sizeof d);
	snprintf(upload, sizeof upload, "%s/upload", dir);
	int fd = open(upload, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bytes, BIG), BIG);

	/* stored: one row, three chunks of base64 */
	bool dedup = true;
	assert_true(blob_db_put(st, fd, BIG, BIG, sha, &dedup));
	assert_false(dedup);
	assert_int_equal(count(st, "SELECT COUNT(*) FROM blobs"), 1);
	assert_int_equal(count(st, "SELECT COUNT(*) FROM blob_chunks"), 3);
	assert_int_equal(count(st, "SELECT size FROM blobs"), BIG);
	assert_int_equal(count(st, "SELECT chunks FROM blobs"), 3);
	assert_int_equal(count(st, "SELECT LENGTH(data) FROM blob_chunks WHERE n = 0"),
			 sodium_base64_ENCODED_LEN(BLOB_CHUNK_BYTES, sodium_base64_VARIANT_ORIGINAL) - 1);

	/* the same bytes again: nothing inserted */
	assert_true(blob_db_put(st, fd, BIG, BIG, sha, &dedup));
	assert_true(dedup);
	assert_int_equal(count(st, "SELECT COUNT(*) FROM blobs"), 1);
	assert_int_equal(count(st, "SELECT COUNT(*) FROM blob_chunks"), 3);
	assert_int_equal(store_write(st, insert_again, sha), 0);
	/* the same hash with another size is refused */
	assert_false(blob_db_put(st, fd, BIG - 1, BIG - 1, sha, &dedup));
	close(fd);

	/* fetched into an empty cache: the same bytes at the content address, no temporary file left */
	assert_true(file_blob_path(cache, sha, path, sizeof path));
	assert_int_equal(access(path, F_OK), -1);
	assert_true(blob_db_fetch(st, cache, sha));
	assert_int_equal(slurp(path, back, BIG + 1), BIG);
	assert_memory_equal(back, bytes, BIG);
	assert_int_equal(entries(tmp), 0);
	/* fetching again (a request that raced the first) just replaces it with the same */
	assert_true(blob_db_fetch(st, cache, sha));
	assert_int_equal(slurp(path, back, BIG + 1), BIG);
	assert_memory_equal(back, bytes, BIG);

	/* a blob the database does not have */
	assert_false(
	    blob_db_fetch(st, cache, "00000000000000000000000000000000000000000000000000000000000000ff"));

	/* damage, one at a time on the intact chunks: a chunk of other bytes
	 * (the right length), text that is not base64, a chunk missing. Each
	 * fetch fails and leaves nothing; with the chunks restored it works. */
	static const char *const damage[] = {
	    "UPDATE blob_chunks SET data = (SELECT data FROM blob_chunks WHERE n = 0) WHERE n = 1",
	    "UPDATE blob_chunks SET data = 'not base64!' WHERE n = 1",
	    "DELETE FROM blob_chunks WHERE n = 2",
	};
	snprintf(other, sizeof other, "%s/other", dir);
	run(st, "CREATE TABLE saved AS SELECT * FROM blob_chunks");
	for (size_t i = 0; i <= sizeof damage / sizeof damage[0]; i++) {
		char fresh[200];
		snprintf(fresh, sizeof fresh, "%s%zu", other, i);
		assert_true(file_dir_prepare(fresh));
		run(st, "DELETE FROM blob_chunks");
		run(st, "INSERT INTO blob_chunks SELECT * FROM saved");
		if (i == sizeof damage / sizeof damage[0]) {
			assert_true(blob_db_fetch(st, fresh, sha));
			break;
		}
		run(st, damage[i]);
		assert_false(blob_db_fetch(st, fresh, sha));
		assert_true(file_blob_path(fresh, sha, path, sizeof path));
		assert_int_equal(access(path, F_OK), -1);
		char ftmp[220], sub[220];
		snprintf(ftmp, sizeof ftmp, "%s/tmp", fresh);
		snprintf(sub, sizeof sub, "%s/%.2s", fresh, sha);
		assert_int_equal(entries(ftmp), 0);
		assert_true(entries(sub) <= 0);
		char cmd[300];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", fresh);
		assert_int_equal(system(cmd), 0);
	}

	free(bytes);
	free(back);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s/cache' '%s/upload' '%s'/other*", dir, dir, dir);
	assert_int_equal(system(cmd), 0);
	tempstore_close(st, dir);
}

/* Sizes at the chunk edges: the chunk count is the ceiling of size / 256 KiB. */
static void test_chunk_edges(void **state)
{
	(void)state;
	char dir[TEMPSTORE_DIR_LEN], cache[128], upload[160], path[256];
	store_t *st = tempstore_open("blobdb", dir);
	assert_non_null(st);
	snprintf(cache, sizeof cache, "%s/cache", dir);
	assert_true(file_dir_prepare(cache));
	static const size_t sizes[] = {1, BLOB_CHUNK_BYTES, BLOB_CHUNK_BYTES + 1};
	static const int64_t chunks[] = {1, 1, 2};
	unsigned char *bytes = malloc(BLOB_CHUNK_BYTES + 1), *back = malloc(BLOB_CHUNK_BYTES + 2);
	assert_non_null(bytes);
	assert_non_null(back);
	snprintf(upload, sizeof upload, "%s/upload", dir);
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		randombytes_buf(bytes, sizes[i]);
		unsigned char d[crypto_hash_sha256_BYTES];
		char sha[FILE_SHA256_HEX + 1];
		crypto_hash_sha256(d, bytes, sizes[i]);
		sodium_bin2hex(sha, sizeof sha, d, sizeof d);
		int fd = open(upload, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, bytes, sizes[i]), (ssize_t)sizes[i]);
		bool dedup;
		assert_true(blob_db_put(st, fd, sizes[i], sizes[i], sha, &dedup));
		close(fd);
		char q[200];
		snprintf(q, sizeof q, "SELECT chunks FROM blobs WHERE sha256 = '%s'", sha);
		assert_int_equal(count(st, q), chunks[i]);
		assert_true(blob_db_fetch(st, cache, sha));
		assert_true(file_blob_path(cache, sha, path, sizeof path));
		assert_int_equal(slurp(path, back, BLOB_CHUNK_BYTES + 2), (long)sizes[i]);
		assert_memory_equal(back, bytes, sizes[i]);
	}
	free(bytes);
	free(back);
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s/cache' '%s/upload'", dir, dir);
	assert_int_equal(system(cmd), 0);
	tempstore_close(st, dir);
}

static void test_sealed_and_resealed(void **state)
{
	(void)state;
	static const unsigned char key[KEY_BYTES] = "blob_db unit tests: a key file..";
	keystore_set(key);
	char dir[TEMPSTORE_DIR_LEN], cache[128], fresh[160], upload[160], stmp[1200], path[1300];
	store_t *st = tempstore_open("blobdb", dir);
	assert_non_null(st);
	snprintf(cache, sizeof cache, "%s/cache", dir);
	snprintf(fresh, sizeof fresh, "%s/fresh", dir);
	assert_true(file_dir_prepare(cache));
	assert_true(file_dir_prepare(fresh));
	unsigned char *bytes = malloc(BIG), *back = malloc(BIG + 1);
	randombytes_buf(bytes, BIG);
	unsigned char d[crypto_hash_sha256_BYTES];
	char sha[FILE_SHA256_HEX + 1];
	crypto_hash_sha256(d, bytes, BIG);
	sodium_bin2hex(sha, sizeof sha, d, sizeof d);
	snprintf(upload, sizeof upload, "%s/upload", dir);
	int fd = open(upload, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_int_equal(write(fd, bytes, BIG), BIG);
	uint64_t sealed = filebox_sealed_size(BIG);
	int64_t sealed_chunks = (int64_t)((sealed + BLOB_CHUNK_BYTES - 1) / BLOB_CHUNK_BYTES);

	/* stored in the clear, as before sealing; the sealed form is the same blob (dedup) */
	bool dedup = true;
	assert_true(blob_db_put(st, fd, BIG, BIG, sha, &dedup));
	int sfd = blob_seal_tmp(cache, fd, BIG, sha, stmp, sizeof stmp);
	assert_true(sfd >= 0);
	assert_true(blob_db_put(st, sfd, sealed, BIG, sha, &dedup));
	assert_true(dedup);
	assert_int_equal(count(st, "SELECT size FROM blobs"), BIG);
	/* resealed: the row and its chunks are the sealed bytes */
	assert_true(blob_db_reseal(st, sfd, sealed, BIG, sha));
	assert_int_equal(count(st, "SELECT size FROM blobs"), (int64_t)sealed);
	assert_int_equal(count(st, "SELECT chunks FROM blobs"), sealed_chunks);
	assert_int_equal(count(st, "SELECT COUNT(*) FROM blob_chunks"), sealed_chunks);
	/* a second node resealing the same blob changes nothing */
	int sfd2 = blob_seal_tmp(cache, fd, BIG, sha, stmp + 600, 600);
	assert_true(blob_db_reseal(st, sfd2, sealed, BIG, sha));
	assert_int_equal(count(st, "SELECT COUNT(*) FROM blob_chunks"), sealed_chunks);
	close(sfd2);
	unlink(stmp + 600);

	/* fetched: checked by opening it, cached sealed, read back whole */
	assert_true(blob_db_fetch(st, fresh, sha));
	assert_true(file_blob_path(fresh, sha, path, sizeof path));
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal((uint64_t)sb.st_size, sealed);
	blob_reader_t *r = blob_open(NULL, fresh, sha, BIG);
	assert_non_null(r);
	long got = 0;
	ssize_t k;
	while ((k = blob_read(r, back + got, 100000)) > 0)
		got += k;
	blob_reader_close(r);
	assert_int_equal(k, 0);
	assert_int_equal(got, BIG);
	assert_memory_equal(back, bytes, BIG);

	/* a sealed chunk replaced by another of the same length: the fetch fails, nothing cached */
	unlink(path);
	run(st, "UPDATE blob_chunks SET data = (SELECT data FROM blob_chunks WHERE n = 0) WHERE n = 1");
	assert_false(blob_db_fetch(st, fresh, sha));
	assert_int_equal(access(path, F_OK), -1);

	close(fd);
	close(sfd);
	unlink(stmp);
	free(bytes);
	free(back);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s/cache' '%s/fresh' '%s/upload'", dir, dir, dir);
	assert_int_equal(system(cmd), 0);
	tempstore_close(st, dir);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_put_fetch_dedup_damage),
	    cmocka_unit_test(test_chunk_edges),
	    cmocka_unit_test(test_sealed_and_resealed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
