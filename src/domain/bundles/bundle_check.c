/* bundle_check.c — a bundle definition's rules (see bundle.h): every problem
 * of a definition is reported at once, and a valid one becomes the served
 * document of its next version, with its steps, merged form and sums. */
#include "domain/bundles/bundle.h"
#include "domain/bundles/bundle_dag.h"
#include "domain/bundles/bundle_merge.h"
#include "domain/catalog/matter.h"
#include "base/jsonin.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *str(const json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

/* What a step hands on: the registration's credit code (统一社会信用代码),
 * or the number of any certificate its matter issues. */
static const struct {
	const char *name, *type, *certificate; /* certificate NULL: any certificate */
} OUTPUTS[] = {
    {"credit_code", "credit_code", "business_licence"},
    {"licence_number", "string", NULL},
};

const char *bundle_output_type(const char *output, const json_t *matter)
{
	const json_t *res = json_object_get(matter, "result");
	if (!output || strcmp(str(res, "kind") ?: "", "certificate") != 0)
		return NULL;
	for (size_t i = 0; i < sizeof OUTPUTS / sizeof OUTPUTS[0]; i++)
		if (!strcmp(OUTPUTS[i].name, output) &&
		    (!OUTPUTS[i].certificate ||
		     !strcmp(OUTPUTS[i].certificate, str(res, "certificate_type") ?: "")))
			return OUTPUTS[i].type;
	return NULL;
}

static bool code_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 32 || s[0] < 'A' || s[0] > 'Z')
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			return false;
	return true;
}

static void check_texts(const json_t *o, const char *member, bool text, errs_t *e)
{
	const char *zh = NULL, *en = NULL;
	jfield_t spec[] = {
	    {"zh", text ? JF_TEXT : JF_STRING, true, 1, text ? 1000 : 100, &zh, NULL},
	    {"en", text ? JF_TEXT : JF_STRING, true, 1, text ? 2000 : 200, &en, NULL},
	    JF_END,
	};
	json_spec_parse(o, spec, member, e);
}

/* The index of a matter code in the bundle, or -1 (reported at `path`). */
static int step_of(const json_t *codes, const char *code, const char *path, errs_t *e)
{
	size_t i;
	json_t *v;
	json_array_foreach(codes, i, v) if (code && !strcmp(json_string_value(v), code)) return (int)i;
	if (code && path)
		errs_add(e, path, "not_in_bundle", "该事项不在本一件事所列事项中",
			 "the matter is not one of the bundle's matters");
	return -1;
}

/* The store's catalogue: the served document of the current version of an
 * active matter. */
static json_t *store_matter(void *ctx, const char *code, bool *retired)
{
	dbc_t *c = ctx;
	int64_t cur = 0, rv;
	errcode_t ec;
	bool active = matter_is_active(c, code, &cur);
	char *t = matter_get_text(c, code, active ? cur : 0, &rv, &ec);
	json_t *doc = active && t ? json_loads(t, 0, NULL) : NULL;
	*retired = !active && t;
	free(t);
	return doc;
}

/* The matters: each known and active, none twice. Fills docs (served
 * matter documents, in order; JSON null where unknown). */
static bool load_matters(const bundle_catalog_t *cat, const json_t *matters, json_t *codes, json_t *docs,
			 errs_t *e)
{
	bool all = true;
	size_t i;
	json_t *v;
	json_array_foreach(matters, i, v)
	{
		char p[32];
		snprintf(p, sizeof p, "matters[%zu]", i);
		const char *code = json_string_value(v);
		json_t *doc = NULL;
		bool retired = false;
		if (!code || strlen(code) > 16) {
			errs_add(e, p, "type", "应为事项编码", "must be a matter code");
		} else if (step_of(codes, code, NULL, e) >= 0) {
			errs_add(e, p, "duplicate", "同一事项列了两次", "the matter is listed twice");
		} else if (!(doc = cat->matter(cat->ctx, code, &retired))) {
			errs_add(e, p, retired ? "retired" : "unknown", retired ? "该事项已停止受理" : "没有这个事项",
				 retired ? "the matter is retired" : "no such matter");
		}
		json_array_append_new(codes, json_string(code ? code : ""));
		json_array_append_new(docs, doc ? doc : json_null());
		all &= doc != NULL;
	}
	return all;
}

