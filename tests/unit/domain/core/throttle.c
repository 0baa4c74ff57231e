/* throttle.c — unit tests of domain/core/throttle: the growing delay after
 * failed logins. The rule, as stated to users: three failures cost nothing;
 * after the third, each failure doubles the wait before the next try
 * (1 s, 2 s, 4 s …), never more than 15 minutes; keys are independent; a
 * success clears the key; a key idle for an hour starts again. Time is the
 * now_ms argument: nothing sleeps. The counters are rows of a temporary
 * SQLite store (tempstore.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "domain/core/throttle.h"
#include "unit/tempstore.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))
#define T0 1000000000LL          /* an arbitrary start, in ms */
#define CAP_MS (15 * 60 * 1000LL)

/* After `fails` failures at T0 for a fresh key, the wait asked at T0. */
static const struct {
	int fails;
	int64_t wait_ms;
} GROWTH[] = {
	{0, 0}, {1, 0}, {2, 0},
	{3, 1000}, {4, 2000}, {5, 4000}, {6, 8000}, {7, 16000},
	{10, 128000}, {12, 512000},
	{13, CAP_MS},        /* 1024 s would pass the cap */
	{14, CAP_MS}, {30, CAP_MS}, {100, CAP_MS},
};

static store_t *st;
static char dir[TEMPSTORE_DIR_LEN];

static void fail_once(const char *key, int64_t now)
{
	assert_int_equal(throttle_fail(st, &key, 1, now), 0);
}

static int64_t wait_ms(const char *key, int64_t now) { return throttle_wait_ms(store_reader(st), key, now); }

static int clear_write(dbc_t *c, void *key) { return throttle_clear(c, key); }

static void clear(const char *key) { assert_int_equal(store_write(st, clear_write, (void *)key), 0); }

static void fresh_key(char *out, size_t n, const char *tag, size_t i)
{
	snprintf(out, n, "u:%s-%zu", tag, i);
}

static void test_delay_grows_and_is_capped(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(GROWTH); i++) {
		char key[64];
		fresh_key(key, sizeof key, "growth", i);
		for (int k = 0; k < GROWTH[i].fails; k++)
			fail_once(key, T0);
		int64_t w = wait_ms(key, T0);
		if (w != GROWTH[i].wait_ms)
			fail_msg("%d failures: wait %lld ms, expected %lld", GROWTH[i].fails, (long long)w,
				 (long long)GROWTH[i].wait_ms);
	}
}

static void test_wait_runs_down_with_time(void **state)
{
	(void)state;
	const char *key = "u:rundown";
	for (int k = 0; k < 5; k++)          /* 4 s from the last failure */
		fail_once(key, T0);
	static const struct {
		int64_t after_ms, wait_ms;
	} T[] = {{0, 4000}, {1, 3999}, {1500, 2500}, {3999, 1}, {4000, 0}, {10000, 0}};
	for (size_t i = 0; i < N_ROWS(T); i++)
		assert_int_equal(wait_ms(key, T0 + T[i].after_ms), T[i].wait_ms);
}

static void test_the_wait_counts_from_the_last_failure(void **state)
{
	(void)state;
	const char *key = "u:spread";
	fail_once(key, T0);
	fail_once(key, T0 + 10000);
	fail_once(key, T0 + 20000);       /* third: 1 s from here */
	assert_int_equal(wait_ms(key, T0 + 20000), 1000);
	fail_once(key, T0 + 30000);       /* fourth: 2 s from here */
	assert_int_equal(wait_ms(key, T0 + 30500), 1500);
}

static void test_keys_are_independent(void **state)
{
	(void)state;
	for (int k = 0; k < 6; k++)
		fail_once("u:alice", T0);
	assert_int_equal(wait_ms("u:alice", T0), 8000);
	assert_int_equal(wait_ms("u:bob", T0), 0);
	assert_int_equal(wait_ms("a:alice", T0), 0);   /* an address key of the same text */
	assert_int_equal(wait_ms("u:alic", T0), 0);    /* a prefix is another key */
	fail_once("u:bob", T0);
	assert_int_equal(wait_ms("u:bob", T0), 0);
	assert_int_equal(wait_ms("u:alice", T0), 8000);
}

