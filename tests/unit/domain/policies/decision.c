/* decision.c (test) — policy decision tables as DMN defines their hit
 * policies (unique: at most one row may hold; first: the first row that holds;
 * collect: every row that holds), the explanations given, and the checks at
 * definition time (unknown attribute, bad condition, overlapping rows under
 * unique). Tables and expectations are written out here, as data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "domain/policies/decision.h"

static json_t *table(const char *text)
{
	json_error_t err;
	json_t *t = json_loads(text, 0, &err);
	assert_non_null(t);
	return t;
}

#define FIRM_A "{\"industry\": \"餐饮\", \"employees\": 30, \"founded\": \"2024-03-01\", \"tax_credit\": \"A\"}"
#define FIRM_B "{\"industry\": \"零售\", \"employees\": 120, \"founded\": \"2010-01-01\", \"tax_credit\": \"B\"}"
#define ROWS                                                                                                 \
	"[{\"when\": {\"industry\": {\"in\": [\"餐饮\"]}, \"employees\": {\"max\": 50}}, \"benefit\": 500000},"   \
	" {\"when\": {\"founded\": {\"min\": \"2023-01-01\"}}, \"benefit\": 1000000},"                           \
	" {\"when\": {\"tax_credit\": {\"in\": [\"A\", \"B\"]}}, \"benefit\": 200000}]"

static const struct {
	const char *hit, *firm;
	int64_t benefit;
	const char *rows;          /* the rows hit, 1-based, comma-separated */
} EVAL[] = {
    /* firm A meets rows 1, 2 and 3 */
    {"first", FIRM_A, 500000, "1"},
    {"collect", FIRM_A, 1700000, "1,2,3"},
    /* firm B meets row 3 only */
    {"first", FIRM_B, 200000, "3"},
    {"collect", FIRM_B, 200000, "3"},
};

static void test_hit_policies(void **state)
{
	for (size_t i = 0; i < sizeof EVAL / sizeof EVAL[0]; i++) {
		char text[1024];
		snprintf(text, sizeof text, "{\"hit_policy\": \"%s\", \"rules\": %s}", EVAL[i].hit, ROWS);
		json_t *t = table(text), *firm = table(EVAL[i].firm);
		errs_t e = ERRS_INIT;
		assert_true(decision_validate(t, "eligibility", &e));
		int64_t benefit = -1;
		json_t *hits = decision_eval(t, firm, &benefit);
		assert_int_equal(benefit, EVAL[i].benefit);
		char rows[32] = "";
		for (size_t k = 0; k < json_array_size(hits); k++)
			snprintf(rows + strlen(rows), sizeof rows - strlen(rows), "%s%lld", k ? "," : "",
				 (long long)json_integer_value(json_object_get(json_array_get(hits, k), "row")));
		assert_string_equal(rows, EVAL[i].rows);
		json_decref(hits);
		json_decref(firm);
		json_decref(t);
	}
}

static void test_unique_and_explanations(void **state)
{
	json_t *t = table("{\"hit_policy\": \"unique\", \"rules\": ["
			  "{\"when\": {\"employees\": {\"max\": 50}}, \"benefit\": 100},"
			  "{\"when\": {\"employees\": {\"min\": 51, \"max\": 300}}, \"benefit\": 50},"
			  "{\"when\": {\"industry\": {\"in\": [\"餐饮\"]}, \"employees\": {\"min\": 301}}, \"benefit\": 10}]}");
	errs_t e = ERRS_INIT;
	assert_true(decision_validate(t, "eligibility", &e));
	json_t *firm = table("{\"industry\": \"餐饮\", \"employees\": 400}");
	int64_t benefit;
	json_t *hits = decision_eval(t, firm, &benefit);
	assert_int_equal(json_array_size(hits), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(hits, 0), "explanation")),
			    "row 3 matched: industry = 餐饮, employees ≥ 301");
	json_decref(hits);
	json_decref(firm);
	firm = table("{\"employees\": 60}");
	hits = decision_eval(t, firm, &benefit);
	assert_string_equal(json_string_value(json_object_get(json_array_get(hits, 0), "explanation")),
			    "row 2 matched: 51 ≤ employees ≤ 300");
	json_decref(hits);
	json_decref(firm);
	/* a firm without the fact a row needs: no match, no benefit */
	firm = table("{\"industry\": \"餐饮\"}");
	hits = decision_eval(t, firm, &benefit);
	assert_int_equal(json_array_size(hits), 0);
	assert_int_equal(benefit, 0);
	json_decref(hits);
	json_decref(firm);
	json_decref(t);
}

