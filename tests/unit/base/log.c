/* log.c — unit tests of base/log: which numbers in a log line are personal and masked, which are
 * left alone, and that a request path that is not UTF-8 is escaped rather than written raw.
 *
 * The rule, as docs/security.md states it:
 *   - an ID number is 17 digits and a digit or X/x whose birth-date part is a plausible date
 *     (year 18xx-20xx, month 01-12, day 01-31) and whose region code starts 1-8; several run
 *     together (36 characters for two) are each masked; kept: first 4 and last 4;
 *   - a 15-digit (1989) ID number: region code starting 1-8, month and day plausible; first 4 and
 *     last 4 kept;
 *   - a mobile: 1[3-9] and 9 more digits, whole (not part of a longer digit run), or written in
 *     3-4-4 groups separated by '-' or ' ', with or without 86 / +86 / 0086 in front; the middle four
 *     digits are starred;
 *   - everything else stays: timestamps (10 or 13 digits), case numbers (310101-20261123-000042),
 *     durations, landlines, runs of other lengths, and a run shorter than an ID number inside a
 *     hexadecimal identifier (12 or more hex digits with a letter: request ids, hashes, tokens,
 *     the test suite's usernames p_d16973993084).
 * Masking never changes the length of the text. The ID numbers below carry valid check digits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/log.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *in, *out;
} MASK[] = {
    /* two ID numbers run together, in either order, one with an X */
    {"ids 310101198503120030310104195206080023 end", "ids 3101**********00303101**********0023 end"},
    {"11010519491231002X310101198503120030", "1101**********002X3101**********0030"},
    {"31010119850312003011010519491231002x", "3101**********00301101**********002x"},
    {"x310101198503120030310104195206080023310101198503120030",
     "x3101**********00303101**********00233101**********0030"},
    /* an ID number with a lower-case x */
    {"id=11010519491231002x&", "id=1101**********002x&"},
    /* the 1989 ID number */
    {"old 310104520608002.", "old 3101*******8002."},
    /* mobiles with separators and country codes */
    {"tel 138-0013-8000", "tel 138-****-8000"},
    {"tel 138 0013 8000.", "tel 138 **** 8000."},
    {"tel 138-0013 8000", "tel 138-**** 8000"},
    {"+86 13800138000", "+86 138****8000"},
    {"+86-138-0013-8000", "+86-138-****-8000"},
    {"+86 138 0013 8000", "+86 138 **** 8000"},
    {"86-13800138000", "86-138****8000"},
    {"0086 138 0013 8000", "0086 138 **** 8000"},
    {"008613800138000", "0086138****8000"},
    {"8613800138000", "86138****8000"},
    {"(+86)13800138000", "(+86)138****8000"},
    {"/api/v1/x/138-0013-8000/y", "/api/v1/x/138-****-8000/y"},
    /* innocent numbers stay */
    {"case 310101-20261123-000042", "case 310101-20261123-000042"},
    {"at 1764680400123 ms", "at 1764680400123 ms"},                /* 13-digit ms timestamp */
    {"at 1764680400 s", "at 1764680400 s"},                        /* 10-digit seconds */
    {"took 1380.013 ms", "took 1380.013 ms"},
    {"req 7f3a9c0d13800138000b", "req 7f3a9c0d13800138000b"},       /* hex digits around it */
    {"req 0123456789abcdef0123456789abcdef", "req 0123456789abcdef0123456789abcdef"},
    {"req 7f3a9c0d13800138000bcdef", "req 7f3a9c0d13800138000bcdef"},  /* a 24-hex request id */
    {"user p_d16973993084", "user p_d16973993084"},                  /* a generated username */
    {"tel13800138000", "tel138****8000"},                            /* 'l' is no hex digit */
    {"h=e13800138000a0f9c0d1234abcd", "h=e13800138000a0f9c0d1234abcd"},    /* a hash */
    /* an ID number is long enough to be one even inside hex digits (database rows run together) */
    {"h=e13800138000a310101198503120030f9c0", "h=e13800138000a3101**********0030f9c0"},
    {"n 123456789012345678", "n 123456789012345678"},              /* 18 digits, no birth date */
    {"n 310101198513450030", "n 310101198513450030"},              /* month 13 */
    {"n 012345198503120030", "n 012345198503120030"},              /* region 0 */
    {"n 100000000000000", "n 100000000000000"},                    /* 15 digits, no date */
    {"n 12345678901", "n 12345678901"},                            /* 11 digits, 12 is no mobile prefix */
    {"n 138001380001", "n 138001380001"},                          /* 12 digits */
    {"n 1380013800", "n 1380013800"},                              /* 10 digits */
    {"n 1138-0013-8000", "n 1138-0013-8000"},                      /* 4 digits before the first '-' */
    {"n 138-0013-80001", "n 138-0013-80001"},
    {"n 138--0013-8000", "n 138--0013-8000"},
    {"tel 021-6300-1234", "tel 021-6300-1234"},                     /* a landline */
    {"86 apples", "86 apples"},
    {"0086-", "0086-"},
    {"", ""},
};

