/* urlform.c — unit tests of base/urlform: form-urlencoded bodies as the
 * WHATWG URL standard decodes them ('&' pairs, the first '=', '+' a space,
 * %XX a byte), the bracket keys of Open311's attributes, and every refusal:
 * limits, broken escapes, NUL, text that is not UTF-8, malformed keys. Rows
 * are written from the standard, not read back from the code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/urlform.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

static const urlform_limits_t LIM = {1024, 8, 32, 64};

static urlform_err_t parse(const char *s, urlform_t *f) { return urlform_parse(s, strlen(s), &LIM, f); }

static void test_pairs_and_decoding(void **state)
{
	(void)state;
	urlform_t f;
	assert_int_equal(parse("a=1&b=x+y&c=%E4%B8%AD%e6%96%87&d&e=&f=a=b", &f), URLFORM_OK);
	assert_int_equal(f.n, 6);
	const char *want[][2] = {{"a", "1"}, {"b", "x y"}, {"c", "中文"}, {"d", ""}, {"e", ""}, {"f", "a=b"}};
	for (size_t i = 0; i < N_ROWS(want); i++) {
		assert_string_equal(f.pairs[i].name, want[i][0]);
		assert_string_equal(f.pairs[i].value, want[i][1]);
		assert_null(f.pairs[i].sub);
		assert_false(f.pairs[i].multi);
	}
	urlform_release(&f);
	/* %2B is a plus, %26 an ampersand, %3D an equals sign: data, not syntax */
	assert_int_equal(parse("q=1%2B1%3D2%26more", &f), URLFORM_OK);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.pairs[0].value, "1+1=2&more");
	urlform_release(&f);
}

static void test_empty_pairs_are_skipped(void **state)
{
	(void)state;
	urlform_t f;
	const char *rows[] = {"", "&", "&&", "a=1&&b=2&", "&a=1"};
	const size_t count[] = {0, 0, 0, 2, 1};
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		assert_int_equal(parse(rows[i], &f), URLFORM_OK);
		assert_int_equal(f.n, count[i]);
		urlform_release(&f);
	}
}

static void test_repeated_keys_are_kept_in_order(void **state)
{
	(void)state;
	urlform_t f;
	assert_int_equal(parse("k=1&x=0&k=2&k=3", &f), URLFORM_OK);
	size_t n = 0;
	assert_string_equal(urlform_get(&f, "k", &n), "1");
	assert_int_equal(n, 3);
	assert_string_equal(f.pairs[3].value, "3");
	assert_null(urlform_get(&f, "missing", &n));
	assert_int_equal(n, 0);
	urlform_release(&f);
}

static void test_attribute_keys(void **state)
{
	(void)state;
	urlform_t f;
	assert_int_equal(parse("attribute[district]=310101&attribute%5Bkind%5D=report&attribute[tags][]=a"
			       "&attribute[tags][]=b&list[]=x",
			       &f),
			 URLFORM_OK);
	assert_int_equal(f.n, 5);
	const struct {
		const char *name, *sub, *value;
		bool multi;
	} want[] = {{"attribute", "district", "310101", false}, {"attribute", "kind", "report", false},
		    {"attribute", "tags", "a", true},	    {"attribute", "tags", "b", true},
		    {"list", NULL, "x", true}};
	for (size_t i = 0; i < N_ROWS(want); i++) {
		assert_string_equal(f.pairs[i].name, want[i].name);
		if (want[i].sub)
			assert_string_equal(f.pairs[i].sub, want[i].sub);
		else
			assert_null(f.pairs[i].sub);
		assert_string_equal(f.pairs[i].value, want[i].value);
		assert_int_equal(f.pairs[i].multi, want[i].multi);
	}
	/* urlform_get answers plain keys only */
	size_t n;
	assert_null(urlform_get(&f, "attribute", &n));
	assert_int_equal(n, 4);
	urlform_release(&f);
}