static const struct {
	const char *table, *field, *code;
} BAD[] = {
    {"{\"hit_policy\": \"first\", \"rules\": [{\"when\": {\"revenue\": {\"min\": 1}}, \"benefit\": 1}]}",
     "eligibility.rules[0].when.revenue", "unknown_attribute"},
    {"{\"hit_policy\": \"any\", \"rules\": [{\"when\": {}, \"benefit\": 1}]}", "eligibility.hit_policy",
     "not_allowed"},
    {"{\"hit_policy\": \"first\", \"rules\": [{\"when\": {\"industry\": {\"min\": 1}}, \"benefit\": 1}]}",
     "eligibility.rules[0].when.industry", "invalid"},
    {"{\"hit_policy\": \"first\", \"rules\": [{\"when\": {\"employees\": {\"min\": 9, \"max\": 3}}, \"benefit\": 1}]}",
     "eligibility.rules[0].when.employees", "invalid"},
    {"{\"hit_policy\": \"first\", \"rules\": [{\"when\": {\"founded\": {\"min\": \"2023-02-30\"}}, \"benefit\": 1}]}",
     "eligibility.rules[0].when.founded", "invalid"},
    {"{\"hit_policy\": \"first\", \"rules\": [{\"when\": {}, \"benefit\": -5}]}", "eligibility.rules[0]", "invalid"},
    /* a benefit over the cap: fifty of them would no longer add up in 64 bits */
    {"{\"hit_policy\": \"collect\", \"rules\": [{\"when\": {}, \"benefit\": 9223372036854775807},"
     "{\"when\": {}, \"benefit\": 1}]}",
     "eligibility.rules[0]", "invalid"},
    /* unique: employees ≤ 50 and 50..300 both hold at 50 */
    {"{\"hit_policy\": \"unique\", \"rules\": [{\"when\": {\"employees\": {\"max\": 50}}, \"benefit\": 1},"
     "{\"when\": {\"employees\": {\"min\": 50, \"max\": 300}}, \"benefit\": 1}]}",
     "eligibility.rules[1]", "overlapping_rows"},
    /* unique: a row without a condition on industry overlaps one with it */
    {"{\"hit_policy\": \"unique\", \"rules\": [{\"when\": {\"industry\": {\"in\": [\"餐饮\"]}}, \"benefit\": 1},"
     "{\"when\": {\"district\": {\"in\": [\"310101\"]}}, \"benefit\": 1}]}",
     "eligibility.rules[1]", "overlapping_rows"},
    /* unique: shared values of a text attribute overlap */
    {"{\"hit_policy\": \"unique\", \"rules\": [{\"when\": {\"size\": {\"in\": [\"micro\", \"small\"]}}, \"benefit\": 1},"
     "{\"when\": {\"size\": {\"in\": [\"small\", \"medium\"]}}, \"benefit\": 1}]}",
     "eligibility.rules[1]", "overlapping_rows"},
};

static void test_refused_at_definition(void **state)
{
	for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
		json_t *t = table(BAD[i].table);
		errs_t e = ERRS_INIT;
		assert_false(decision_validate(t, "eligibility", &e));
		assert_true(errs_has(&e, BAD[i].field, BAD[i].code));
		errs_clear(&e);
		json_decref(t);
	}
	/* the same rows disjoint are fine under unique */
	json_t *t = table("{\"hit_policy\": \"unique\", \"rules\": [{\"when\": {\"size\": {\"in\": [\"micro\"]}}, "
			  "\"benefit\": 1}, {\"when\": {\"size\": {\"in\": [\"small\", \"medium\"]}}, \"benefit\": 1}]}");
	errs_t e = ERRS_INIT;
	assert_true(decision_validate(t, "eligibility", &e));
	json_decref(t);
}

/* Fifty rows at the largest benefit, all collected: the total is exact. */
static void test_largest_total(void **state)
{
	json_t *rows = json_array();
	for (int i = 0; i < DECISION_MAX_RULES; i++)
		json_array_append_new(rows,
				      json_pack("{s{} sI}", "when", "benefit", (json_int_t)DECISION_MAX_BENEFIT));
	json_t *t = json_pack("{ss so}", "hit_policy", "collect", "rules", rows), *firm = json_object();
	errs_t e = ERRS_INIT;
	assert_true(decision_validate(t, "eligibility", &e));
	int64_t benefit = -1;
	json_t *hits = decision_eval(t, firm, &benefit);
	assert_int_equal(json_array_size(hits), DECISION_MAX_RULES);
	assert_true(benefit == (int64_t)DECISION_MAX_RULES * DECISION_MAX_BENEFIT);
	json_decref(hits);
	json_decref(firm);
	json_decref(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hit_policies),
	    cmocka_unit_test(test_unique_and_explanations),
	    cmocka_unit_test(test_refused_at_definition),
	    cmocka_unit_test(test_largest_total),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
