/* decision.c — decision tables of policies (see decision.h). */
#include "domain/policies/decision.h"
#include "base/date.h"
#include <stdio.h>
#include <string.h>

typedef enum { ATTR_TEXT, ATTR_INT, ATTR_DATE } attr_kind_t;

static const struct {
	const char *name, *zh;
	attr_kind_t kind;
} ATTRS[] = {
    {"industry", "行业", ATTR_TEXT},     {"size", "规模", ATTR_TEXT},
    {"district", "区县", ATTR_TEXT},     {"tax_credit", "纳税信用等级", ATTR_TEXT},
    {"employees", "从业人数", ATTR_INT}, {"founded", "成立日期", ATTR_DATE},
};
#define NATTRS (sizeof ATTRS / sizeof ATTRS[0])

static int attr_index(const char *name)
{
	for (size_t i = 0; i < NATTRS; i++)
		if (!strcmp(ATTRS[i].name, name))
			return (int)i;
	return -1;
}

static bool bound_ok(const json_t *v, attr_kind_t kind)
{
	day_t d;
	if (kind == ATTR_INT)
		return json_is_integer(v);
	return json_is_string(v) && date_parse(json_string_value(v), &d);
}

static void check_condition(const char *field, attr_kind_t kind, const json_t *c, errs_t *e)
{
	const json_t *in = json_object_get(c, "in"), *min = json_object_get(c, "min"),
		     *max = json_object_get(c, "max");
	if (!json_is_object(c) || !json_object_size(c)) {
		errs_add(e, field, "invalid", "条件应为 {in} 或 {min, max}",
			 "a condition is {in} or {min, max}");
		return;
	}
	if (kind == ATTR_TEXT) {
		bool ok = json_object_size(c) == 1 && json_is_array(in) && json_array_size(in) > 0;
		size_t i;
		const json_t *v;
		json_array_foreach(in, i, v) ok &= json_is_string(v) && json_string_length(v) > 0;
		if (!ok)
			errs_add(e, field, "invalid", "文字属性的条件应为 {\"in\": [取值…]}",
				 "a text attribute's condition is {\"in\": [values…]}");
		return;
	}
	bool ok = json_object_size(c) == (size_t)(min != NULL) + (max != NULL) &&
		  (!min || bound_ok(min, kind)) && (!max || bound_ok(max, kind));
	if (ok && min && max)
		ok = kind == ATTR_INT ? json_integer_value(min) <= json_integer_value(max)
				      : strcmp(json_string_value(min), json_string_value(max)) <= 0;
	if (!ok)
		errs_add(e, field, "invalid",
			 kind == ATTR_INT ? "数值属性的条件应为 {min, max}（整数，min ≤ max）"
					  : "日期属性的条件应为 {min, max}（YYYY-MM-DD，min ≤ max）",
			 kind == ATTR_INT ? "a number's condition is {min, max} (integers, min ≤ max)"
					  : "a date's condition is {min, max} (YYYY-MM-DD, min ≤ max)");
}

/* Whether two conditions on one attribute can both hold (NULL: no condition). */
static bool overlap(attr_kind_t kind, const json_t *a, const json_t *b)
{
	if (!a || !b)
		return true;
	if (kind == ATTR_TEXT) {
		size_t i, j;
		const json_t *x, *y;
		json_array_foreach(json_object_get(a, "in"), i, x) json_array_foreach(
		    json_object_get(b, "in"), j, y) if (json_equal((json_t *)x, (json_t *)y)) return true;
		return false;
	}
	const json_t *amin = json_object_get(a, "min"), *amax = json_object_get(a, "max");
	const json_t *bmin = json_object_get(b, "min"), *bmax = json_object_get(b, "max");
	/* [amin, amax] and [bmin, bmax] meet unless one ends before the other starts */
	if (kind == ATTR_INT)
		return !(amax && bmin && json_integer_value(amax) < json_integer_value(bmin)) &&
		       !(bmax && amin && json_integer_value(bmax) < json_integer_value(amin));
	return !(amax && bmin && strcmp(json_string_value(amax), json_string_value(bmin)) < 0) &&
	       !(bmax && amin && strcmp(json_string_value(bmax), json_string_value(amin)) < 0);
}