static void check_dependencies(const json_t *deps, const json_t *codes, bundle_dag_t *g, json_t *out,
			       errs_t *e)
{
	size_t i;
	json_t *d;
	json_array_foreach(deps, i, d)
	{
		char p[48], pm[64], pr[64], pj[64];
		snprintf(p, sizeof p, "dependencies[%zu]", i);
		const char *matter = NULL, *requires = NULL, *join = "wait";
		jfield_t spec[] = {
		    {"matter", JF_STRING, true, 1, 16, &matter, NULL},
		    {"requires", JF_STRING, true, 1, 16, &requires, NULL},
		    {"join", JF_STRING, false, 1, 16, &join, NULL},
		    JF_END,
		};
		if (!json_spec_parse(d, spec, p, e))
			continue;
		snprintf(pm, sizeof pm, "%s.matter", p);
		snprintf(pr, sizeof pr, "%s.requires", p);
		snprintf(pj, sizeof pj, "%s.join", p);
		int to = step_of(codes, matter, pm, e), from = step_of(codes, requires, pr, e);
		bool wait = !strcmp(join, "wait");
		if (!wait && strcmp(join, "commitment") != 0) {
			errs_add(e, pj, "not_an_option",
				 "联办方式应为 wait（等前序办结）或 commitment（告知承诺）",
				 "join is wait (after the prerequisite completes) or commitment (告知承诺)");
			continue;
		}
		if (to < 0 || from < 0)
			continue;
		bool dup = false;
		for (int k = 0; k < g->nedges; k++)
			dup |= g->e[k].from == from && g->e[k].to == to;
		if (dup) {
			errs_add(e, p, "duplicate", "同一依赖列了两次", "the dependency is listed twice");
			continue;
		}
		g->e[g->nedges++] = (bundle_edge_t){from, to, wait ? JOIN_WAIT : JOIN_COMMITMENT};
		json_array_append_new(
		    out, json_pack("{ss ss ss}", "matter", matter, "requires", requires, "join", join));
	}
	int cyc[BUNDLE_MAX_MATTERS];
	int n = bundle_dag_cycle(g, cyc, BUNDLE_MAX_MATTERS);
	if (n > 0) {
		char path[BUNDLE_MAX_MATTERS * 24] = "";
		size_t len = 0;
		for (int k = 0; k <= n && len < sizeof path; k++)
			len += (size_t)snprintf(path + len, sizeof path - len, "%s%s", k ? " → " : "",
						json_string_value(json_array_get(codes, (size_t)cyc[k % n])));
		char zh[512], en[512];
		snprintf(zh, sizeof zh, "依赖关系成环：%s", path);
		snprintf(en, sizeof en, "the dependencies form a cycle: %s", path);
		errs_add(e, "dependencies", "cycle", zh, en);
	}
}

static const json_t *field_of(const json_t *matter, const char *key)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(json_object_get(matter, "form"), "fields"), i,
			   f) if (!strcmp(str(f, "key"), key)) return f;
	return NULL;
}

/* Mappings: both ends in the bundle, an output the source issues, a field the
 * target has, of the output's type, and the source a WAIT prerequisite of the
 * target (its output exists when the target starts). */
