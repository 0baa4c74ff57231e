/* fuzz_policy.c — a policy's eligibility decision table (惠企政策,
 * domain/policies/decision.h): the "eligibility" member of the body a
 * department head POSTs to /api/v1/policies, which policy_create hands to
 * decision_validate, and which publishing then evaluates (decision_eval) on
 * every enterprise profile.
 *
 * The input goes the server's way (json_prescan with depth 16 and 10000
 * fields, jansson with JSON_REJECT_DUPLICATES) and is the table. An accepted
 * table is evaluated, as given and as "collect", on fixed firms: the
 * enterprise profiles of data/demo/inspections.json (as compiled in), a firm
 * with no facts, one whose facts have the wrong types, and for each row a
 * firm made from that row's own conditions (the first value of each "in",
 * the min of each range, else its max).
 *
 * Checked, by rules stated apart from the code:
 *   - decision_validate returns true exactly when it reported nothing, and
 *     each problem has a code and both messages and names a field under the
 *     prefix it was given;
 *   - an accepted table has a known hit policy and 1-50 rows;
 *   - evaluation always answers, and the same answer twice;
 *   - which rows hold is what the harness's own reading of decision.h says
 *     (text: the fact is one of the values; numbers and dates: within min
 *     and max, inclusive; a missing fact holds no condition); "collect"
 *     answers every row that holds, "first" the first, "unique" the one
 *     row, and under "unique" no two rows hold for any firm;
 *   - rows are answered in order, each with its benefit and an explanation
 *     "row N matched: ...", and the benefit is their exact sum;
 *   - a row's own firm meets that row. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embedded.h"
#include "base/jsonin.h"
#include "domain/policies/decision.h"

#include "check.h"

#define SERVER_MAX_DEPTH 16 /* src/http/server.c defaults */
#define SERVER_MAX_FIELDS 10000L
#define PREFIX "eligibility"

static json_t *FIRMS; /* the fixed firms */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	const embedded_file_t *f = embedded_find(embedded_data, "demo/inspections.json");
	CHECK(f);
	json_t *demo = json_loadb((const char *)f->data, f->len, 0, NULL);
	FIRMS = json_deep_copy(json_object_get(demo, "profiles"));
	json_decref(demo);
	CHECK(json_array_size(FIRMS) > 0);
	json_array_append_new(FIRMS, json_object());
	json_array_append_new(FIRMS, json_pack("{ss si ss sb si}", "industry", "餐饮", "size", 3, "employees",
						"12", "district", true, "founded", 20240510));
	return 0;
}

/* The kind of an attribute, as decision.h lists them: 't'ext, 'i'nteger, 'd'ate, 0 unknown. */
static char kind_of(const char *name)
{
	static const char *const TEXT[] = {"industry", "size", "district", "tax_credit"};
	for (size_t i = 0; i < sizeof TEXT / sizeof TEXT[0]; i++)
		if (!strcmp(name, TEXT[i]))
			return 't';
	return !strcmp(name, "employees") ? 'i' : !strcmp(name, "founded") ? 'd' : 0;
}

static bool same_string(const json_t *a, const json_t *b)
{
	return json_is_string(a) && json_is_string(b) && json_string_length(a) == json_string_length(b) &&
	       !memcmp(json_string_value(a), json_string_value(b), json_string_length(a));
}

/* Whether a row holds for a firm, read from decision.h alone. */
static bool row_holds(const json_t *row, const json_t *firm)
{
	const char *k;
	const json_t *c;
	json_object_foreach(json_object_get(row, "when"), k, c) {
		const json_t *fact = json_object_get(firm, k);
		const json_t *min = json_object_get(c, "min"), *max = json_object_get(c, "max");
		char kind = kind_of(k);
		CHECK(kind);
		if (!fact)
			return false;
		if (kind == 't') {
			bool any = false;
			size_t i;
			const json_t *v;
			json_array_foreach(json_object_get(c, "in"), i, v) any |= same_string(v, fact);
			if (!any)
				return false;
		} else if (kind == 'i') {
			json_int_t f = json_integer_value(fact);
			if (!json_is_integer(fact) || (min && f < json_integer_value(min)) ||
			    (max && f > json_integer_value(max)))
				return false;
		} else {
			const char *f = json_string_value(fact);
			if (!f || (min && strcmp(f, json_string_value(min)) < 0) ||
			    (max && strcmp(f, json_string_value(max)) > 0))
				return false;
		}
	}
	return true;
}

