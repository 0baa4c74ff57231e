/* throttle.c — unit tests of domain/core/throttle: the growing delay after
 * failed logins. The rule, as stated to users: three failures cost nothing;
 * after the third, each failure doubles the wait before the next try
 * (1 s, 2 s, 4 s …), never more than 15 minutes; keys are independent; a
 * success clears the key. Time is the now_ms argument: nothing sleeps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "domain/core/throttle.h"

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
			throttle_fail(key, T0);
		int64_t w = throttle_wait_ms(key, T0);
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
		throttle_fail(key, T0);
	static const struct {
		int64_t after_ms, wait_ms;
	} T[] = {{0, 4000}, {1, 3999}, {1500, 2500}, {3999, 1}, {4000, 0}, {10000, 0}};
	for (size_t i = 0; i < N_ROWS(T); i++)
		assert_int_equal(throttle_wait_ms(key, T0 + T[i].after_ms), T[i].wait_ms);
}

static void test_the_wait_counts_from_the_last_failure(void **state)
{
	(void)state;
	const char *key = "u:spread";
	throttle_fail(key, T0);
	throttle_fail(key, T0 + 10000);
	throttle_fail(key, T0 + 20000);       /* third: 1 s from here */
	assert_int_equal(throttle_wait_ms(key, T0 + 20000), 1000);
	throttle_fail(key, T0 + 30000);       /* fourth: 2 s from here */
	assert_int_equal(throttle_wait_ms(key, T0 + 30500), 1500);
}

static void test_keys_are_independent(void **state)
{
	(void)state;
	for (int k = 0; k < 6; k++)
		throttle_fail("u:alice", T0);
	assert_int_equal(throttle_wait_ms("u:alice", T0), 8000);
	assert_int_equal(throttle_wait_ms("u:bob", T0), 0);
	assert_int_equal(throttle_wait_ms("a:alice", T0), 0);   /* an address key of the same text */
	assert_int_equal(throttle_wait_ms("u:alic", T0), 0);    /* a prefix is another key */
	throttle_fail("u:bob", T0);
	assert_int_equal(throttle_wait_ms("u:bob", T0), 0);
	assert_int_equal(throttle_wait_ms("u:alice", T0), 8000);
}

static void test_success_clears_only_its_key(void **state)
{
	(void)state;
	for (int k = 0; k < 8; k++) {
		throttle_fail("u:carol", T0);
		throttle_fail("a:10.0.0.1", T0);
	}
	assert_true(throttle_wait_ms("u:carol", T0) > 0);
	throttle_clear("u:carol");
	assert_int_equal(throttle_wait_ms("u:carol", T0), 0);
	assert_int_equal(throttle_wait_ms("a:10.0.0.1", T0), 32000);
	/* cleared means forgiven: three free failures again */
	for (int k = 0; k < 2; k++)
		throttle_fail("u:carol", T0);
	assert_int_equal(throttle_wait_ms("u:carol", T0), 0);
	throttle_fail("u:carol", T0);
	assert_int_equal(throttle_wait_ms("u:carol", T0), 1000);
	throttle_clear("u:nobody");            /* clearing an unknown key is harmless */
	assert_int_equal(throttle_wait_ms("u:carol", T0), 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delay_grows_and_is_capped),
		cmocka_unit_test(test_wait_runs_down_with_time),
		cmocka_unit_test(test_the_wait_counts_from_the_last_failure),
		cmocka_unit_test(test_keys_are_independent),
		cmocka_unit_test(test_success_clears_only_its_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
