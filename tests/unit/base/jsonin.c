/* test_jsonin.c — unit tests of base/jsonin: the raw-byte prescan that bounds
 * nesting depth and field count before any parser runs, and the declarative
 * spec parser that every handler uses (unknown members, required fields,
 * types, lengths counted in characters, control characters), which must
 * report every problem at once, each naming its field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/errs.h"
#include "base/jsonin.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ prescan */

static const struct {
	const char *json;
	int depth;
	long fields;
	prescan_t want;
} PRESCAN[] = {
	/* depth: each { or [ is a level */
	{"{}", 1, 10, PRESCAN_OK},
	{"{}", 0, 10, PRESCAN_TOO_DEEP},
	{"[[[]]]", 3, 10, PRESCAN_OK},
	{"[[[]]]", 2, 10, PRESCAN_TOO_DEEP},
	{"{\"a\":{\"b\":{\"c\":1}}}", 3, 10, PRESCAN_OK},
	{"{\"a\":{\"b\":{\"c\":1}}}", 2, 10, PRESCAN_TOO_DEEP},
	{"[{},{},{},{}]", 2, 10, PRESCAN_OK},          /* siblings do not add up */
	/* brackets inside strings are text */
	{"{\"a\":\"{{{{[[[[\"}", 1, 10, PRESCAN_OK},
	{"{\"{[{[\":\"]}]}\"}", 1, 10, PRESCAN_OK},
	{"{\"a\":\"\\\"{{{{\"}", 1, 10, PRESCAN_OK},    /* an escaped quote does not end the string */
	{"{\"a\":\"\\\\\",\"b\":{}}", 1, 10, PRESCAN_TOO_DEEP}, /* "\\" ends there: the { after is real */
	{"[\"\\\\\\\"[[\"]", 1, 10, PRESCAN_OK},        /* \\ then \" : still inside */
	/* stray closers cannot buy depth */
	{"]]]]][[[", 2, 10, PRESCAN_TOO_DEEP},
	{"}}}}}{{{", 3, 10, PRESCAN_OK},
	/* fields: members of objects and elements of arrays, each counted once */
	{"{}", 16, 0, PRESCAN_OK},
	{"[]", 16, 0, PRESCAN_OK},
	{"[ \n\t ]", 16, 0, PRESCAN_OK},
	{"{\"a\":1}", 16, 1, PRESCAN_OK},
	{"{\"a\":1}", 16, 0, PRESCAN_TOO_MANY_FIELDS},
	{"{\"a\":1,\"b\":2}", 16, 2, PRESCAN_OK},
	{"{\"a\":1,\"b\":2}", 16, 1, PRESCAN_TOO_MANY_FIELDS},
	{"[1,2,3]", 16, 3, PRESCAN_OK},
	{"[1,2,3]", 16, 2, PRESCAN_TOO_MANY_FIELDS},
	{"[ 1 , 2 ]", 16, 2, PRESCAN_OK},
	{"{\"a\":[1,2],\"b\":{\"c\":3}}", 16, 5, PRESCAN_OK},   /* a, b, 1, 2, c */
	{"{\"a\":[1,2],\"b\":{\"c\":3}}", 16, 4, PRESCAN_TOO_MANY_FIELDS},
	{"[[],[],{}]", 16, 3, PRESCAN_OK},
	/* commas and colons inside strings are text */
	{"{\"a\":\",,,,:::\"}", 16, 1, PRESCAN_OK},
	{"[\"a,b\",\"c:d\"]", 16, 2, PRESCAN_OK},
	{"{\"k,e:y\":\"v,a:l\"}", 16, 1, PRESCAN_OK},
	/* a top-level scalar has no fields */
	{"\"just, text\"", 1, 0, PRESCAN_OK},
	{"12", 0, 0, PRESCAN_OK},
};

static void test_prescan_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(PRESCAN); i++) {
		prescan_t got = json_prescan(PRESCAN[i].json, strlen(PRESCAN[i].json), PRESCAN[i].depth, PRESCAN[i].fields);
		if (got != PRESCAN[i].want)
			fail_msg("row %zu %s (depth %d, fields %ld): got %d, want %d", i, PRESCAN[i].json, PRESCAN[i].depth,
				 PRESCAN[i].fields, got, PRESCAN[i].want);
	}
}

static void test_prescan_reads_only_len_bytes(void **state)
{
	(void)state;
	/* the buffer continues past len with something that would be too deep */
	const char *buf = "{\"a\":1}[[[[[[[[";
	assert_int_equal(json_prescan(buf, 7, 1, 10), PRESCAN_OK);
	assert_int_equal(json_prescan(buf, strlen(buf), 1, 10), PRESCAN_TOO_DEEP);
	/* a NUL inside the body is just a byte */
	const char withnul[] = "[1,\0,[[[";
	assert_int_equal(json_prescan(withnul, sizeof withnul - 1, 1, 10), PRESCAN_TOO_DEEP);
	assert_int_equal(json_prescan("", 0, 0, 0), PRESCAN_OK);
}

