/* matter_search.c — unit tests of domain/catalog/matter_search.c: the
 * search text stored with a matter and the LIKE patterns made from a query.
 * Expected strings are written out by hand from the rules in
 * matter_search.h (normalised: 简体, lower case, half-width; '|' between
 * pieces; % _ and \ escaped in patterns). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain/catalog/matter_search.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static void test_build(void **state)
{
	(void)state;
	json_t *doc = json_loads("{\"name\":{\"zh\":\"食品經營許可\",\"en\":\"Food LICENCE\"},"
				 "\"type_label\":\"行政许可\",\"keywords\":[\"餐饮\",\"ＡＢＣ\"],"
				 "\"materials\":[{\"name\":{\"zh\":\"营业执照\",\"en\":\"Licence\"}}]}",
				 0, NULL);
	assert_non_null(doc);
	matter_search_t s;
	matter_search_build(doc, "市场监管局", "AMR", &s);
	assert_string_equal(s.name, "|食品经营许可|food licence|");
	assert_string_equal(s.keys, "|餐饮|abc|");
	assert_string_equal(s.text, "|食品经营许可|food licence|市场监管局|amr|行政许可|餐饮|abc|营业执照|licence|");
	matter_search_release(&s);
	assert_null(s.text);
	/* nothing but a name: the other pieces are left out, not written empty */
	json_t *bare = json_loads("{\"name\":{\"zh\":\"登记\",\"en\":\"\"}}", 0, NULL);
	matter_search_build(bare, NULL, NULL, &s);
	assert_string_equal(s.name, "|登记|");
	assert_string_equal(s.keys, "|");
	assert_string_equal(s.text, "|登记|");
	matter_search_release(&s);
	json_decref(bare);
	json_decref(doc);
}

static void test_parse(void **state)
{
	(void)state;
	static const struct {
		const char *q;
		int nterms;
		const char *t0, *t1, *exact, *prefix, *anywhere;
	} rows[] = {
		{"餐饮", 1, "%餐饮%", NULL, "%|餐饮|%", "%|餐饮%", "%餐饮%"},
		{"餐飲 許可", 2, "%餐饮%", "%许可%", "%|餐饮 许可|%", "%|餐饮 许可%", "%餐饮 许可%"},
		{"  Food\u3000 LICENCE ", 2, "%food%", "%licence%", "%|food licence|%", "%|food licence%",
		 "%food licence%"},
		{"100%_a\\b", 1, "%100\\%\\_a\\\\b%", NULL, "%|100\\%\\_a\\\\b|%", "%|100\\%\\_a\\\\b%",
		 "%100\\%\\_a\\\\b%"},
		{"a b c d", 4, "%a%", "%b%", "%|a b c d|%", "%|a b c d%", "%a b c d%"},
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		matter_query_terms_t t;
		errs_t e = ERRS_INIT;
		assert_true(matter_search_parse(rows[i].q, &t, &e));
		assert_int_equal(e.n, 0);
		assert_int_equal(t.nterms, rows[i].nterms);
		assert_string_equal(t.terms[0], rows[i].t0);
		if (rows[i].t1)
			assert_string_equal(t.terms[1], rows[i].t1);
		else
			assert_null(t.terms[1]);
		assert_string_equal(t.exact, rows[i].exact);
		assert_string_equal(t.prefix, rows[i].prefix);
		assert_string_equal(t.anywhere, rows[i].anywhere);
		matter_search_query_release(&t);
	}
	static const struct {
		const char *q, *code;
	} bad[] = {
		{"", "required"},
		{"   ", "required"},
		{"\u3000\u3000", "required"},
		{"a b c d e", "too_many_terms"},
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		matter_query_terms_t t;
		errs_t e = ERRS_INIT;
		assert_false(matter_search_parse(bad[i].q, &t, &e));
		assert_true(errs_has(&e, "q", bad[i].code));
		assert_int_equal(e.n, 1);
		assert_null(t.exact);
		assert_null(t.terms[0]);
		errs_clear(&e);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_parse),
	};
	return cmocka_run_group_tests_name("catalog/matter_search", tests, NULL, NULL);
}
