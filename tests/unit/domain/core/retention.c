/* retention.c — unit tests of domain/core/retention: the periods each kind
 * of data is kept, as docs/operations.md states them to operators. Defaults
 * in days: sessions 7, reset_codes 1, drafts 90, messages 180, uploads 30;
 * `--retain NAME=DAYS` (and a comma-separated list) sets one, 0 to 36500
 * days; anything else is refused with the reason and changes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain/core/retention.h"

#define DAY_MS (24LL * 3600 * 1000)

static int reset_all(void **state)
{
	(void)state;
	retention_reset();
	return 0;
}

static void defaults(void **state)
{
	(void)state;
	static const struct {
		retain_kind_t kind;
		int64_t days;
	} T[] = {{RETAIN_SESSIONS, 7}, {RETAIN_RESET_CODES, 1}, {RETAIN_DRAFTS, 90}, {RETAIN_MESSAGES, 180},
		 {RETAIN_UPLOADS, 30}};
	for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
		assert_int_equal(retention_ms(T[i].kind), T[i].days * DAY_MS);
	char out[256];
	retention_describe(out, sizeof out);
	assert_string_equal(out, "sessions=7 reset_codes=1 drafts=90 messages=180 uploads=30");
}

static void configure_one_and_a_list(void **state)
{
	(void)state;
	char err[256];
	assert_int_equal(retention_configure("uploads=2", err, sizeof err), 0);
	assert_int_equal(retention_ms(RETAIN_UPLOADS), 2 * DAY_MS);
	assert_int_equal(retention_configure_list("drafts=0, sessions=36500", err, sizeof err), 0);
	assert_int_equal(retention_ms(RETAIN_DRAFTS), 0);
	assert_int_equal(retention_ms(RETAIN_SESSIONS), 36500 * DAY_MS);
	assert_int_equal(retention_ms(RETAIN_MESSAGES), 180 * DAY_MS);   /* the others untouched */
}

static void refused(void **state)
{
	(void)state;
	const char *bad[] = {"nothing=5", "uploads", "uploads=", "uploads=x", "uploads=-1", "uploads=36501",
			     "uploads=3d", "=3", "Uploads=3"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char err[256] = "";
		assert_int_equal(retention_configure(bad[i], err, sizeof err), -1);
		assert_non_null(strstr(err, "--retain wants NAME=DAYS"));
		assert_int_equal(retention_ms(RETAIN_UPLOADS), 30 * DAY_MS);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(defaults, reset_all),
		cmocka_unit_test_setup(configure_one_and_a_list, reset_all),
		cmocka_unit_test_setup(refused, reset_all),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