/* ------------------------------------------------------------ spec parsing */

typedef struct {
	const char *name, *city, *note;
	long long age;
	bool agree;
	json_t *meta, *tags, *any;
	bool name_given, age_given;
} form_t;

static void spec_for(form_t *f, jfield_t spec[10])
{
	jfield_t s[] = {
		{"name", JF_STRING, true, 2, 5, &f->name, &f->name_given},  /* 2..5 characters */
		{"city", JF_STRING, false, 0, 0, &f->city, NULL},           /* default 1..200 */
		{"note", JF_TEXT, false, 0, 10, &f->note, NULL},
		{"age", JF_INT, false, 18, 120, &f->age, &f->age_given},
		{"agree", JF_BOOL, true, 0, 0, &f->agree, NULL},
		{"meta", JF_OBJECT, false, 0, 0, &f->meta, NULL},
		{"tags", JF_ARRAY, false, 1, 3, &f->tags, NULL},
		{"any", JF_ANY, false, 0, 0, &f->any, NULL},
		JF_END,
	};
	memcpy(spec, s, sizeof s);
}

/* Parses `json` against the spec; fills *f; returns the result and the errors. */
static bool parse(const char *json, form_t *f, errs_t *e, json_t **root)
{
	jfield_t spec[10];
	memset(f, 0, sizeof *f);
	f->age = -1;              /* a caller's default, kept when absent */
	f->city = "上海";
	spec_for(f, spec);
	json_error_t jerr;
	*root = json_loads(json, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);   /* NUL: to reach the spec check */
	if (!*root)
		fail_msg("test JSON does not parse: %s: %s", json, jerr.text);
	return json_spec_parse(*root, spec, NULL, e);
}

static void test_valid_object_fills_outputs(void **state)
{
	(void)state;
	form_t f;
	errs_t e = ERRS_INIT;
	json_t *root;
	assert_true(parse("{\"name\":\"张三丰\",\"note\":\"第一行\\n第二行\",\"age\":18,\"agree\":false,"
			  "\"meta\":{\"x\":1},\"tags\":[\"a\"],\"any\":[1,{}]}", &f, &e, &root));
	assert_int_equal(e.n, 0);
	assert_string_equal(f.name, "张三丰");
	assert_string_equal(f.city, "上海");                 /* absent: default kept */
	assert_string_equal(f.note, "第一行\n第二行");      /* text may have newlines */
	assert_int_equal(f.age, 18);
	assert_false(f.agree);
	assert_true(json_is_object(f.meta));
	assert_int_equal(json_array_size(f.tags), 1);
	assert_true(json_is_array(f.any));
	assert_true(f.name_given && f.age_given);
	json_decref(root);
}

static void test_absent_and_null_optional_fields_keep_defaults(void **state)
{
	(void)state;
	form_t f;
	errs_t e = ERRS_INIT;
	json_t *root;
	assert_true(parse("{\"name\":\"ab\",\"agree\":true,\"age\":null,\"city\":null}", &f, &e, &root));
	assert_int_equal(f.age, -1);
	assert_false(f.age_given);
	assert_string_equal(f.city, "上海");
	json_decref(root);
}