static void test_mask_pii_rule(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(MASK); i++) {
		char out[256];
		mask_pii(MASK[i].in, out, sizeof out);
		if (strcmp(out, MASK[i].out) != 0)
			fail_msg("mask_pii(\"%s\") = \"%s\", want \"%s\"", MASK[i].in, out, MASK[i].out);
		assert_int_equal(strlen(out), strlen(MASK[i].in));
	}
}

/* A number cut at the end of the buffer is judged as it stands, never read past. */
static void test_mask_pii_cut(void **state)
{
	(void)state;
	char out[12];
	mask_pii("tel 138-0013-8000", out, sizeof out);
	assert_string_equal(out, "tel 138-001");
	char out2[16];
	mask_pii("86 138 0013 8000", out2, sizeof out2);
	assert_string_equal(out2, "86 138 0013 800");
}

/* What one call wrote to stderr. */
static char *capture(void (*fn)(const void *), const void *arg)
{
	char path[] = "/tmp/onestop-test-log-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	int saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	fn(arg);
	dup2(saved, STDERR_FILENO);
	close(saved);
	off_t len = lseek(fd, 0, SEEK_END);
	char *buf = calloc(1, (size_t)len + 1);
	assert_int_equal(pread(fd, buf, (size_t)len, 0), len);
	close(fd);
	unlink(path);
	return buf;
}

static void access_line(const void *path)
{
	log_access("req-1", "GET", path, NULL, 404, 1.5, 120, NULL, NULL, "127.0.0.1");
}

static void msg_line(const void *text) { log_msg("warn", "req-2", "no route for %s", (const char *)text); }

/* The line is well-formed UTF-8 JSON and its "key" member equals want. */
static void assert_member(const char *line, const char *key, const char *want)
{
	json_error_t e;
	json_t *o = json_loads(line, 0, &e);
	if (!o)
		fail_msg("not JSON (%s): %s", e.text, line);
	const char *got = json_string_value(json_object_get(o, key));
	if (!got || strcmp(got, want) != 0)
		fail_msg("%s = \"%s\", want \"%s\"", key, got ? got : "(none)", want);
	json_decref(o);
}

/* The access line's numbers: the status and bytes as integers, the time in milliseconds as a
 * number with three decimals (what printf's %.3f gives), the level "error" from 500 on. */
struct timed {
	int status;
	double ms;
	long long bytes;
};

static void timed_line(const void *arg)
{
	const struct timed *t = arg;
	log_access("req-3", "GET", "/healthz", "/healthz", t->status, t->ms, t->bytes, NULL, NULL, NULL);
}

static void test_access_numbers(void **state)
{
	(void)state;
	const struct timed cases[] = {{200, 0.0, 0}, {201, 0.0004, 15}, {404, 1.5, 120},
				      {500, 12.3456, 1048576}, {503, 1380.013, -1}, {200, 99999.9994, 7}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *line = capture(timed_line, &cases[i]);
		json_error_t e;
		json_t *o = json_loads(line, 0, &e);
		if (!o)
			fail_msg("not JSON (%s): %s", e.text, line);
		char want[64], got[64];
		snprintf(want, sizeof want, "\"ms\":%.3f", cases[i].ms);
		const char *at = strstr(line, "\"ms\":");
		assert_non_null(at);
		snprintf(got, sizeof got, "%.*s", (int)strlen(want), at);
		assert_string_equal(got, want);
		assert_true(at[strlen(want)] == ',' || at[strlen(want)] == '}');
		assert_int_equal(json_integer_value(json_object_get(o, "status")), cases[i].status);
		if (cases[i].bytes >= 0)
			assert_int_equal(json_integer_value(json_object_get(o, "bytes")), cases[i].bytes);
		else
			assert_null(json_object_get(o, "bytes"));
		assert_string_equal(json_string_value(json_object_get(o, "level")),
				    cases[i].status >= 500 ? "error" : "info");
		json_decref(o);
		free(line);
	}
}

static void test_access_path_not_utf8(void **state)
{
	(void)state;
	/* a raw 0xFF (or %FF, which the server has decoded by now), a lone continuation byte, a
	 * truncated sequence; valid Chinese stays as it is */
	char *line = capture(access_line, "/api/v1/\xff/\x80x/\xe4\xb8/\xe4\xb8\xad");
	assert_null(strchr(line, '\xff'));
	assert_member(line, "path", "/api/v1/\\xFF/\\x80x/\\xE4\\xB8/\xe4\xb8\xad");
	free(line);
	/* a raw byte is no hex digit: the mobile after it is masked, escaped or not */
	line = capture(access_line, "/x/\xfe""13800138000/138 0013 8000");
	assert_member(line, "path", "/x/\\xFE138****8000/138 **** 8000");
	free(line);
}

