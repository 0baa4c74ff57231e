/* thread.c — unit tests of base/thread.h: a thread of ours starts with every
 * signal blocked, whatever its creator's mask (so SIGTERM reaches only the
 * thread that waits for it), leaves its creator's mask as it was, and has the
 * name it was given. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/thread.h"
#include <signal.h>
#include <string.h>

struct seen {
	sigset_t mask;
	char name[16];
};

static void *look(void *arg)
{
	struct seen *s = arg;
	pthread_sigmask(SIG_BLOCK, NULL, &s->mask);
	pthread_getname_np(pthread_self(), s->name, sizeof s->name);
	return NULL;
}

static void test_a_thread_starts_with_every_signal_blocked_and_named(void **state)
{
	(void)state;
	sigset_t none, mine;
	sigemptyset(&none);
	pthread_sigmask(SIG_SETMASK, &none, NULL); /* the creator blocks nothing */
	struct seen s = {0};
	pthread_t t;
	assert_int_equal(thread_start(&t, look, &s, "onestop-test"), 0);
	pthread_join(t, NULL);
	assert_true(sigismember(&s.mask, SIGTERM));
	assert_true(sigismember(&s.mask, SIGINT));
	assert_true(sigismember(&s.mask, SIGHUP));
	assert_true(sigismember(&s.mask, SIGUSR1));
	assert_string_equal(s.name, "onestop-test");
	pthread_sigmask(SIG_BLOCK, NULL, &mine);
	assert_false(sigismember(&mine, SIGTERM)); /* the creator's own mask is as it was */
	assert_false(sigismember(&mine, SIGINT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_thread_starts_with_every_signal_blocked_and_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