/* Each row: a body, and every (field, code) it must produce — no more. */
static const struct {
	const char *json;
	const char *errors[6][2];
} BAD[] = {
	{"{}", {{"name", "required"}, {"agree", "required"}}},
	{"{\"name\":null,\"agree\":null}", {{"name", "required"}, {"agree", "required"}}},
	{"{\"name\":\"ab\",\"agree\":true,\"admin\":true,\"x\":1}", {{"admin", "unknown_field"}, {"x", "unknown_field"}}},
	{"{\"Name\":\"ab\",\"agree\":true}", {{"Name", "unknown_field"}, {"name", "required"}}},   /* names are exact */
	/* types */
	{"{\"name\":12,\"agree\":\"yes\"}", {{"name", "type"}, {"agree", "type"}}},
	{"{\"name\":\"ab\",\"agree\":1,\"age\":\"30\",\"meta\":[],\"tags\":{}}",
	 {{"agree", "type"}, {"age", "type"}, {"meta", "type"}, {"tags", "type"}}},
	{"{\"name\":\"ab\",\"agree\":true,\"age\":30.5}", {{"age", "type"}}},
	{"{\"name\":[\"ab\"],\"agree\":true,\"note\":1}", {{"name", "type"}, {"note", "type"}}},
	/* lengths count characters (code points), not bytes */
	{"{\"name\":\"张\",\"agree\":true}", {{"name", "too_short"}}},
	{"{\"name\":\"张三丰李四王\",\"agree\":true}", {{"name", "too_long"}}},       /* 6 > 5 */
	{"{\"name\":\"abcdef\",\"agree\":true}", {{"name", "too_long"}}},
	{"{\"name\":\"\",\"agree\":true}", {{"name", "required"}}},                  /* empty is missing */
	{"{\"name\":\"ab\",\"agree\":true,\"city\":\"\"}", {{"city", "required"}}},
	{"{\"name\":\"ab\",\"agree\":true,\"note\":\"一二三四五六七八九十一\"}", {{"note", "too_long"}}},
	/* integer and array bounds */
	{"{\"name\":\"ab\",\"agree\":true,\"age\":17}", {{"age", "too_small"}}},
	{"{\"name\":\"ab\",\"agree\":true,\"age\":121}", {{"age", "too_large"}}},
	{"{\"name\":\"ab\",\"agree\":true,\"tags\":[]}", {{"tags", "too_short"}}},
	{"{\"name\":\"ab\",\"agree\":true,\"tags\":[1,2,3,4]}", {{"tags", "too_long"}}},
	/* control characters: none in one-line strings; text allows \n \t \r only */
	{"{\"name\":\"a\\tb\",\"agree\":true}", {{"name", "control_chars"}}},
	{"{\"name\":\"a\\nb\",\"agree\":true}", {{"name", "control_chars"}}},
	{"{\"name\":\"a\\u0000b\",\"agree\":true}", {{"name", "control_chars"}}},   /* an embedded NUL */
	{"{\"name\":\"a\\u007fb\",\"agree\":true}", {{"name", "control_chars"}}},
	{"{\"name\":\"ab\",\"agree\":true,\"note\":\"x\\u0007y\"}", {{"note", "control_chars"}}},
	/* everything at once */
	{"{\"zzz\":1,\"name\":\"张三丰李四王五\",\"age\":7,\"tags\":\"t\",\"note\":\"\\u0001\"}",
	 {{"zzz", "unknown_field"}, {"name", "too_long"}, {"age", "too_small"}, {"tags", "type"}, {"note", "control_chars"},
	  {"agree", "required"}}},
};

static void test_bad_bodies_name_every_field(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(BAD); i++) {
		form_t f;
		errs_t e = ERRS_INIT;
		json_t *root;
		if (parse(BAD[i].json, &f, &e, &root))
			fail_msg("row %zu %s: accepted", i, BAD[i].json);
		size_t want = 0;
		for (; want < 6 && BAD[i].errors[want][0]; want++)
			if (!errs_has(&e, BAD[i].errors[want][0], BAD[i].errors[want][1]))
				fail_msg("row %zu %s: no (%s, %s); first error (%s, %s)", i, BAD[i].json, BAD[i].errors[want][0],
					 BAD[i].errors[want][1], e.n ? e.v[0].field : "-", e.n ? e.v[0].code : "-");
		if (e.n != want)
			fail_msg("row %zu %s: %zu errors, expected %zu", i, BAD[i].json, e.n, want);
		for (size_t k = 0; k < e.n; k++) {
			assert_true(strlen(e.v[k].zh) > 0);
			assert_true(strlen(e.v[k].en) > 0);
		}
		errs_clear(&e);
		json_decref(root);
	}
}

static void test_not_an_object(void **state)
{
	(void)state;
	static const char *ROOTS[] = {"[]", "\"text\"", "1", "null", "true"};
	for (size_t i = 0; i < N_ROWS(ROOTS); i++) {
		form_t f;
		errs_t e = ERRS_INIT;
		json_t *root;
		assert_false(parse(ROOTS[i], &f, &e, &root));
		assert_int_equal(e.n, 1);
		assert_true(errs_has(&e, "", "type"));
		errs_clear(&e);
		json_decref(root);
	}
}