static const struct {
	const char *body;
	urlform_err_t err;
} refused[] = {
    {"a=%", URLFORM_BAD_ESCAPE},	    {"a=%4", URLFORM_BAD_ESCAPE},	{"a=%G1", URLFORM_BAD_ESCAPE},
    {"%zz=1", URLFORM_BAD_ESCAPE},	    {"a=x%00y", URLFORM_NUL},		{"a%00=1", URLFORM_NUL},
    {"a=%FF", URLFORM_BAD_UTF8},	    {"a=%C0%AF", URLFORM_BAD_UTF8},	{"a=%ED%A0%80", URLFORM_BAD_UTF8},
    {"a=%E4%B8", URLFORM_BAD_UTF8},	    {"a=\xff", URLFORM_BAD_UTF8},	{"=1", URLFORM_BAD_KEY},
    {"[x]=1", URLFORM_BAD_KEY},	    {"a[=1", URLFORM_BAD_KEY},		{"a]=1", URLFORM_BAD_KEY},
    {"a[b]c=1", URLFORM_BAD_KEY},	    {"a[b][c]=1", URLFORM_BAD_KEY},	{"a[b[c]]=1", URLFORM_BAD_KEY},
    {"a[][]=1", URLFORM_BAD_KEY},	    {"a[b]]=1", URLFORM_BAD_KEY},	{"ok=1&=2", URLFORM_BAD_KEY},
    {"a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9", URLFORM_TOO_MANY},
    {"k=0123456789012345678901234567890123456789012345678901234567890123456789", URLFORM_TOO_LONG},
    {"k012345678901234567890123456789012=1", URLFORM_TOO_LONG},
};

static void test_refusals(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(refused); i++) {
		urlform_t f = {(void *)1, 99};
		urlform_err_t e = parse(refused[i].body, &f);
		if (e != refused[i].err)
			fail_msg("%s: %d, expected %d", refused[i].body, e, refused[i].err);
		assert_null(f.pairs);
		assert_int_equal(f.n, 0);
		assert_true(urlform_err_zh(e)[0] && urlform_err_en(e)[0]);
	}
}

static void test_limits_are_on_decoded_lengths(void **state)
{
	(void)state;
	urlform_t f;
	/* 64 decoded bytes pass however long their encoding; one more does not */
	char body[400] = "v=";
	for (int i = 0; i < 64; i++)
		strcat(body, "%41");
	assert_int_equal(parse(body, &f), URLFORM_OK);
	assert_int_equal(strlen(f.pairs[0].value), 64);
	urlform_release(&f);
	strcat(body, "A");
	assert_int_equal(parse(body, &f), URLFORM_TOO_LONG);
	/* the body's own limit is on its bytes */
	char big[1100];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(urlform_parse(big, 1025, &LIM, &f), URLFORM_TOO_LARGE);
	assert_int_equal(urlform_parse(big, 30, &LIM, &f), URLFORM_OK); /* one key of 30 'a's */
	urlform_release(&f);
	/* exactly max_pairs pairs pass */
	assert_int_equal(parse("a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8", &f), URLFORM_OK);
	assert_int_equal(f.n, 8);
	urlform_release(&f);
}

static void test_bytes_not_strings(void **state)
{
	(void)state;
	/* the length given is the body: a NUL inside it is refused, bytes after it are not read */
	urlform_t f;
	assert_int_equal(urlform_parse("a=1\0b=2", 7, &LIM, &f), URLFORM_NUL);
	assert_int_equal(urlform_parse("a=12345", 3, &LIM, &f), URLFORM_OK);
	assert_string_equal(f.pairs[0].value, "1");
	urlform_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pairs_and_decoding),	     cmocka_unit_test(test_empty_pairs_are_skipped),
	    cmocka_unit_test(test_repeated_keys_are_kept_in_order), cmocka_unit_test(test_attribute_keys),
	    cmocka_unit_test(test_refusals),		     cmocka_unit_test(test_limits_are_on_decoded_lengths),
	    cmocka_unit_test(test_bytes_not_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