static void check_mappings(const json_t *maps, const json_t *codes, const json_t *docs, bool all_known,
			   const bundle_dag_t *g, json_t *out, json_t *targets, errs_t *e)
{
	size_t i;
	json_t *m;
	json_array_foreach(maps, i, m)
	{
		char p[48], pf[64], po[64], pt[64], pk[64];
		snprintf(p, sizeof p, "mappings[%zu]", i);
		const char *from = NULL, *output = NULL, *to = NULL, *field = NULL;
		jfield_t spec[] = {
		    {"from", JF_STRING, true, 1, 16, &from, NULL},
		    {"output", JF_STRING, true, 1, 32, &output, NULL},
		    {"to", JF_STRING, true, 1, 16, &to, NULL},
		    {"field", JF_STRING, true, 1, 64, &field, NULL},
		    JF_END,
		};
		if (!json_spec_parse(m, spec, p, e))
			continue;
		snprintf(pf, sizeof pf, "%s.from", p);
		snprintf(po, sizeof po, "%s.output", p);
		snprintf(pt, sizeof pt, "%s.to", p);
		snprintf(pk, sizeof pk, "%s.field", p);
		int a = step_of(codes, from, pf, e), b = step_of(codes, to, pt, e);
		const json_t *src = a >= 0 ? json_array_get(docs, (size_t)a) : NULL;
		const json_t *dst = b >= 0 ? json_array_get(docs, (size_t)b) : NULL;
		const char *otype = json_is_object(src) ? bundle_output_type(output, src) : NULL;
		if (json_is_object(src) && !otype)
			errs_add(e, po, "unknown_output",
				 "该事项办结时不产生这项结果（可用：credit_code、licence_number）",
				 "the matter issues no such output (known: credit_code, licence_number)");
		const json_t *f = json_is_object(dst) ? field_of(dst, field) : NULL;
		if (json_is_object(dst) && !f)
			errs_add(e, pk, "unknown_field", "目标事项的申请表没有这个字段",
				 "the target matter's form has no such field");
		if (otype && f && strcmp(otype, str(f, "type")) != 0) {
			char zh[256], en[256];
			snprintf(zh, sizeof zh, "类型不符：结果 %s 是 %s，字段 %s 是 %s", output, otype,
				 field, str(f, "type"));
			snprintf(en, sizeof en, "type mismatch: output %s is %s, field %s is %s", output,
				 otype, field, str(f, "type"));
			errs_add(e, pk, "type_mismatch", zh, en);
		}
		if (all_known && a >= 0 && b >= 0 && !bundle_dag_reaches(g, a, b, true))
			errs_add(e, pt, "not_prerequisite",
				 "来源事项须是目标事项的前序（wait 依赖），其结果才会在目标事项开始时存在",
				 "the source must be a prerequisite of the target (a wait dependency), so "
				 "that its "
				 "output exists when the target starts");
		bool dup = false;
		size_t k;
		json_t *t;
		json_array_foreach(targets, k, t) dup |=
		    !strcmp(str(t, "matter"), to) && !strcmp(str(t, "key"), field);
		if (dup)
			errs_add(e, pk, "duplicate", "同一字段被映射了两次",
				 "the field is filled by two mappings");
		json_array_append_new(targets, json_pack("{ss ss}", "matter", to, "key", field));
		json_array_append_new(out, json_pack("{ss ss ss ss}", "from", from, "output", output, "to",
						     to, "field", field));
	}
}

/* Who applies: a bundle whose step issues the credit code creates the
 * enterprise, so a person applies (the future legal representative or an
 * agent they name); otherwise whoever every matter accepts. */
static json_t *applicants(const json_t *docs, const json_t *maps)
{
	size_t i;
	json_t *m;
	json_array_foreach(maps, i,
			   m) if (!strcmp(str(m, "output"), "credit_code")) return json_pack("[s]", "person");
	json_t *out = json_array();
	const char *kinds[] = {"person", "enterprise"};
	for (int k = 0; k < 2; k++) {
		bool all = true;
		json_array_foreach(docs, i, m)
		{
			bool has = !json_object_get(m, "applicants");
			size_t j;
			json_t *v;
			json_array_foreach(json_object_get(m, "applicants"), j, v) has |=
			    !strcmp(json_string_value(v), kinds[k]);
			all &= has;
		}
		if (all)
			json_array_append_new(out, json_string(kinds[k]));
	}
	return out;
}