/* A firm that meets the row: each condition's first value, or its min, else its max. */
static json_t *firm_of(const json_t *row)
{
	json_t *firm = json_object();
	const char *k;
	const json_t *c;
	json_object_foreach(json_object_get(row, "when"), k, c) {
		const json_t *v = kind_of(k) == 't' ? json_array_get(json_object_get(c, "in"), 0)
						    : json_object_get(c, "min") ?: json_object_get(c, "max");
		json_object_set(firm, k, (json_t *)v);
	}
	return firm;
}

/* Evaluates `table` (hit policy `hp`) on a firm twice and checks the answer. */
static void check_eval(const json_t *table, const char *hp, const json_t *firm)
{
	const json_t *rules = json_object_get(table, "rules");
	int64_t b1 = -1, b2 = -2;
	json_t *h1 = decision_eval(table, firm, &b1), *h2 = decision_eval(table, firm, &b2);
	CHECK(json_is_array(h1) && json_equal(h1, h2) && b1 == b2);
	size_t want[DECISION_MAX_RULES], nwant = 0;
	for (size_t r = 0; r < json_array_size(rules); r++)
		if (row_holds(json_array_get(rules, r), firm))
			want[nwant++] = r + 1;
	if (!strcmp(hp, "unique"))
		CHECK(nwant <= 1);
	if (strcmp(hp, "collect") != 0 && nwant > 1)
		nwant = 1;
	CHECK(json_array_size(h1) == nwant);
	__int128 sum = 0;
	size_t i;
	const json_t *h;
	json_array_foreach(h1, i, h) {
		json_int_t row = json_integer_value(json_object_get(h, "row"));
		CHECK(row >= 1 && (size_t)row == want[i]);
		const json_t *benefit = json_object_get(h, "benefit");
		const json_t *row_of = json_array_get(rules, (size_t)row - 1);
		CHECK(json_equal((json_t *)benefit, json_object_get(row_of, "benefit")));
		sum += json_integer_value(benefit);
		char head[48];
		int n = snprintf(head, sizeof head, "row %lld matched: ", (long long)row);
		const char *expl = json_string_value(json_object_get(h, "explanation"));
		CHECK(expl && !strncmp(expl, head, (size_t)n) && expl[n]);
	}
	CHECK(sum == b1);
	json_decref(h1);
	json_decref(h2);
}

static void check_problems(const errs_t *e)
{
	for (size_t i = 0; i < e->n; i++) {
		const field_error_t *fe = &e->v[i];
		CHECK(fe->field && fe->code && fe->zh && fe->en);
		CHECK(fe->code[0] && fe->zh[0] && fe->en[0]);
		CHECK(!strncmp(fe->field, PREFIX, strlen(PREFIX)));
		CHECK(!fe->field[strlen(PREFIX)] || fe->field[strlen(PREFIX)] == '.');
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (json_prescan((const char *)data, size, SERVER_MAX_DEPTH, SERVER_MAX_FIELDS) != PRESCAN_OK)
		return 0;
	json_t *table = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (!table)
		return 0;
	errs_t e = ERRS_INIT;
	bool ok = decision_validate(table, PREFIX, &e);
	CHECK(ok == (e.n == 0));
	check_problems(&e);
	errs_clear(&e);
	if (ok) {
		const char *hp = json_string_value(json_object_get(table, "hit_policy"));
		const json_t *rules = json_object_get(table, "rules");
		CHECK(hp && (!strcmp(hp, "unique") || !strcmp(hp, "first") || !strcmp(hp, "collect")));
		CHECK(json_array_size(rules) >= 1 && json_array_size(rules) <= DECISION_MAX_RULES);
		json_t *firms = json_deep_copy(FIRMS), *collect = json_deep_copy(table);
		json_object_set_new(collect, "hit_policy", json_string("collect"));
		size_t i;
		const json_t *r;
		json_array_foreach(rules, i, r) {
			json_t *own = firm_of(r);
			CHECK(row_holds(r, own));
			json_array_append_new(firms, own);
		}
		json_t *firm;
		json_array_foreach(firms, i, firm) {
			check_eval(table, hp, firm);
			check_eval(collect, "collect", firm);
		}
		json_decref(collect);
		json_decref(firms);
	}
	json_decref(table);
	return 0;
}