static void test_message_not_utf8(void **state)
{
	(void)state;
	/* jansson refuses a string that is not UTF-8: the line must still be written */
	char *line = capture(msg_line, "/a\xc3(/86-138-0013-8000");
	assert_member(line, "msg", "no route for /a\\xC3(/86-138-****-8000");
	free(line);
}

/* A long path full of bad bytes is cut whole: no half escape, no half sequence, still JSON. */
static void test_access_long_path(void **state)
{
	(void)state;
	char path[3000];
	size_t n = 0;
	while (n + 4 < sizeof path) {
		path[n++] = '\xff';
		path[n++] = '\xe4';
		path[n++] = '\xb8';
		path[n++] = '\xad';
	}
	path[n] = '\0';
	char *line = capture(access_line, path);
	json_error_t e;
	json_t *o = json_loads(line, 0, &e);
	if (!o)
		fail_msg("not JSON (%s): %.200s", e.text, line);
	json_decref(o);
	free(line);
}

/* Many threads logging at once (the access line and messages, some longer than
 * the shared buffer): every line is written, whole, once, and each thread's
 * lines come out in the order it logged them. */
enum { LOG_THREADS = 8, LOG_LINES = 2000 };

static void *log_many(void *arg)
{
	int t = (int)(intptr_t)arg;
	char req[32], big[3000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	for (int i = 0; i < LOG_LINES; i++) {
		snprintf(req, sizeof req, "t%d-%06d", t, i);
		if (i % 500 == 499)
			log_msg("info", req, "%s%s", big, big); /* more than a third of the buffer each */
		else
			log_access(req, "GET", "/healthz", "/healthz", 200, 0.1, 15, NULL, NULL, "127.0.0.1");
	}
	return NULL;
}

static void log_from_threads(const void *arg)
{
	(void)arg;
	pthread_t th[LOG_THREADS];
	for (int t = 0; t < LOG_THREADS; t++)
		assert_int_equal(pthread_create(&th[t], NULL, log_many, (void *)(intptr_t)t), 0);
	for (int t = 0; t < LOG_THREADS; t++)
		pthread_join(th[t], NULL);
}

static void test_lines_from_threads_whole_and_in_order(void **state)
{
	(void)state;
	char *all = capture(log_from_threads, NULL);
	int next[LOG_THREADS] = {0}, lines = 0;
	for (char *line = strtok(all, "\n"); line; line = strtok(NULL, "\n")) {
		json_error_t err;
		json_t *o = json_loads(line, 0, &err);
		assert_non_null(o); /* whole: no line cut into or run into another */
		int t, i;
		assert_int_equal(sscanf(json_string_value(json_object_get(o, "req")), "t%d-%d", &t, &i), 2);
		assert_true(t >= 0 && t < LOG_THREADS);
		assert_int_equal(i, next[t]); /* once each, in the thread's order */
		next[t]++;
		lines++;
		json_decref(o);
	}
	assert_int_equal(lines, LOG_THREADS * LOG_LINES);
	free(all);
}

/* The same with the flusher of a serving node (log_buffer_start): access lines wait for it, messages
 * go out at once after whatever waits; still every line whole, once, in each thread's order, and
 * none left behind when it stops. */
static void log_from_threads_buffered(const void *arg)
{
	assert_true(log_buffer_start(5));
	log_from_threads(arg);
	log_buffer_stop();
}

static void test_lines_from_threads_buffered_whole_and_in_order(void **state)
{
	(void)state;
	unsigned long long lines0, writes0, lines1, writes1;
	log_counts(&lines0, &writes0);
	char *all = capture(log_from_threads_buffered, NULL);
	log_counts(&lines1, &writes1);
	int next[LOG_THREADS] = {0}, lines = 0;
	for (char *line = strtok(all, "\n"); line; line = strtok(NULL, "\n")) {
		json_error_t err;
		json_t *o = json_loads(line, 0, &err);
		assert_non_null(o);
		int t, i;
		assert_int_equal(sscanf(json_string_value(json_object_get(o, "req")), "t%d-%d", &t, &i), 2);
		assert_true(t >= 0 && t < LOG_THREADS);
		assert_int_equal(i, next[t]);
		next[t]++;
		lines++;
		json_decref(o);
	}
	assert_int_equal(lines, LOG_THREADS * LOG_LINES);
	assert_int_equal(lines1 - lines0, LOG_THREADS * LOG_LINES);
	free(all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mask_pii_rule),
	    cmocka_unit_test(test_mask_pii_cut),
	    cmocka_unit_test(test_access_numbers),
	    cmocka_unit_test(test_access_path_not_utf8),
	    cmocka_unit_test(test_message_not_utf8),
	    cmocka_unit_test(test_access_long_path),
	    cmocka_unit_test(test_lines_from_threads_whole_and_in_order),
	    cmocka_unit_test(test_lines_from_threads_buffered_whole_and_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