/* The index of the matter that issues certificate `type`, or -1. */
static int issuer_of(const json_t *docs, const char *type)
{
	size_t i;
	json_t *d;
	json_array_foreach(docs, i, d)
	{
		const json_t *res = json_object_get(d, "result");
		if (!strcmp(str(res, "kind") ?: "", "certificate") &&
		    !strcmp(str(res, "certificate_type") ?: "", type))
			return (int)i;
	}
	return -1;
}

/* Materials the bundle itself produces are not asked: a certificate:TYPE
 * material is taken from the certificate a step of this bundle issues when
 * that step is a `wait` prerequisite of every matter listing the material
 * (the registration's 营业执照 serves the food licence). At the dependant's
 * submission it is the holder's valid certificate of the type (免提交,
 * case_certs.c). Moved from "materials" to "produced_materials":
 * {key: {"matter", "certificate_type"}}. */
static void drop_produced(json_t *merged, const json_t *docs, const json_t *codes, const bundle_dag_t *g)
{
	json_t *list = json_object_get(merged, "materials"), *keep = json_array(), *produced = json_object();
	const json_t *who_needs = json_object_get(merged, "material_matters");
	size_t i, j;
	json_t *m, *who;
	json_array_foreach(list, i, m)
	{
		const char *src = str(m, "source") ?: "";
		int from = !strncmp(src, "certificate:", 12) ? issuer_of(docs, src + 12) : -1;
		bool served = from >= 0;
		const json_t *needs = json_object_get(who_needs, str(m, "key"));
		json_array_foreach(needs, j, who)
		{
			int to = step_of(codes, json_string_value(who), NULL, NULL);
			/* && short-circuits where &= would not: no reach is asked of a step that is none */
			served = served && to >= 0 && to != from && bundle_dag_reaches(g, from, to, true);
		}
		if (!served) {
			json_array_append(keep, m);
			continue;
		}
		json_object_set_new(produced, str(m, "key"),
				    json_pack("{sO ss}", "matter", json_array_get(codes, (size_t)from),
					      "certificate_type", src + 12));
	}
	json_object_set_new(merged, "materials", keep);
	json_object_set_new(merged, "produced_materials", produced);
}

static json_t *steps(const json_t *docs, const json_t *codes, const bundle_dag_t *g, long *visits, long *vsum,
		     long *dsum)
{
	json_t *out = json_array();
	*visits = *vsum = *dsum = 0;
	size_t i;
	json_t *d;
	json_array_foreach(docs, i, d)
	{
		long v = (long)json_integer_value(json_object_get(d, "visits"));
		long days = (long)json_integer_value(json_object_get(d, "promised_days"));
		*visits = v > *visits ? v : *visits;
		*vsum += v;
		*dsum += days;
		json_t *req = json_array();
		for (int k = 0; k < g->nedges; k++)
			if (g->e[k].to == (int)i)
				json_array_append_new(
				    req,
				    json_pack("{ss ss}", "matter",
					      json_string_value(json_array_get(codes, (size_t)g->e[k].from)),
					      "join", g->e[k].join == JOIN_WAIT ? "wait" : "commitment"));
		json_t *s =
		    json_pack("{ss sI sO ss sO sI sI so}", "matter", str(d, "code"), "matter_version",
			      json_integer_value(json_object_get(d, "version")), "name",
			      json_object_get(d, "name"), "department", str(d, "department"),
			      "department_name", json_object_get(d, "department_name") ?: json_null(),
			      "promised_days", (json_int_t)days, "visits", (json_int_t)v, "requires", req);
		json_array_append_new(out, s);
	}
	return out;
}

json_t *bundle_check(dbc_t *c, const json_t *in, const char *code_from_url, errs_t *e)
{
	bundle_catalog_t cat = {store_matter, c};
	return bundle_check_in(&cat, in, code_from_url, e);
}

