/* bundle_merge.c — unit tests of domain/bundles/bundle_merge.c.
 *
 * A property test over generated matter sets (a fixed seed, so a failure
 * repeats): matters of 3-12 fields drawn from a pool of data elements, each
 * element of one type with its own random constraints per matter, plus
 * fields without `de`, and some fields filled by a mapping. Whatever the
 * draw, the merged form must:
 *   - ask no data element twice, and use no key twice;
 *   - cover every field of every matter exactly once (asked, or mapped);
 *   - keep the stricter constraint: required if any source requires it, the
 *     largest min_len and min, the smallest max_len and max, the options
 *     every source accepts;
 *   - report a conflict exactly where no value satisfies every source (no
 *     option in common, an empty range), and otherwise be a valid form
 *     schema (form_schema_check).
 * Materials: one per key, required if any source requires it, the formats
 * every source accepts. Then a few hand-written cases: differing types and
 * patterns are conflicts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/bundles/bundle_merge.h"
#include "domain/catalog/form.h"

static uint64_t seed = 0x2026120216ull;
static unsigned rnd(unsigned n)
{
	seed = seed * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)((seed >> 33) % n);
}

static const struct {
	const char *de, *key, *type;
} POOL[] = {
    {"DE.enterprise.name", "enterprise_name", "string"},
    {"DE.enterprise.type", "enterprise_type", "enum"},
    {"DE.person.name", "applicant_name", "string"},
    {"DE.shop.area", "shop_area", "int"},
    {"DE.shop.kind", "shop_kind", "enum"},
    {"DE.enterprise.address", "address", "address"},
    {"DE.person.phone", "applicant_phone", "phone"},
    {"DE.enterprise.staff", "staff", "int"},
};
#define NPOOL (sizeof POOL / sizeof POOL[0])
static const char *const OPTS[] = {"a", "b", "c", "d"};
static const char *const FMTS[] = {"pdf", "ofd", "jpeg", "png"};
static const char *const MATS[] = {"id_card", "business_licence", "premises_proof", "floor_plan"};

static json_t *label(const char *k) { return json_pack("{ss ss}", "zh", k, "en", k); }

static json_t *gen_field(unsigned p, const char *key, bool with_de)
{
	json_t *f = json_pack("{ss so ss sb}", "key", key, "label", label(key), "type", POOL[p].type,
			      "required", rnd(2));
	if (with_de)
		json_object_set_new(f, "de", json_string(POOL[p].de));
	const char *t = POOL[p].type;
	/* within one field the bounds agree; across matters they may not */
	if (!strcmp(t, "string") || !strcmp(t, "address")) {
		unsigned lo = rnd(2) ? rnd(12) : 0;
		if (lo)
			json_object_set_new(f, "min_len", json_integer(lo));
		if (rnd(2))
			json_object_set_new(f, "max_len", json_integer(lo + 1 + rnd(30)));
	} else if (!strcmp(t, "int")) {
		unsigned lo = rnd(2) ? rnd(50) : 0;
		if (lo)
			json_object_set_new(f, "min", json_integer(lo));
		if (rnd(2))
			json_object_set_new(f, "max", json_integer(lo + rnd(60)));
	} else if (!strcmp(t, "enum")) {
		json_t *o = json_array();
		unsigned mask = 1 + rnd(15);
		for (int i = 0; i < 4; i++)
			if (mask & (1u << i))
				json_array_append_new(
				    o, json_pack("{ss so}", "value", OPTS[i], "label", label(OPTS[i])));
		json_object_set_new(f, "options", o);
	}
	return f;
}

static json_t *gen_matters(json_t *mapped)
{
	json_t *ms = json_array();
	unsigned n = 2 + rnd(4);
	for (unsigned m = 0; m < n; m++) {
		char code[16];
		snprintf(code, sizeof code, "XK%08u", m);
		json_t *fields = json_array(), *mats = json_array();
		bool used[NPOOL] = {false};
		unsigned nf = 3 + rnd(10);
		for (unsigned k = 0; k < nf; k++) {
			unsigned p = rnd(NPOOL);
			bool with_de = rnd(4) != 0 && !used[p];
			char key[64];
			if (with_de) {
				used[p] = true;
				snprintf(key, sizeof key, "%s", POOL[p].key);
			} else
				snprintf(key, sizeof key, "own_%u",
					 k); /* a matter's own field; keys repeat across matters */
			json_array_append_new(fields, gen_field(p, key, with_de));
			if (m > 0 && rnd(8) == 0)
				json_array_append_new(mapped,
						      json_pack("{ss ss}", "matter", code, "key", key));
		}
		for (unsigned k = 0; k < 4; k++) {
			if (!rnd(2))
				continue;
			json_t *f = json_array();
			unsigned mask = 1 + rnd(15);
			for (int i = 0; i < 4; i++)
				if (mask & (1u << i))
					json_array_append_new(f, json_string(FMTS[i]));
			json_array_append_new(mats,
					      json_pack("{ss so sb so}", "key", MATS[k], "name",
							label(MATS[k]), "required", rnd(2), "formats", f));
		}
		json_array_append_new(ms, json_pack("{ss s{so} so}", "code", code, "form", "fields", fields,
						    "materials", mats));
	}
	return ms;
}