static void test_success_clears_only_its_key(void **state)
{
	(void)state;
	for (int k = 0; k < 8; k++) {
		fail_once("u:carol", T0);
		fail_once("a:10.0.0.1", T0);
	}
	assert_true(wait_ms("u:carol", T0) > 0);
	clear("u:carol");
	assert_int_equal(wait_ms("u:carol", T0), 0);
	assert_int_equal(wait_ms("a:10.0.0.1", T0), 32000);
	/* cleared means forgiven: three free failures again */
	for (int k = 0; k < 2; k++)
		fail_once("u:carol", T0);
	assert_int_equal(wait_ms("u:carol", T0), 0);
	fail_once("u:carol", T0);
	assert_int_equal(wait_ms("u:carol", T0), 1000);
	clear("u:nobody");            /* clearing an unknown key is harmless */
	assert_int_equal(wait_ms("u:carol", T0), 1000);
}

static void test_an_idle_key_starts_again(void **state)
{
	(void)state;
	const char *key = "u:idle";
	for (int k = 0; k < 5; k++)
		fail_once(key, T0);
	assert_int_equal(wait_ms(key, T0), 4000);
	/* an hour after the last failure the count is forgotten: the next failure is free */
	fail_once(key, T0 + 60 * 60 * 1000LL + 1);
	assert_int_equal(wait_ms(key, T0 + 60 * 60 * 1000LL + 1), 0);
	fail_once(key, T0 + 60 * 60 * 1000LL + 1);
	fail_once(key, T0 + 60 * 60 * 1000LL + 1);
	assert_int_equal(wait_ms(key, T0 + 60 * 60 * 1000LL + 1), 1000);
}

static void test_one_write_counts_every_key(void **state)
{
	(void)state;
	const char *keys[] = {"u:dave", "a:10.0.0.9"};
	for (int k = 0; k < 4; k++)
		assert_int_equal(throttle_fail(st, keys, 2, T0), 0);
	assert_int_equal(wait_ms("u:dave", T0), 2000);
	assert_int_equal(wait_ms("a:10.0.0.9", T0), 2000);
}

/* Login's ceilings: each key of one write has its own free failures. */
static void test_each_key_has_its_own_free_failures(void **state)
{
	(void)state;
	const char *keys[] = {"p:10.0.0.7|erin", "u:erin", "a:10.0.0.7"};
	const int64_t frees[] = {3, 30, 30};
	for (int k = 0; k < 3; k++)
		assert_int_equal(throttle_fail_free(st, keys, frees, 3, T0), 0);
	assert_int_equal(wait_ms(keys[0], T0), 1000);
	assert_int_equal(wait_ms(keys[1], T0), 0);
	assert_int_equal(wait_ms(keys[2], T0), 0);
	for (int k = 3; k < 30; k++)
		assert_int_equal(throttle_fail_free(st, keys, frees, 3, T0), 0);
	assert_int_equal(wait_ms(keys[0], T0), CAP_MS);
	assert_int_equal(wait_ms(keys[1], T0), 1000);    /* the 30th failure: its first back-off */
	assert_int_equal(wait_ms(keys[2], T0), 1000);
	assert_int_equal(throttle_delay_free_ms(29, 30), 0);
	assert_int_equal(throttle_delay_free_ms(32, 30), 4000);
}

static void test_the_job_forgets_idle_keys(void **state)
{
	(void)state;
	fail_once("u:old", T0);   /* T0 is long past the real clock's hour */
	assert_true(throttle_job_forget(st) >= 1);
	dbs_t *s = db_prep(store_reader(st), "SELECT COUNT(*) FROM login_throttle WHERE key = 'u:old'");
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_col_int(s, 0), 0);
	db_reset(s);
}

static int setup(void **state)
{
	(void)state;
	st = tempstore_open("throttle", dir);
	return st ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	tempstore_close(st, dir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_an_idle_key_starts_again),
		cmocka_unit_test(test_one_write_counts_every_key),
		cmocka_unit_test(test_the_job_forgets_idle_keys),
		cmocka_unit_test(test_each_key_has_its_own_free_failures),
		cmocka_unit_test(test_delay_grows_and_is_capped),
		cmocka_unit_test(test_wait_runs_down_with_time),
		cmocka_unit_test(test_the_wait_counts_from_the_last_failure),
		cmocka_unit_test(test_keys_are_independent),
		cmocka_unit_test(test_success_clears_only_its_key),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