json_t *bundle_check_in(const bundle_catalog_t *cat, const json_t *in, const char *code_from_url, errs_t *e)
{
	const char *code = NULL;
	json_t *name = NULL, *desc = NULL, *matters = NULL, *deps = NULL, *maps = NULL;
	long long days = 0;
	jfield_t spec[] = {
	    {"code", JF_STRING, true, 2, 32, &code, NULL},
	    {"name", JF_OBJECT, true, 0, 0, &name, NULL},
	    {"description", JF_OBJECT, true, 0, 0, &desc, NULL},
	    {"matters", JF_ARRAY, true, 2, BUNDLE_MAX_MATTERS, &matters, NULL},
	    {"dependencies", JF_ARRAY, false, 0, BUNDLE_MAX_EDGES, &deps, NULL},
	    {"promised_days", JF_INT, true, 0, 365, &days, NULL},
	    {"mappings", JF_ARRAY, false, 0, 64, &maps, NULL},
	    JF_END,
	};
	json_spec_parse(in, spec, NULL, e);
	if (code && !code_ok(code))
		errs_add(e, "code", "invalid_code",
			 "编码以大写字母开头，由大写字母、数字、- 或 _ 组成（2–32 位）",
			 "a code starts with a capital letter and holds capitals, digits, - or _ (2-32)");
	if (code && code_from_url && strcmp(code, code_from_url) != 0)
		errs_add(e, "code", "mismatch", "编码与地址中的不一致",
			 "the code differs from the one in the URL");
	if (name)
		check_texts(name, "name", false, e);
	if (desc)
		check_texts(desc, "description", true, e);
	json_t *codes = json_array(), *docs = json_array(), *deps_out = json_array(),
	       *maps_out = json_array(), *targets = json_array(), *doc = NULL;
	bundle_dag_t g = {.n = (int)json_array_size(matters)};
	bool known = matters && load_matters(cat, matters, codes, docs, e);
	if (matters)
		check_dependencies(deps, codes, &g, deps_out, e);
	if (matters)
		check_mappings(maps, codes, docs, known, &g, maps_out, targets, e);
	json_t *merged = known ? bundle_merge(docs, targets, e) : NULL;
	if (errs_any(e))
		goto out;
	drop_produced(merged, docs, codes, &g);
	long visits, vsum, dsum;
	json_t *st = steps(docs, codes, &g, &visits, &vsum, &dsum);
	doc = json_pack("{ss sO sO sO sO sI sO so so}", "code", code, "name", name, "description", desc,
			"matters", codes, "dependencies", deps_out, "promised_days", (json_int_t)days,
			"mappings", maps_out, "applicants", applicants(docs, maps_out), "steps", st);
	json_object_set_new(doc, "form", json_incref(json_object_get(merged, "form")));
	json_object_set_new(doc, "materials", json_incref(json_object_get(merged, "materials")));
	json_object_set_new(doc, "field_sources", json_incref(json_object_get(merged, "sources")));
	json_object_set_new(doc, "mapped_fields", json_incref(json_object_get(merged, "mapped")));
	json_object_set_new(doc, "material_matters",
			    json_incref(json_object_get(merged, "material_matters")));
	json_object_set_new(doc, "produced_materials",
			    json_incref(json_object_get(merged, "produced_materials")));
	json_t *sums = json_pack(
	    "{sI sI sI sI sO sI sO sI}", "visits", (json_int_t)visits, "visits_sum", (json_int_t)vsum,
	    "promised_days", (json_int_t)days, "promised_days_sum", (json_int_t)dsum, "fields_total",
	    json_object_get(merged, "fields_total"), "fields_asked",
	    (json_int_t)json_array_size(json_object_get(json_object_get(merged, "form"), "fields")),
	    "materials_total", json_object_get(merged, "materials_total"), "materials_asked",
	    (json_int_t)json_array_size(json_object_get(merged, "materials")));
	json_object_set_new(doc, "guide", sums);
out:
	json_decref(merged);
	json_decref(codes);
	json_decref(docs);
	json_decref(deps_out);
	json_decref(maps_out);
	json_decref(targets);
	return doc;
}