static const json_t *source_field(const json_t *ms, const json_t *src)
{
	size_t i, j;
	json_t *m, *f;
	json_array_foreach(ms, i, m) if (!strcmp(json_string_value(json_object_get(m, "code")),
						 json_string_value(json_object_get(src, "matter"))))
	    json_array_foreach(
		json_object_get(json_object_get(m, "form"), "fields"), j,
		f) if (json_equal(json_object_get(f, "key"), json_object_get(src, "key"))) return f;
	return NULL;
}

static bool has_error(const errs_t *e, const char *de, const char *code)
{
	char path[160];
	snprintf(path, sizeof path, "merged_form.%s", de);
	return errs_has(e, path, code);
}

static long long ival(const json_t *f, const char *k, long long dflt)
{
	const json_t *v = json_object_get(f, k);
	return v ? json_integer_value(v) : dflt;
}

/* The stricter rule, checked field by field against its sources. */
static bool check_field(const json_t *g, const json_t *srcs, const json_t *ms, const errs_t *e)
{
	bool req = false, conflict = false;
	long long minl = -1, maxl = -1, mn = -1, mx = -1;
	unsigned common = 0xf;
	size_t i;
	json_t *s;
	json_array_foreach(srcs, i, s)
	{
		const json_t *f = source_field(ms, s);
		assert_non_null(f);
		assert_string_equal(json_string_value(json_object_get(f, "type")),
				    json_string_value(json_object_get(g, "type")));
		req |= json_is_true(json_object_get(f, "required"));
		long long v;
		if ((v = ival(f, "min_len", -1)) >= 0 && v > minl)
			minl = v;
		if ((v = ival(f, "max_len", -1)) >= 0 && (maxl < 0 || v < maxl))
			maxl = v;
		if ((v = ival(f, "min", -1)) >= 0 && v > mn)
			mn = v;
		if ((v = ival(f, "max", -1)) >= 0 && (mx < 0 || v < mx))
			mx = v;
		if (json_object_get(f, "options")) {
			unsigned mask = 0;
			size_t j;
			json_t *o;
			json_array_foreach(
			    json_object_get(f, "options"), j,
			    o) for (int k = 0; k < 4;
				    k++) if (!strcmp(json_string_value(json_object_get(o, "value")), OPTS[k]))
			    mask |= 1u << k;
			common &= mask;
		}
	}
	assert_int_equal(json_is_true(json_object_get(g, "required")), req);
	assert_int_equal(ival(g, "min_len", -1), minl);
	assert_int_equal(ival(g, "max_len", -1), maxl);
	assert_int_equal(ival(g, "min", -1), mn);
	assert_int_equal(ival(g, "max", -1), mx);
	const char *de = json_string_value(json_object_get(g, "de"));
	if (json_object_get(g, "options")) {
		unsigned mask = 0;
		size_t j;
		json_t *o;
		json_array_foreach(json_object_get(g, "options"), j,
				   o) for (int k = 0; k < 4;
					   k++) if (!strcmp(json_string_value(json_object_get(o, "value")),
							    OPTS[k])) mask |= 1u << k;
		assert_int_equal(mask, common);
		if (!common) {
			assert_true(has_error(e, de, "enum_conflict"));
			conflict = true;
		}
	}
	bool empty = (minl >= 0 && maxl >= 0 && minl > maxl) || (mn >= 0 && mx >= 0 && mn > mx);
	if (de)
		assert_int_equal(has_error(e, de, "range_conflict"), empty);
	return conflict || empty;
}