static void test_prefix_builds_nested_paths(void **state)
{
	(void)state;
	const char *a = NULL;
	long long n = 0;
	jfield_t spec[] = {
		{"a", JF_STRING, true, 1, 3, &a, NULL},
		{"n", JF_INT, true, 0, 9, &n, NULL},
		JF_END,
	};
	json_t *o = json_loads("{\"a\":\"long\",\"n\":10,\"q\":0}", 0, NULL);
	errs_t e = ERRS_INIT;
	assert_false(json_spec_parse(o, spec, "form.applicant", &e));
	assert_true(errs_has(&e, "form.applicant.a", "too_long"));
	assert_true(errs_has(&e, "form.applicant.n", "too_large"));
	assert_true(errs_has(&e, "form.applicant.q", "unknown_field"));
	assert_int_equal(e.n, 3);
	/* errors accumulate across calls; the result reflects only this call's */
	json_t *ok = json_loads("{\"a\":\"abc\",\"n\":0}", 0, NULL);
	assert_true(json_spec_parse(ok, spec, "second", &e));
	assert_int_equal(e.n, 3);
	assert_string_equal(a, "abc");
	assert_int_equal(n, 0);
	errs_clear(&e);
	json_decref(o);
	json_decref(ok);
}

/* An unknown member too long to name whole is named cut at a character and
 * marked with "…": still valid UTF-8, still a prefix of the member. */
static void test_a_long_unknown_member_is_named_cut_at_a_character(void **state)
{
	(void)state;
	jfield_t spec[] = {JF_END};
	char key[1 + 3 * 300 + 1];
	key[0] = 'a'; /* one byte first: a cut at 255 bytes falls inside a 3-byte character */
	for (int i = 0; i < 300; i++)
		memcpy(key + 1 + 3 * i, "\xE4\xB8\xAD", 3); /* 中 */
	key[sizeof key - 1] = '\0';
	json_t *o = json_object();
	json_object_set_new(o, key, json_integer(1));
	errs_t e = ERRS_INIT;
	assert_false(json_spec_parse(o, spec, NULL, &e));
	assert_int_equal(e.n, 1);
	const char *f = e.v[0].field;
	size_t len = strlen(f);
	assert_true(len < 256 && len > 200);
	assert_memory_equal(f + len - 3, "\xE2\x80\xA6", 3);                /* ends in … */
	assert_memory_equal(f, key, len - 3);                                /* a prefix of the member */
	assert_int_equal((len - 3 - 1) % 3, 0);                              /* whole characters only */
	json_t *s = json_string(f);                                          /* valid UTF-8 */
	assert_non_null(s);
	json_decref(s);
	/* and a path that fits is left whole */
	char out[16];
	errs_path(out, sizeof out, "form", "name");
	assert_string_equal(out, "form.name");
	errs_path(out, sizeof out, NULL, "abcdefghijklmnopqrstuvwxyz");
	assert_string_equal(out, "abcdefghijkl\xE2\x80\xA6"); /* 12 + 3 + NUL = 16 */
	errs_clear(&e);
	json_decref(o);
}

static void test_int_without_bounds_takes_any_value(void **state)
{
	(void)state;
	long long n = 0;
	jfield_t spec[] = {{"n", JF_INT, true, 0, 0, &n, NULL}, JF_END};
	json_t *o = json_loads("{\"n\":-9007199254740993}", 0, NULL);
	errs_t e = ERRS_INIT;
	assert_true(json_spec_parse(o, spec, NULL, &e));
	assert_true(n == -9007199254740993LL);
	json_decref(o);
}

static void test_utf8_len_and_control_chars(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t len;
	} L[] = {
		{"", 0}, {"abc", 3}, {"张三", 2}, {"a张b", 3}, {"🙂", 1}, {"é", 1}, {"一网通办 one-stop", 13},
	};
	for (size_t i = 0; i < N_ROWS(L); i++)
		if (utf8_len(L[i].s) != L[i].len)
			fail_msg("utf8_len(%s) = %zu, want %zu", L[i].s, utf8_len(L[i].s), L[i].len);
	static const struct {
		const char *s;
		bool allow_nl, has;
	} C[] = {
		{"plain", false, false}, {"a\nb", false, true}, {"a\nb", true, false}, {"a\tb\r\n", true, false},
		{"a\x01" "b", true, true}, {"a\x7f", true, true}, {"张三", false, false}, {"\x1b[31m", true, true},
	};
	for (size_t i = 0; i < N_ROWS(C); i++)
		if (has_control_chars(C[i].s, C[i].allow_nl) != C[i].has)
			fail_msg("has_control_chars row %zu", i);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prescan_table),
		cmocka_unit_test(test_prescan_reads_only_len_bytes),
		cmocka_unit_test(test_valid_object_fills_outputs),
		cmocka_unit_test(test_absent_and_null_optional_fields_keep_defaults),
		cmocka_unit_test(test_bad_bodies_name_every_field),
		cmocka_unit_test(test_not_an_object),
		cmocka_unit_test(test_prefix_builds_nested_paths),
		cmocka_unit_test(test_int_without_bounds_takes_any_value),
		cmocka_unit_test(test_a_long_unknown_member_is_named_cut_at_a_character),
		cmocka_unit_test(test_utf8_len_and_control_chars),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
