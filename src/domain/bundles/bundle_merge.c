/* bundle_merge.c — the merged form and materials of a bundle (see
 * bundle_merge.h). Works on the matters' JSON documents, which the catalogue
 * has already checked: fields are well formed, enums have options, bounds are
 * of their type. */
#include "domain/bundles/bundle_merge.h"
#include <stdio.h>
#include <string.h>

static const char *str(const json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

/* The element of `list` whose "key" is key (present by construction). */
static json_t *by_key(const json_t *list, const char *key)
{
	size_t i;
	json_t *g;
	json_array_foreach(list, i, g) if (!strcmp(str(g, "key"), key)) return g;
	return NULL;
}

static bool is_mapped(const json_t *mapped, const char *matter, const char *key)
{
	size_t i;
	json_t *m;
	json_array_foreach(mapped, i, m) if (!strcmp(str(m, "matter") ?: "", matter) &&
					     !strcmp(str(m, "key") ?: "", key)) return true;
	return false;
}

static void conflict(errs_t *e, const char *de, const char *code, const char *zh, const char *en,
		     const char *m1, const char *m2)
{
	char path[192], z[512], n[512];
	snprintf(path, sizeof path, "merged_form.%s", de);
	snprintf(z, sizeof z, "事项 %s 与 %s 对数据元 %s 的要求无法同时满足：%s", m1, m2, de, zh);
	snprintf(n, sizeof n, "matters %s and %s ask for %s in ways no value satisfies: %s", m1, m2, de, en);
	errs_add(e, path, code, z, n);
}

/* Bounds compare as numbers, or as YYYY-MM-DD strings for dates. */
static int bound_cmp(const json_t *a, const json_t *b)
{
	if (json_is_string(a) && json_is_string(b))
		return strcmp(json_string_value(a), json_string_value(b));
	double x = json_number_value(a), y = json_number_value(b);
	return x < y ? -1 : x > y;
}

/* Keeps in `into` the stricter of two values of one member: the larger
 * (want_max) or smaller, an absent member being no rule at all. */
static void stricter(json_t *into, const json_t *f, const char *member, bool larger)
{
	json_t *a = json_object_get(into, member), *b = json_object_get(f, member);
	if (!b)
		return;
	if (!a || (larger ? bound_cmp(b, a) > 0 : bound_cmp(b, a) < 0))
		json_object_set(into, member, b);
}

/* The options of `into` that f accepts too. */
static void intersect_options(json_t *into, const json_t *f)
{
	json_t *keep = json_array();
	size_t i, j;
	json_t *o, *p;
	json_array_foreach(json_object_get(into, "options"), i, o)
	{
		bool both = false;
		json_array_foreach(json_object_get(f, "options"), j, p) both |=
		    !strcmp(str(o, "value"), str(p, "value"));
		if (both)
			json_array_append(keep, o);
	}
	json_object_set_new(into, "options", keep);
}

static void merge_field(json_t *into, const char *first_matter, const json_t *f, const char *matter,
			errs_t *e)
{
	const char *de = str(into, "de");
	if (strcmp(str(into, "type"), str(f, "type")) != 0) {
		conflict(e, de, "type_conflict", "类型不同", "their types differ", first_matter, matter);
		return;
	}
	if (json_is_true(json_object_get(f, "required")))
		json_object_set_new(into, "required", json_true());
	stricter(into, f, "min_len", true);
	stricter(into, f, "max_len", false);
	stricter(into, f, "min", true);
	stricter(into, f, "max", false);
	json_t *lo = json_object_get(into, "min_len"), *hi = json_object_get(into, "max_len");
	json_t *mn = json_object_get(into, "min"), *mx = json_object_get(into, "max");
	if ((lo && hi && bound_cmp(lo, hi) > 0) || (mn && mx && bound_cmp(mn, mx) > 0))
		conflict(e, de, "range_conflict", "取值范围没有交集", "their ranges do not overlap",
			 first_matter, matter);
	const char *p1 = str(into, "pattern"), *p2 = str(f, "pattern");
	if (p2 && !p1)
		json_object_set(into, "pattern", json_object_get(f, "pattern"));
	else if (p1 && p2 && strcmp(p1, p2) != 0)
		conflict(e, de, "pattern_conflict", "格式（pattern）不同", "their patterns differ",
			 first_matter, matter);
	if (json_object_get(into, "options")) {
		intersect_options(into, f);
		if (json_array_size(json_object_get(into, "options")) == 0)
			conflict(e, de, "enum_conflict", "选项没有共同的取值",
				 "their options have no value in common", first_matter, matter);
	}
	if (json_object_get(f, "binds") && !json_object_get(into, "binds"))
		json_object_set(into, "binds", json_object_get(f, "binds"));
}

/* A key not yet used by a merged field: the field's own, or it with _2, _3 ... */
static void free_key(const json_t *sources, const char *key, char out[80])
{
	snprintf(out, 80, "%s", key);
	for (int n = 2; json_object_get(sources, out); n++)
		snprintf(out, 80, "%.60s_%d", key, n);
}

static void merge_fields(const json_t *matters, const json_t *mapped, json_t *out, errs_t *e)
{
	json_t *fields = json_array(), *sources = json_object(), *mapped_out = json_array();
	json_t *by_de = json_object(); /* de -> {"key", "matter"} of its merged field */
	long total = 0;
	size_t i, j;
	json_t *m, *f;
	json_array_foreach(matters, i, m)
	{
		const char *code = str(m, "code");
		json_array_foreach(json_object_get(json_object_get(m, "form"), "fields"), j, f)
		{
			total++;
			const char *key = str(f, "key"), *de = str(f, "de");
			json_t *src = json_pack("{ss ss}", "matter", code, "key", key);
			if (is_mapped(mapped, code, key)) {
				json_array_append_new(mapped_out, src);
				continue;
			}
			json_t *seen = de ? json_object_get(by_de, de) : NULL;
			if (seen) {
				const char *mk = str(seen, "key");
				merge_field(by_key(fields, mk), str(seen, "matter"), f, code, e);
				json_array_append_new(json_object_get(sources, mk), src);
				continue;
			}
			char mk[80];
			free_key(sources, key, mk);
			json_t *g = json_deep_copy(f);
			json_object_set_new(g, "key", json_string(mk));
			json_array_append_new(fields, g);
			json_object_set_new(sources, mk, json_pack("[o]", src));
			if (de)
				json_object_set_new(by_de, de,
						    json_pack("{ss ss}", "key", mk, "matter", code));
		}
	}
	json_decref(by_de);
	json_object_set_new(out, "form", json_pack("{so}", "fields", fields));
	json_object_set_new(out, "sources", sources);
	json_object_set_new(out, "mapped", mapped_out);
	json_object_set_new(out, "fields_total", json_integer(total));
}

static void merge_materials(const json_t *matters, json_t *out, errs_t *e)
{
	json_t *list = json_array(), *who = json_object();
	long total = 0;
	size_t i, j;
	json_t *m, *d;
	json_array_foreach(matters, i, m)
	{
		const char *code = str(m, "code");
		json_array_foreach(json_object_get(m, "materials"), j, d)
		{
			total++;
			const char *key = str(d, "key");
			json_t *have = json_object_get(who, key);
			if (!have) {
				json_array_append_new(list, json_deep_copy(d));
				json_object_set_new(who, key, json_pack("[s]", code));
				continue;
			}
			json_array_append_new(have, json_string(code));
			json_t *g = by_key(list, key);
			if (json_is_true(json_object_get(d, "required")))
				json_object_set_new(g, "required", json_true());
			stricter(g, d, "max_size", false);
			json_t *keep = json_array();
			size_t a, b;
			json_t *x, *y;
			json_array_foreach(json_object_get(g, "formats"), a, x)
			{
				bool both = false;
				json_array_foreach(json_object_get(d, "formats"), b, y) both |=
				    json_equal(x, y);
				if (both)
					json_array_append(keep, x);
			}
			json_object_set_new(g, "formats", keep);
			if (json_array_size(keep) == 0) {
				char path[128];
				snprintf(path, sizeof path, "merged_materials.%s", key);
				errs_add(e, path, "formats_conflict", "各事项对该材料接受的文件格式没有交集",
					 "the matters accept no file format in common for this material");
			}
		}
	}
	json_object_set_new(out, "materials", list);
	json_object_set_new(out, "material_matters", who);
	json_object_set_new(out, "materials_total", json_integer(total));
}

json_t *bundle_merge(const json_t *matters, const json_t *mapped, errs_t *errs)
{
	json_t *out = json_object();
	merge_fields(matters, mapped, out, errs);
	merge_materials(matters, out, errs);
	return out;
}
