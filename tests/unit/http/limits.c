/* test_limits.c — unit tests of the request limits and data hygiene that do
 * not need a running server: the server's default limits, the JSON prescan
 * at exactly those limits, masking of ID and phone numbers (in text and in
 * the JSON log lines themselves), and the phone/email format checks used by
 * registration and forms.
 *
 * The ID numbers in the tables are made up with valid check digits (computed
 * outside this code base); the masking rule is "keep the first and last
 * four" for ID numbers (1101**********1234) and "keep the first three and
 * last four" for mobiles (138****5678), as ARCHITECTURE.md asks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/jsonin.h"
#include "base/log.h"
#include "base/textcheck.h"
#include "http/server.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ limits */

static void test_default_limits(void **state)
{
	(void)state;
	config_t c;
	config_defaults(&c);
	assert_int_equal(c.max_body_bytes, 1024 * 1024);
	assert_int_equal(c.max_header_bytes, 8 * 1024);
	assert_int_equal(c.max_json_depth, 16);
	assert_int_equal(c.max_json_fields, 10000);
	assert_string_equal(c.host, "127.0.0.1");
}

/* "[[[...]]]" of the given depth, or an array/object of n members. */
static char *nested(int depth)
{
	char *b = malloc((size_t)depth * 2 + 1);
	memset(b, '[', (size_t)depth);
	memset(b + depth, ']', (size_t)depth);
	b[depth * 2] = '\0';
	return b;
}

static char *members(long n, bool object)
{
	size_t cap = (size_t)n * 16 + 8, len = 0;
	char *b = malloc(cap);
	b[len++] = object ? '{' : '[';
	for (long i = 0; i < n; i++) {
		int w = object ? snprintf(b + len, cap - len, "%s\"k%ld\":%ld", i ? "," : "", i, i)
			       : snprintf(b + len, cap - len, "%s%ld", i ? "," : "", i);
		len += (size_t)w;
	}
	b[len++] = object ? '}' : ']';
	b[len] = '\0';
	return b;
}

static void test_prescan_at_the_configured_limits(void **state)
{
	(void)state;
	config_t c;
	config_defaults(&c);
	static const struct {
		int depth;
		long n;
		bool object;
		prescan_t want;
	} ROWS[] = {
		{16, 0, false, PRESCAN_OK},
		{17, 0, false, PRESCAN_TOO_DEEP},
		{1000, 0, false, PRESCAN_TOO_DEEP},
		{0, 10000, false, PRESCAN_OK},
		{0, 10001, false, PRESCAN_TOO_MANY_FIELDS},
		{0, 10000, true, PRESCAN_OK},     /* 10000 members, not 20000 "fields" */
		{0, 10001, true, PRESCAN_TOO_MANY_FIELDS},
	};
	for (size_t i = 0; i < N_ROWS(ROWS); i++) {
		char *b = ROWS[i].depth ? nested(ROWS[i].depth) : members(ROWS[i].n, ROWS[i].object);
		prescan_t got = json_prescan(b, strlen(b), c.max_json_depth, c.max_json_fields);
		if (got != ROWS[i].want)
			fail_msg("row %zu: got %d want %d", i, got, ROWS[i].want);
		free(b);
	}
	/* configured smaller (--max-json-depth 4 --max-json-fields 12) */
	assert_int_equal(json_prescan("{\"a\":{\"b\":{\"c\":{}}}}", 19, 4, 12), PRESCAN_OK);
	assert_int_equal(json_prescan("{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}", 26, 4, 12), PRESCAN_TOO_DEEP);
	char *b12 = members(12, false), *b13 = members(13, false);
	assert_int_equal(json_prescan(b12, strlen(b12), 4, 12), PRESCAN_OK);
	assert_int_equal(json_prescan(b13, strlen(b13), 4, 12), PRESCAN_TOO_MANY_FIELDS);
	free(b12);
	free(b13);
}

static void test_prescan_of_a_string_full_of_structure(void **state)
{
	(void)state;
	/* 1 MiB of brackets and commas inside one string: one field, depth 1 */
	size_t n = 1024 * 1024;
	char *b = malloc(n + 16);
	size_t len = 0;
	len += (size_t)sprintf(b, "{\"s\":\"");
	static const char structure[] = "[,{:]}";
	for (; len < n; len++)
		b[len] = structure[len % 6];
	len += (size_t)sprintf(b + len, "\"}");
	assert_int_equal(json_prescan(b, len, 16, 10000), PRESCAN_OK);
	assert_int_equal(json_prescan(b, len, 1, 1), PRESCAN_OK);
	/* an unterminated string swallows the rest: nothing after it counts */
	assert_int_equal(json_prescan("[\"[[[[[[", 8, 1, 10), PRESCAN_OK);
	free(b);
}

