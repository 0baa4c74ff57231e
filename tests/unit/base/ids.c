/* ids.c — unit tests of id_new (base/crypto): a row id is 32 lower-case hex digits, the first 12
 * the time of its making in milliseconds since 1970, big-endian, the other 20 random. So ids made
 * in different milliseconds sort by time, as text and as bytes; ids made in the same millisecond
 * still differ; and the time read back from an id lies between the clock before and after. The
 * expectations come from that layout, not from the code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <sodium.h>

#include "base/crypto.h"

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static uint64_t time_of(const char *id)
{
	char head[13];
	memcpy(head, id, 12);
	head[12] = '\0';
	return strtoull(head, NULL, 16);
}

static void test_shape_and_time(void **state)
{
	(void)state;
	uint64_t before = now_ms();
	char id[ID_HEX_LEN];
	id_new(id);
	uint64_t after = now_ms();
	assert_int_equal(strlen(id), 32);
	for (const char *p = id; *p; p++)
		assert_true((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'));
	assert_true(time_of(id) >= before && time_of(id) <= after);
}

static void test_order_and_uniqueness(void **state)
{
	(void)state;
	enum { N = 2000 };
	static char ids[N][ID_HEX_LEN];
	for (int i = 0; i < N; i++) {
		id_new(ids[i]);
		if (i % 500 == 499) {   /* let a few milliseconds pass now and then */
			struct timespec pause = {0, 3 * 1000000L};
			nanosleep(&pause, NULL);
		}
	}
	for (int i = 1; i < N; i++) {
		assert_true(time_of(ids[i]) >= time_of(ids[i - 1]));
		if (time_of(ids[i]) > time_of(ids[i - 1]))
			assert_true(strcmp(ids[i], ids[i - 1]) > 0);
	}
	assert_true(time_of(ids[N - 1]) > time_of(ids[0]));
	/* no two alike, and the random part varies in every position over 2,000 ids */
	for (int i = 0; i < N; i++)
		for (int j = i + 1; j < N; j++)
			assert_string_not_equal(ids[i], ids[j]);
	for (int pos = 12; pos < 32; pos++) {
		int seen = 0;
		for (int i = 1; i < N && !seen; i++)
			seen = ids[i][pos] != ids[0][pos];
		assert_true(seen);
	}
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shape_and_time),
	    cmocka_unit_test(test_order_and_uniqueness),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
