/* seal.c — unit tests of base/seal: personal data sealed at rest and its
 * blind index. The rules: a sealed value opens to what was sealed and shows
 * nothing of it; sealing the same value twice gives two different texts (a
 * fresh nonce each time); a changed character, or another key file, makes
 * the value fail to open rather than open to something else; text without
 * the prefix is legacy plaintext and reads as it is; nothing seals or
 * indexes without a key; the blind index is equal for equal values in their
 * normal form (ID number case, phone punctuation), differs between values and
 * between kinds, and depends on the key. The last test measures sealing and
 * opening one value and prints the cost (it asserts nothing about time). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "base/crypto.h"
#include "base/keystore.h"
#include "base/seal.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

static const unsigned char KEY_A[KEY_BYTES] = "seal unit tests: the first key.";
static const unsigned char KEY_B[KEY_BYTES] = "seal unit tests: another key...";

static const char *const VALUES[] = {
    "11010519491231002X",
    "13812345678",
    "",
    "{\"name\":\"张三\",\"id_number\":\"110105194912310021\",\"phone\":\"13912345678\"}",
};

static int setup(void **state)
{
	(void)state;
	keystore_set(KEY_A);
	return 0;
}

static void test_round_trip_hides_the_value(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(VALUES); i++) {
		char *s = seal(VALUES[i]);
		assert_non_null(s);
		assert_true(seal_is_sealed(s));
		assert_memory_equal(s, SEAL_PREFIX, strlen(SEAL_PREFIX));
		if (VALUES[i][0])
			assert_null(strstr(s, VALUES[i]));
		assert_null(strstr(s, "1381234"));
		assert_null(strstr(s, "110105"));
		char *o = seal_open(s);
		assert_non_null(o);
		assert_string_equal(o, VALUES[i]);
		free(o);
		free(s);
	}
}

static void test_nonce_differs_for_the_same_value(void **state)
{
	(void)state;
	char *a = seal("13812345678"), *b = seal("13812345678");
	assert_non_null(a);
	assert_non_null(b);
	assert_string_not_equal(a, b);
	free(a);
	free(b);
}

/* Every character of the text after the prefix changed in turn: none opens. */
static void test_tampered_value_does_not_open(void **state)
{
	(void)state;
	char *s = seal("110105194912310021");
	size_t n = strlen(s), opened = 0;
	for (size_t i = strlen(SEAL_PREFIX); i < n; i++) {
		char keep = s[i];
		s[i] = keep == 'A' ? 'B' : 'A';
		char *o = seal_open(s);
		opened += o != NULL;
		free(o);
		s[i] = keep;
	}
	assert_int_equal(opened, 0);
	/* cut short, or grown by a byte */
	char *cut = strndup(s, n - 4), *grown = malloc(n + 6);
	snprintf(grown, n + 6, "%sAAAA", s);
	assert_null(seal_open(cut));
	assert_null(seal_open(grown));
	assert_null(seal_open(SEAL_PREFIX));
	assert_null(seal_open(SEAL_PREFIX "not base64 at all!"));
	free(cut);
	free(grown);
	free(s);
}

static void test_wrong_key_does_not_open(void **state)
{
	(void)state;
	char *s = seal("13812345678");
	keystore_set(KEY_B);
	assert_null(seal_open(s));
	keystore_set(KEY_A);
	char *o = seal_open(s);
	assert_string_equal(o, "13812345678");
	free(o);
	free(s);
}

static void test_legacy_plaintext_reads_as_it_is(void **state)
{
	(void)state;
	const char *legacy[] = {"110105194912310021", "{\"a\":1}", "", "s1", "S1:abc"};
	for (size_t i = 0; i < N_ROWS(legacy); i++) {
		assert_false(seal_is_sealed(legacy[i]));
		char *o = seal_open(legacy[i]);
		assert_string_equal(o, legacy[i]);
		free(o);
	}
	assert_null(seal_open(NULL));
	assert_null(seal(NULL));
}