static void test_merge_property(void **state)
{
	(void)state;
	int clean = 0, conflicted = 0;
	for (int round = 0; round < 400; round++) {
		json_t *mapped = json_array();
		json_t *ms = gen_matters(mapped);
		errs_t e = ERRS_INIT;
		json_t *out = bundle_merge(ms, mapped, &e);
		json_t *fields = json_object_get(json_object_get(out, "form"), "fields");
		json_t *sources = json_object_get(out, "sources");
		json_t *seen_de = json_object(), *seen_key = json_object(), *covered = json_object();
		bool any_conflict = false;
		size_t i, j;
		json_t *g, *s;
		json_array_foreach(fields, i, g)
		{
			const char *key = json_string_value(json_object_get(g, "key"));
			const char *de = json_string_value(json_object_get(g, "de"));
			assert_null(json_object_get(seen_key, key));
			json_object_set_new(seen_key, key, json_true());
			if (de) {
				assert_null(json_object_get(seen_de, de));
				json_object_set_new(seen_de, de, json_true());
			}
			json_t *srcs = json_object_get(sources, key);
			assert_true(json_array_size(srcs) >= 1);
			if (!de)
				assert_int_equal(json_array_size(srcs), 1);
			json_array_foreach(srcs, j, s)
			{
				char k[128];
				snprintf(k, sizeof k, "%s/%s",
					 json_string_value(json_object_get(s, "matter")),
					 json_string_value(json_object_get(s, "key")));
				assert_null(json_object_get(covered, k));
				json_object_set_new(covered, k, json_true());
			}
			any_conflict |= check_field(g, srcs, ms, &e);
		}
		json_array_foreach(json_object_get(out, "mapped"), j, s)
		{
			char k[128];
			snprintf(k, sizeof k, "%s/%s", json_string_value(json_object_get(s, "matter")),
				 json_string_value(json_object_get(s, "key")));
			assert_null(json_object_get(covered, k));
			json_object_set_new(covered, k, json_true());
		}
		long total = 0;
		json_array_foreach(ms, i, g) total +=
		    (long)json_array_size(json_object_get(json_object_get(g, "form"), "fields"));
		assert_int_equal(json_object_size(covered), total);
		assert_int_equal(json_integer_value(json_object_get(out, "fields_total")), total);
		/* materials: one per key, the formats every source accepts */
		json_array_foreach(json_object_get(out, "materials"), i, g)
		{
			const char *key = json_string_value(json_object_get(g, "key"));
			json_t *who = json_object_get(json_object_get(out, "material_matters"), key);
			assert_true(json_array_size(who) >= 1);
			size_t a, b;
			json_t *m, *d, *fm;
			bool req = false;
			unsigned common = 0xf;
			json_array_foreach(ms, a, m) json_array_foreach(json_object_get(m, "materials"), b, d)
			{
				if (strcmp(json_string_value(json_object_get(d, "key")), key))
					continue;
				req |= json_is_true(json_object_get(d, "required"));
				unsigned mask = 0;
				size_t c;
				json_array_foreach(json_object_get(d, "formats"), c,
						   fm) for (int k = 0; k < 4;
							    k++) if (!strcmp(json_string_value(fm), FMTS[k]))
				    mask |= 1u << k;
				common &= mask;
			}
			assert_int_equal(json_is_true(json_object_get(g, "required")), req);
			assert_int_equal(json_array_size(json_object_get(g, "formats")),
					 __builtin_popcount(common));
			char path[96];
			snprintf(path, sizeof path, "merged_materials.%s", key);
			assert_int_equal(errs_has(&e, path, "formats_conflict"), common == 0);
			any_conflict |= common == 0;
		}
		assert_int_equal(errs_any(&e), any_conflict);
		if (!any_conflict) {
			errs_t se = ERRS_INIT;
			assert_true(form_schema_check(json_object_get(out, "form"), "form", &se));
			errs_clear(&se);
			clean++;
		} else
			conflicted++;
		errs_clear(&e);
		json_decref(seen_de);
		json_decref(seen_key);
		json_decref(covered);
		json_decref(out);
		json_decref(ms);
		json_decref(mapped);
	}
	/* the generator reaches both kinds of draw */
	assert_true(clean > 20 && conflicted > 20);
}

#define M(code, fields) "{\"code\":\"" code "\",\"form\":{\"fields\":[" fields "]},\"materials\":[]}"
#define FLD(key, type, extra)                                                                                \
	"{\"key\":\"" key "\",\"label\":{\"zh\":\"x\",\"en\":\"x\"},\"type\":\"" type                        \
	"\",\"de\":\"DE.x.y\"" extra "}"

static void test_irreconcilable(void **state)
{
	(void)state;
	static const struct {
		const char *matters, *code;
	} CASES[] = {
	    {"[" M("A", FLD("x", "string", "")) "," M("B", FLD("x", "int", "")) "]", "type_conflict"},
	    {"[" M("A", FLD("x", "string", ",\"pattern\":\"^a\"")) "," M(
		 "B", FLD("x", "string", ",\"pattern\":\"^b\"")) "]",
	     "pattern_conflict"},
	    {"[" M("A", FLD("x", "string", ",\"min_len\":5")) "," M("B",
								    FLD("x", "string", ",\"max_len\":4")) "]",
	     "range_conflict"},
	    {"[" M("A", FLD("x", "date", ",\"min\":\"2026-05-01\"")) "," M(
		 "B", FLD("x", "date", ",\"max\":\"2026-04-30\"")) "]",
	     "range_conflict"},
	    {"[" M("A", FLD("x", "string", ",\"pattern\":\"^a\"")) "," M("B", FLD("x", "string", "")) "]",
	     NULL},
	};
	for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
		json_t *ms = json_loads(CASES[i].matters, 0, NULL);
		assert_non_null(ms);
		errs_t e = ERRS_INIT;
		json_t *out = bundle_merge(ms, NULL, &e);
		if (CASES[i].code) {
			assert_int_equal(e.n, 1);
			assert_string_equal(e.v[0].field, "merged_form.DE.x.y");
			assert_string_equal(e.v[0].code, CASES[i].code);
			assert_non_null(strstr(e.v[0].zh, "A"));
		} else {
			assert_int_equal(e.n, 0);
			/* one pattern alone is kept */
			json_t *f =
			    json_array_get(json_object_get(json_object_get(out, "form"), "fields"), 0);
			assert_string_equal(json_string_value(json_object_get(f, "pattern")), "^a");
		}
		errs_clear(&e);
		json_decref(out);
		json_decref(ms);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_merge_property),
	    cmocka_unit_test(test_irreconcilable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