bool decision_validate(const json_t *table, const char *prefix, errs_t *e)
{
	size_t before = e->n;
	char field[160];
	const char *hp = json_string_value(json_object_get(table, "hit_policy"));
	const json_t *rules = json_object_get(table, "rules");
	if (!json_is_object(table)) {
		errs_add(e, prefix, "invalid", "应为决策表对象", "a decision table object");
		return false;
	}
	if (!hp || (strcmp(hp, "unique") && strcmp(hp, "first") && strcmp(hp, "collect"))) {
		snprintf(field, sizeof field, "%s.hit_policy", prefix);
		errs_add(e, field, "not_allowed", "命中策略应为 unique、first 或 collect",
			 "hit_policy is unique, first or collect");
	}
	if (!json_is_array(rules) || !json_array_size(rules) || json_array_size(rules) > DECISION_MAX_RULES) {
		snprintf(field, sizeof field, "%s.rules", prefix);
		errs_add(e, field, "invalid", "规则应为 1–50 行", "rules: 1 to 50 rows");
		return false;
	}
	size_t i;
	const json_t *r;
	json_array_foreach(rules, i, r)
	{
		const json_t *when = json_object_get(r, "when"), *benefit = json_object_get(r, "benefit");
		if (!json_is_object(when) || !json_is_integer(benefit) || json_integer_value(benefit) < 0 ||
		    json_integer_value(benefit) > DECISION_MAX_BENEFIT) {
			snprintf(field, sizeof field, "%s.rules[%zu]", prefix, i);
			errs_add(e, field, "invalid", "每行应有 when 条件和 benefit（分，0 至 100 亿元）",
				 "each row has its when conditions and a benefit in fen "
				 "(0 to 10 billion yuan)");
			continue;
		}
		const char *k;
		const json_t *c;
		json_object_foreach((json_t *)when, k, c)
		{
			snprintf(field, sizeof field, "%s.rules[%zu].when.%s", prefix, i, k);
			int a = attr_index(k);
			if (a < 0)
				errs_add(e, field, "unknown_attribute", "没有这个企业属性",
					 "no such enterprise attribute");
			else
				check_condition(field, ATTRS[a].kind, c, e);
		}
	}
	if (e->n != before || strcmp(hp, "unique") != 0)
		return e->n == before;
	/* unique: no two rows may hold for one enterprise */
	for (size_t a = 0; a < json_array_size(rules); a++)
		for (size_t b = a + 1; b < json_array_size(rules); b++) {
			const json_t *wa = json_object_get(json_array_get(rules, a), "when");
			const json_t *wb = json_object_get(json_array_get(rules, b), "when");
			bool both = true;
			for (size_t t = 0; t < NATTRS && both; t++)
				both = overlap(ATTRS[t].kind, json_object_get(wa, ATTRS[t].name),
					       json_object_get(wb, ATTRS[t].name));
			if (both) {
				snprintf(field, sizeof field, "%s.rules[%zu]", prefix, b);
				char zh[160], en[160];
				snprintf(zh, sizeof zh, "命中策略为 unique，但与第 %zu 行可同时命中", a + 1);
				snprintf(en, sizeof en, "hit policy unique, but it overlaps row %zu", a + 1);
				errs_add(e, field, "overlapping_rows", zh, en);
			}
		}
	return e->n == before;
}

/* Whether the fact holds under the condition; appends its reading to why. */
static bool holds(attr_kind_t kind, const char *name, const json_t *c, const json_t *fact, char *why,
		  size_t n)
{
	size_t len = strlen(why);
	char *w = why + len;
	n -= len;
	if (!fact)
		return false;
	if (kind == ATTR_TEXT) {
		size_t i;
		const json_t *v;
		json_array_foreach(json_object_get(c, "in"), i,
				   v) if (json_equal((json_t *)v, (json_t *)fact))
		{
			snprintf(w, n, "%s%s = %s", len ? ", " : "", name, json_string_value(fact));
			return true;
		}
		return false;
	}
	const json_t *min = json_object_get(c, "min"), *max = json_object_get(c, "max");
	if (kind == ATTR_INT) {
		if (!json_is_integer(fact))
			return false;
		json_int_t f = json_integer_value(fact);
		if ((min && f < json_integer_value(min)) || (max && f > json_integer_value(max)))
			return false;
	} else {
		const char *f = json_string_value(fact);
		if (!f || (min && strcmp(f, json_string_value(min)) < 0) ||
		    (max && strcmp(f, json_string_value(max)) > 0))
			return false;
	}
	char lo[32] = "", hi[32] = "";
	if (min)
		kind == ATTR_INT ? snprintf(lo, sizeof lo, "%lld", (long long)json_integer_value(min))
				 : snprintf(lo, sizeof lo, "%s", json_string_value(min));
	if (max)
		kind == ATTR_INT ? snprintf(hi, sizeof hi, "%lld", (long long)json_integer_value(max))
				 : snprintf(hi, sizeof hi, "%s", json_string_value(max));
	if (min && max)
		snprintf(w, n, "%s%s ≤ %s ≤ %s", len ? ", " : "", lo, name, hi);
	else
		snprintf(w, n, "%s%s %s %s", len ? ", " : "", name, min ? "≥" : "≤", min ? lo : hi);
	return true;
}

json_t *decision_eval(const json_t *table, const json_t *facts, int64_t *benefit)
{
	const char *hp = json_string_value(json_object_get(table, "hit_policy"));
	json_t *out = json_array();
	*benefit = 0;
	size_t i;
	const json_t *r;
	json_array_foreach(json_object_get(table, "rules"), i, r)
	{
		const json_t *when = json_object_get(r, "when");
		char why[512] = "";
		bool all = true;
		for (size_t t = 0; t < NATTRS && all; t++) {
			const json_t *c = json_object_get(when, ATTRS[t].name);
			if (c)
				all = holds(ATTRS[t].kind, ATTRS[t].name, c,
					    json_object_get(facts, ATTRS[t].name), why, sizeof why);
		}
		if (!all)
			continue;
		char expl[600];
		snprintf(expl, sizeof expl, "row %zu matched: %s", i + 1, *why ? why : "every enterprise");
		json_int_t b = json_integer_value(json_object_get(r, "benefit"));
		json_array_append_new(out, json_pack("{sI sI ss}", "row", (json_int_t)(i + 1), "benefit", b,
						     "explanation", expl));
		*benefit += b;
		if (hp && strcmp(hp, "collect") != 0)
			break; /* first: the first match; unique: the only one */
	}
	return out;
}