/* ------------------------------------------------------------ masking */

static const struct {
	const char *in, *out;
} MASK[] = {
	{"310101198503120030", "3101**********0030"},
	{"id 11010519491231002X ok", "id 1101**********002X ok"},
	{"id=11010519491231002x;", "id=1101**********002x;"},
	{"legacy 110105491231002", "legacy 1101*******1002"},
	{"tel 13812345678", "tel 138****5678"},
	{"tel:+8613812345678.", "tel:+86138****5678."},
	{"/api/v1/x/310101198503120030/13800138000", "/api/v1/x/3101**********0030/138****8000"},
	{"两个 310104195206080023 和 310101198503120030", "两个 3101**********0023 和 3101**********0030"},
	{"张三13900139000李四", "张三139****9000李四"},
	/* not personal numbers: left alone */
	{"order 2026112300001", "order 2026112300001"},            /* 13 digits, not 86-1 */
	{"landline 021-63001234", "landline 021-63001234"},
	{"23812345678", "23812345678"},                             /* 11 digits, not a mobile */
	{"1234567890", "1234567890"},
	{"seq 12345678901234567", "seq 12345678901234567"},         /* 17 digits without X */
	{"", ""},
	{"no digits at all", "no digits at all"},
};

static void test_mask_pii(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(MASK); i++) {
		char out[256];
		mask_pii(MASK[i].in, out, sizeof out);
		if (strcmp(out, MASK[i].out) != 0)
			fail_msg("mask_pii(%s) = %s, want %s", MASK[i].in, out, MASK[i].out);
		assert_int_equal(strlen(out), strlen(MASK[i].in));   /* masking never changes the length */
	}
}

static void test_mask_pii_small_buffers(void **state)
{
	(void)state;
	char out[8];
	memset(out, 'z', sizeof out);
	mask_pii("abcdefghijkl", out, sizeof out);
	assert_string_equal(out, "abcdefg");
	mask_pii("abc", out, 0);                   /* nothing written, no crash */
	assert_string_equal(out, "abcdefg");
	char one[1];
	mask_pii("310101198503120030", one, 1);
	assert_string_equal(one, "");
}

static void test_mask_id_and_phone(void **state)
{
	(void)state;
	static const struct {
		const char *in, *id, *phone;
	} R[] = {
		{"110105194912310021", "1101**********0021", "110***********0021"},
		{"13812345678", "1381***5678", "138****5678"},
		{"021-63001234", "021-****1234", "021*****1234"},
		{"1234567", "*******", "1234567"},     /* too short to keep both ends */
		{"12", "**", "**"},
		{"", "", ""},
	};
	for (size_t i = 0; i < N_ROWS(R); i++) {
		char a[64], b[64];
		mask_id_number(R[i].in, a, sizeof a);
		mask_phone(R[i].in, b, sizeof b);
		if (strcmp(a, R[i].id) != 0 || strcmp(b, R[i].phone) != 0)
			fail_msg("%s: id %s (want %s), phone %s (want %s)", R[i].in, a, R[i].id, b, R[i].phone);
	}
}

/* Runs log_json with stderr redirected to a file; returns what it wrote. */
static char *capture_log(const char *level, json_t *obj)
{
	char path[] = "/tmp/onestop-test-log-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	int saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	log_json(level, obj);
	dup2(saved, STDERR_FILENO);
	close(saved);
	off_t len = lseek(fd, 0, SEEK_END);
	char *buf = calloc(1, (size_t)len + 1);
	assert_int_equal(pread(fd, buf, (size_t)len, 0), len);
	close(fd);
	unlink(path);
	return buf;
}

