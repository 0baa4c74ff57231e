/* matter_search.c — unit tests of domain/catalog/matter_search.c: the
 * search text stored with a matter, the terms of a query (with the words
 * they stand for) and the rank of a matter for a query.
 * Expected strings are written out by hand from the rules in
 * matter_search.h (normalised: 简体, lower case, half-width; '|' between
 * pieces) and the ranking rule written there. */
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
				 "\"type_label\":\"行政许可\",\"type_label_en\":\"Licensing\","
				 "\"keywords\":[\"餐饮\",\"ＡＢＣ\"],\"keywords_en\":[\"Restaurant\"],"
				 "\"description\":{\"zh\":\"开店前办理\",\"en\":\"Before opening\"},"
				 "\"conditions\":[{\"zh\":\"健康證明\",\"en\":\"Health certificates\"}],"
				 "\"applicants\":[\"enterprise\"],"
				 "\"materials\":[{\"name\":{\"zh\":\"营业执照\",\"en\":\"Licence\"}}]}",
				 0, NULL);
	assert_non_null(doc);
	matter_search_t s;
	matter_search_build(doc, "市场监管局", "AMR", &s);
	assert_string_equal(s.name, "|食品经营许可|food licence|");
	assert_string_equal(s.keys, "|餐饮|abc|restaurant|");
	assert_string_equal(s.guide, "|市场监管局|amr|行政许可|licensing|开店前办理|before opening|健康证明|"
				     "health certificates|");
	assert_string_equal(s.materials, "|营业执照|licence|");
	assert_string_equal(s.text, "|食品经营许可|food licence|餐饮|abc|restaurant|市场监管局|amr|行政许可|"
				    "licensing|开店前办理|before opening|健康证明|health certificates|营业执照|licence|");
	assert_string_equal(s.applicants, "|enterprise|");
	matter_search_release(&s);
	assert_null(s.text);
	/* nothing but a name: the other pieces are left out, not written empty; anyone may apply */
	json_t *bare = json_loads("{\"name\":{\"zh\":\"登记\",\"en\":\"\"}}", 0, NULL);
	matter_search_build(bare, NULL, NULL, &s);
	assert_string_equal(s.name, "|登记|");
	assert_string_equal(s.keys, "|");
	assert_string_equal(s.guide, "|");
	assert_string_equal(s.text, "|登记|");
	assert_string_equal(s.applicants, "|person|enterprise|");
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
		const char *t0, *t1, *whole;
	} rows[] = {
		{"餐饮", 1, "餐饮", NULL, "餐饮"},
		{"餐飲 許可", 2, "餐饮", "许可", "餐饮 许可"},
		{"  Food\u3000 LICENCE ", 2, "food", "licence", "food licence"},
		{"100%_a\\b", 1, "100%_a\\b", NULL, "100%_a\\b"},
		{"a b c d", 4, "a", "b", "a b c d"},
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		matter_query_terms_t t;
		errs_t e = ERRS_INIT;
		assert_true(matter_search_parse(rows[i].q, &t, &e));
		assert_int_equal(e.n, 0);
		assert_int_equal(t.nterms, rows[i].nterms);
		assert_string_equal(t.terms[0].word[0], rows[i].t0);
		if (rows[i].t1)
			assert_string_equal(t.terms[1].word[0], rows[i].t1);
		else
			assert_int_equal(t.terms[1].n, 0);
		assert_string_equal(t.whole, rows[i].whole);
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
		assert_null(t.whole);
		assert_int_equal(t.terms[0].n, 0);
		errs_clear(&e);
	}
}

/* Whether word w is among the words term 0 of q stands for. */
static bool stands_for(const char *q, const char *w)
{
	matter_query_terms_t t;
	errs_t e = ERRS_INIT;
	assert_true(matter_search_parse(q, &t, &e));
	bool found = false;
	for (int k = 1; k < t.terms[0].n; k++)
		found |= strcmp(t.terms[0].word[k], w) == 0;
	matter_search_query_release(&t);
	return found;
}

static void test_synonyms(void **state)
{
	(void)state;
	/* data/search/synonyms.json: colloquial and 繁體 forms; a term that contains the word */
	assert_true(stands_for("开饭店", "餐饮"));
	assert_true(stands_for("開飯店", "餐饮"));
	assert_true(stands_for("我想开饭店", "餐饮"));
	assert_true(stands_for("身分證", "身份证"));
	assert_true(stands_for("生孩子", "生育"));
	assert_true(stands_for("开公司", "设立登记"));
	assert_true(stands_for("License", "licence"));
	assert_false(stands_for("餐饮", "开饭店")); /* one way: the formal word does not widen */
	/* a phrase of several words makes the query one term */
	matter_query_terms_t t;
	errs_t e = ERRS_INIT;
	assert_true(matter_search_parse("how to start a company", &t, &e));
	assert_int_equal(t.nterms, 1);
	assert_string_equal(t.terms[0].word[0], "how to start a company");
	assert_string_equal(t.terms[0].word[1], "enterprise establishment registration");
	matter_search_query_release(&t);
}

static int rank(const char *q, const matter_fields_t *f)
{
	matter_query_terms_t t;
	errs_t e = ERRS_INIT;
	assert_true(matter_search_parse(q, &t, &e));
	int r = matter_search_rank(&t, f);
	matter_search_query_release(&t);
	return r;
}

static void test_tiers_and_rank(void **state)
{
	(void)state;
	matter_fields_t f = {"|企业设立登记|enterprise establishment registration|", "|开店|营业执照|sole trader|",
			     "|市场监管局|amr|health certificates|", "|营业执照|business licence|"};
	static const struct {
		const char *word;
		int tier;
	} tiers[] = {
		{"企业设立登记", 0}, {"enterprise establishment registration", 0},
		{"企业", 1},	      {"enterprise", 1},
		{"设立", 2},	      {"registration", 2},
		{"营业执照", 3},     {"sole", 3},
		{"市场监管局", 4},   {"health", 4},
		{"business", 5},     {"执照", 3},
		{"不存在", -1},
		/* a Latin word matches only where a word starts */
		{"stration", -1},    {"icence", -1},
		{"trader", 3},
	};
	for (size_t i = 0; i < ARRAY_LEN(tiers); i++)
		if (matter_search_tier(tiers[i].word, &f) != tiers[i].tier)
			fail_msg("%s: tier %d, want %d", tiers[i].word, matter_search_tier(tiers[i].word, &f),
				 tiers[i].tier);
	/* one term: 100 × value + value, value = 2 × tier (+1 through a word it stands for) */
	assert_int_equal(rank("企业设立登记", &f), 0);
	assert_int_equal(rank("营业执照", &f), 606);
	assert_int_equal(rank("business", &f), 1010);
	assert_int_equal(rank("开公司", &f), 101); /* stands for 企业设立登记, the whole name */
	/* several: the weakest term leads, then the sum */
	assert_int_equal(rank("企业 营业执照", &f), 600 + 2 + 6);
	assert_int_equal(rank("企业 不存在", &f), -1);
	/* words that together start a name rank as that start */
	assert_int_equal(rank("Enterprise establishment", &f), 2 * (100 + 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_synonyms),
		cmocka_unit_test(test_tiers_and_rank),
	};
	return cmocka_run_group_tests_name("catalog/matter_search", tests, NULL, NULL);
}