static void test_index_normal_form_and_kinds(void **state)
{
	(void)state;
	static const struct {
		seal_index_kind_t kind;
		const char *a, *b;
		bool equal;
	} rows[] = {
	    {SEAL_INDEX_ID_NUMBER, "11010519491231002X", "11010519491231002x", true},
	    {SEAL_INDEX_ID_NUMBER, "11010519491231002X", " 11010519491231002X ", true},
	    {SEAL_INDEX_ID_NUMBER, "110105194912310021", "110105194912310021", true},
	    {SEAL_INDEX_ID_NUMBER, "110105194912310021", "110105194912310048", false},
	    {SEAL_INDEX_PHONE, "13812345678", "138-1234-5678", true},
	    {SEAL_INDEX_PHONE, "13812345678", "138 1234 5678", true},
	    {SEAL_INDEX_PHONE, "13812345678", "13812345679", false},
	};
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		char x[SEAL_INDEX_LEN], y[SEAL_INDEX_LEN];
		assert_true(seal_index(rows[i].kind, rows[i].a, x));
		assert_true(seal_index(rows[i].kind, rows[i].b, y));
		assert_int_equal(strlen(x), 64);
		assert_null(strstr(x, rows[i].a));
		if (rows[i].equal)
			assert_string_equal(x, y);
		else
			assert_string_not_equal(x, y);
	}
	/* the same digits as two kinds index apart */
	char p[SEAL_INDEX_LEN], q[SEAL_INDEX_LEN];
	assert_true(seal_index(SEAL_INDEX_PHONE, "110105194912310021", p));
	assert_true(seal_index(SEAL_INDEX_ID_NUMBER, "110105194912310021", q));
	assert_string_not_equal(p, q);
	/* a phone without digits has no index */
	assert_false(seal_index(SEAL_INDEX_PHONE, "--", p));
	assert_string_equal(p, "");
}

/* Keyed: the same value under another key file gives another index, and an
 * unkeyed BLAKE2b of the value (what anyone could compute) is not it. */
static void test_index_is_keyed(void **state)
{
	(void)state;
	char a[SEAL_INDEX_LEN], b[SEAL_INDEX_LEN], plain[HASH_HEX_LEN];
	assert_true(seal_index(SEAL_INDEX_PHONE, "13812345678", a));
	keystore_set(KEY_B);
	assert_true(seal_index(SEAL_INDEX_PHONE, "13812345678", b));
	keystore_set(KEY_A);
	assert_string_not_equal(a, b);
	hash_hex("13812345678", 11, plain);
	assert_string_not_equal(a, plain);
	hash_hex("2:13812345678", 13, plain);
	assert_string_not_equal(a, plain);
}

static double now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* Prints the cost of one seal, one open and one index, for the docs. */
static void test_measure(void **state)
{
	(void)state;
	enum { N = 20000 };
	const char *form =
	    "{\"shop_name\":\"张记小吃\",\"address\":\"上海市黄浦区中山东一路 1 号\","
	    "\"operator\":\"张三\",\"id_number\":\"110105194912310021\",\"phone\":\"13812345678\","
	    "\"area\":42,\"kinds\":[\"热食类\",\"冷食类\"]}";
	const char *inputs[] = {"110105194912310021", form};
	for (size_t k = 0; k < N_ROWS(inputs); k++) {
		char *sealed = seal(inputs[k]);
		double t0 = now_us();
		for (int i = 0; i < N; i++)
			free(seal(inputs[k]));
		double t1 = now_us();
		for (int i = 0; i < N; i++)
			free(seal_open(sealed));
		double t2 = now_us();
		char ix[SEAL_INDEX_LEN];
		for (int i = 0; i < N; i++)
			seal_index(SEAL_INDEX_ID_NUMBER, inputs[0], ix);
		double t3 = now_us();
		printf("# %zu bytes: seal %.2f us, open %.2f us, blind index %.2f us (mean of %d)\n",
		       strlen(inputs[k]), (t1 - t0) / N, (t2 - t1) / N, (t3 - t2) / N, N);
		free(sealed);
	}
}

/* Last: without a key nothing is sealed, opened or indexed. */
static void test_no_key_no_seal(void **state)
{
	(void)state;
	char *s = seal("13812345678");
	keystore_unload();
	assert_null(seal("13812345678"));
	assert_null(seal_open(s));
	char ix[SEAL_INDEX_LEN];
	assert_false(seal_index(SEAL_INDEX_PHONE, "13812345678", ix));
	keystore_set(KEY_A);
	free(s);
}

int main(void)
{
	if (crypto_setup() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_round_trip_hides_the_value, setup),
	    cmocka_unit_test_setup(test_nonce_differs_for_the_same_value, setup),
	    cmocka_unit_test_setup(test_tampered_value_does_not_open, setup),
	    cmocka_unit_test_setup(test_wrong_key_does_not_open, setup),
	    cmocka_unit_test_setup(test_legacy_plaintext_reads_as_it_is, setup),
	    cmocka_unit_test_setup(test_index_normal_form_and_kinds, setup),
	    cmocka_unit_test_setup(test_index_is_keyed, setup),
	    cmocka_unit_test_setup(test_measure, setup),
	    cmocka_unit_test_setup(test_no_key_no_seal, setup),
	};
	return cmocka_run_group_tests_name("base/seal", tests, NULL, NULL);
}