static void test_log_lines_are_masked_json(void **state)
{
	(void)state;
	json_t *o = json_pack("{ss s{ss s[ss]} si}", "msg", "registered 310101198503120030", "form", "phone", "13812345678",
			      "ids", "11010519491231002X", "plain", "n", 42);
	char *line = capture_log("info", o);
	/* the caller's object is not modified */
	assert_string_equal(json_string_value(json_object_get(o, "msg")), "registered 310101198503120030");
	json_decref(o);
	assert_null(strstr(line, "310101198503120030"));
	assert_null(strstr(line, "13812345678"));
	assert_null(strstr(line, "11010519491231002X"));
	size_t len = strlen(line);
	assert_true(len > 0 && line[len - 1] == '\n');
	assert_null(memchr(line, '\n', len - 1));          /* one line */
	json_error_t e;
	json_t *back = json_loads(line, 0, &e);
	assert_non_null(back);
	assert_string_equal(json_string_value(json_object_get(back, "msg")), "registered 3101**********0030");
	assert_string_equal(json_string_value(json_object_get(json_object_get(back, "form"), "phone")), "138****5678");
	assert_string_equal(json_string_value(json_array_get(json_object_get(json_object_get(back, "form"), "ids"), 0)),
			    "1101**********002X");
	assert_string_equal(json_string_value(json_object_get(back, "level")), "info");
	assert_non_null(json_string_value(json_object_get(back, "ts")));
	assert_int_equal(json_integer_value(json_object_get(back, "n")), 42);
	json_decref(back);
	free(line);

	/* log_msg formats first, then masks */
	int saved = dup(STDERR_FILENO);
	char path[] = "/tmp/onestop-test-log-XXXXXX";
	int fd = mkstemp(path);
	dup2(fd, STDERR_FILENO);
	log_msg("warn", "req-1", "login failed for %s from %s", "13900139000", "127.0.0.1");
	dup2(saved, STDERR_FILENO);
	close(saved);
	char buf[512] = "";
	assert_true(pread(fd, buf, sizeof buf - 1, 0) > 0);
	close(fd);
	unlink(path);
	assert_non_null(strstr(buf, "139****9000"));
	assert_null(strstr(buf, "13900139000"));
	assert_non_null(strstr(buf, "\"req\":\"req-1\""));
}

/* ------------------------------------------------------------ formats */

static void test_phone_ok(void **state)
{
	(void)state;
	static const struct {
		const char *p;
		bool ok;
	} R[] = {
		{"13800138000", true}, {"19912345678", true}, {"15000000000", true},
		{"12800138000", false},              /* 1 then 2: no such mobile prefix */
		{"1380013800", false}, {"138001380001", false}, {"1380013800a", false}, {"+8613800138000", false},
		{"021-63001234", true}, {"02163001234", false} /* the area code needs its hyphen (docs/forms.md) */, {"0571-8888888", true}, {"010-12345678-123", true},
		{"010-12345678-1234567", false},     /* extension too long */
		{"010-12345678-", false}, {"021-6300123", true}, {"021-630012", false}, {"21-63001234", false},
		{"0-63001234", false}, {"", false}, {"138 0013 8000", false}, {"１３８００１３８０００", false},
	};
	for (size_t i = 0; i < N_ROWS(R); i++)
		if (phone_ok(R[i].p) != R[i].ok)
			fail_msg("phone_ok(%s) should be %s", R[i].p, R[i].ok ? "true" : "false");
}

static void test_email_ok(void **state)
{
	(void)state;
	static char long_local[260];
	memset(long_local, 'a', 250);
	strcpy(long_local + 250, "@x.cn");   /* 255 characters */
	static const struct {
		const char *e;
		bool ok;
	} R[] = {
		{"someone@example.cn", true}, {"a.b-c_d+tag@mail.gov.cn", true}, {"x@y.zz", true}, {"x@y.z", false} /* a top-level domain has 2+ letters */,
		{"someone@", false}, {"@example.cn", false}, {"someone", false}, {"a@b", false}, {"a@.cn", false},
		{"a@b.", false}, {"a@b..cn", false}, {"a@@b.cn", false}, {"a b@c.cn", false}, {"a<b>@c.cn", false},
		{"\"a\"@c.cn", false}, {"a@c.cn;x", false}, {"", false}, {long_local, false},
	};
	for (size_t i = 0; i < N_ROWS(R); i++)
		if (email_ok(R[i].e) != R[i].ok)
			fail_msg("email_ok(%.40s) should be %s", R[i].e, R[i].ok ? "true" : "false");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_limits),
		cmocka_unit_test(test_prescan_at_the_configured_limits),
		cmocka_unit_test(test_prescan_of_a_string_full_of_structure),
		cmocka_unit_test(test_mask_pii),
		cmocka_unit_test(test_mask_pii_small_buffers),
		cmocka_unit_test(test_mask_id_and_phone),
		cmocka_unit_test(test_log_lines_are_masked_json),
		cmocka_unit_test(test_phone_ok),
		cmocka_unit_test(test_email_ok),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
