/* matter_check.c — validation of a matter document (see matter.h), every
 * problem reported at once with its path ("materials[2].source"). */
#include "domain/catalog/decision_words.h"
#include "domain/catalog/matter.h"
#include "domain/catalog/form.h"
#include "domain/core/geo.h"
#include "base/jsonin.h"
#include <stdio.h>
#include <string.h>

static const struct {
	const char *type, *letters, *zh, *en;
} TYPES[] = {
    {"licensing", "XK", "行政许可", "Administrative licensing"},
    {"confirmation", "QR", "行政确认", "Administrative confirmation"},
    {"payment", "JF", "行政给付", "Administrative payment"},
    {"levy", "ZS", "行政征收", "Administrative levy"},
    {"public_service", "GG", "公共服务", "Public service"},
    {"other", "QT", "其他行政权力", "Other administrative power"},
};
#define NTYPES (sizeof TYPES / sizeof TYPES[0])

const char *matter_type_label(const char *type)
{
	for (size_t i = 0; i < NTYPES; i++)
		if (strcmp(TYPES[i].type, type) == 0)
			return TYPES[i].zh;
	return NULL;
}

const char *matter_type_label_en(const char *type)
{
	for (size_t i = 0; i < NTYPES; i++)
		if (strcmp(TYPES[i].type, type) == 0)
			return TYPES[i].en;
	return NULL;
}

static bool ident_ok(const char *s)
{
	if (!s || !(*s >= 'a' && *s <= 'z'))
		return false;
	size_t n = 0;
	for (; *s; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return n <= 64;
}

static bool code_ok(const char *c)
{
	if (!c || strlen(c) != 10)
		return false;
	for (int i = 0; i < 10; i++)
		if (i < 2 ? !(c[i] >= 'A' && c[i] <= 'Z') : !(c[i] >= '0' && c[i] <= '9'))
			return false;
	return true;
}

/* {"zh": ..., "en": ...} both required, one line each. */
static void check_i18n(const json_t *v, const char *path, long long maxlen, errs_t *e)
{
	const char *zh = NULL, *en = NULL;
	jfield_t spec[] = {
	    {"zh", JF_STRING, true, 1, maxlen, &zh, NULL},
	    {"en", JF_STRING, true, 1, maxlen, &en, NULL},
	    JF_END,
	};
	json_spec_parse(v, spec, path, e);
}

/* One line of 1..maxlen characters. */
static bool one_line(const json_t *v, long long maxlen)
{
	const char *s = json_string_value(v);
	return s && *s && utf8_len(s) <= (size_t)maxlen && !has_control_chars(s, false);
}

/* A text in one language (a string, read as Chinese) or in both ({zh, en}): places and hours
 * written before they had English forms stay valid. */
static void check_text_or_i18n(const json_t *v, const char *path, long long maxlen, errs_t *e)
{
	if (json_is_object(v))
		check_i18n(v, path, maxlen, e);
	else if (!one_line(v, maxlen))
		errs_addi(e, path, "type", "应为 1 至 %lld 个字符的文本，或 {zh, en}",
			  "must be text of 1 to %lld characters, or {zh, en}", maxlen);
}

/* A list of at most max_items texts: one line each, or (both_ok) also {zh, en}. */
static void check_text_list(const json_t *arr, const char *path, size_t max_items, long long maxlen,
			    bool both_ok, errs_t *e)
{
	if (!arr)
		return;
	size_t i;
	json_t *v;
	char p[128];
	json_array_foreach (arr, i, v) {
		snprintf(p, sizeof p, "%s[%zu]", path, i);
		if (both_ok)
			check_text_or_i18n(v, p, maxlen, e);
		else if (!one_line(v, maxlen))
			errs_addi(e, p, "type", "应为 1 至 %lld 个字符的文本", "must be text of 1 to %lld characters",
				  maxlen);
	}
	if (json_array_size(arr) > max_items)
		errs_addi(e, path, "too_long", "最多 %lld 项", "at most %lld items", (long long)max_items);
}

/* 常见问题: each {q: {zh, en}, a: {zh, en}}, a question and its answer. */
static void check_faq(const json_t *arr, errs_t *e)
{
	size_t i;
	json_t *v;
	char p[32], q[48];
	json_array_foreach (arr, i, v) {
		json_t *question = NULL, *answer = NULL;
		jfield_t spec[] = {
		    {"q", JF_OBJECT, true, 0, 0, &question, NULL},
		    {"a", JF_OBJECT, true, 0, 0, &answer, NULL},
		    JF_END,
		};
		snprintf(p, sizeof p, "faq[%zu]", i);
		json_spec_parse(v, spec, p, e);
		snprintf(q, sizeof q, "%s.q", p);
		if (question)
			check_i18n(question, q, 200, e);
		snprintf(q, sizeof q, "%s.a", p);
		if (answer)
			check_i18n(answer, q, 1000, e);
	}
}

static void check_materials(const json_t *arr, errs_t *e)
{
	size_t i;
	json_t *m;
	char p[64], q[96];
	json_array_foreach (arr, i, m) {
		snprintf(p, sizeof p, "materials[%zu]", i);
		const char *key = NULL, *source = NULL;
		json_t *name = NULL, *formats = NULL;
		bool required = false;
		long long max_size = 0, copies = 1, max_files = 1;
		jfield_t spec[] = {
		    {"key", JF_STRING, true, 1, 64, &key, NULL},
		    {"name", JF_OBJECT, true, 0, 0, &name, NULL},
		    {"required", JF_BOOL, true, 0, 0, &required, NULL},
		    {"formats", JF_ARRAY, true, 1, 4, &formats, NULL},
		    {"max_size", JF_INT, true, 1, 100LL * 1024 * 1024, &max_size, NULL},
		    {"copies", JF_INT, false, 1, 10, &copies, NULL},
		    /* files one upload of it may take: 2 for 正反面, more for pages scanned as images */
		    {"max_files", JF_INT, false, 1, 10, &max_files, NULL},
		    {"source", JF_STRING, true, 1, 80, &source, NULL},
		    {"description", JF_OBJECT, false, 0, 0, NULL, NULL},
		    JF_END,
		};
		if (!json_spec_parse(m, spec, p, e) && !json_is_object(m))
			continue;
		if (key && !ident_ok(key)) {
			snprintf(q, sizeof q, "%s.key", p);
			errs_add(e, q, "invalid_key", "材料键应为小写字母开头的字母、数字或下划线",
				 "a material key is [a-z][a-z0-9_]*");
		}
		for (size_t j = 0; key && j < i; j++)
			if (strcmp(key, json_string_value(json_object_get(json_array_get(arr, j), "key"))
					    ?: "") == 0) {
				snprintf(q, sizeof q, "%s.key", p);
				errs_add(e, q, "duplicate_key", "材料键重复", "duplicate material key");
			}
		if (name) {
			snprintf(q, sizeof q, "%s.name", p);
			check_i18n(name, q, 100, e);
		}
		if (formats) {
			size_t k;
			json_t *f;
			json_array_foreach (formats, k, f) {
				const char *s = json_string_value(f);
				if (!s || (strcmp(s, "pdf") && strcmp(s, "jpeg") && strcmp(s, "png") &&
					   strcmp(s, "ofd"))) {
					snprintf(q, sizeof q, "%s.formats[%zu]", p, k);
					errs_add(e, q, "not_an_option", "格式只能是 pdf、jpeg、png、ofd",
						 "formats are pdf, jpeg, png, ofd");
				}
			}
		}
		if (source) {
			const char *colon = strchr(source, ':');
			bool ok =
			    strcmp(source, "upload") == 0 || (colon &&
							      (strncmp(source, "certificate:", 12) == 0 ||
							       strncmp(source, "registry:", 9) == 0) &&
							      ident_ok(colon + 1));
			if (!ok) {
				snprintf(q, sizeof q, "%s.source", p);
				errs_add(e, q, "unknown_source",
					 "来源应为 upload、certificate:类型 或 registry:数据集",
					 "source is upload, certificate:TYPE or registry:DATASET");
			} else if (strncmp(source, "certificate:", 12) == 0 &&
				   !domain_certificate_type_known(source + 12)) {
				snprintf(q, sizeof q, "%s.source", p);
				errs_add(e, q, "unknown_certificate_type", "没有这种电子证照类型",
					 "no such certificate type");
			}
		}
	}
}

/* Who may apply: "person", "enterprise", or both, each at most once. */
static void check_applicants(const json_t *arr, errs_t *e)
{
	size_t i;
	json_t *v;
	char p[48];
	json_array_foreach(arr, i, v)
	{
		const char *s = json_string_value(v);
		snprintf(p, sizeof p, "applicants[%zu]", i);
		if (!s || (strcmp(s, "person") && strcmp(s, "enterprise")))
			errs_add(e, p, "not_an_option", "申请人类型应为 person（个人）或 enterprise（企业）",
				 "applicants are person or enterprise");
		else
			for (size_t j = 0; j < i; j++)
				if (json_equal(v, json_array_get(arr, j)))
					errs_add(e, p, "duplicate", "申请人类型重复",
						 "the applicant kind is given twice");
	}
}

static void check_result(const json_t *r, errs_t *e)
{
	const char *kind = NULL, *ctype = NULL, *revokes = NULL;
	json_t *name = NULL;
	jfield_t spec[] = {
	    {"kind", JF_STRING, true, 1, 20, &kind, NULL},
	    {"certificate_type", JF_STRING, false, 1, 64, &ctype, NULL},
	    {"revokes", JF_STRING, false, 1, 64, &revokes, NULL},
	    {"name", JF_OBJECT, false, 0, 0, &name, NULL},
	    JF_END,
	};
	json_spec_parse(r, spec, "result", e);
	if (kind && strcmp(kind, "certificate") && strcmp(kind, "document") && strcmp(kind, "none"))
		errs_add(e, "result.kind", "not_an_option", "结果类型应为 certificate、document 或 none",
			 "kind is certificate, document or none");
	if (kind && !strcmp(kind, "certificate") && !ident_ok(ctype))
		errs_add(e, "result.certificate_type", "required", "证照结果须给出证照类型",
			 "a certificate result needs a certificate_type");
	if (kind && strcmp(kind, "none") && !name)
		errs_add(e, "result.name", "required", "请给出结果名称", "the result needs a name");
	if (name)
		check_i18n(name, "result.name", 100, e);
	/* 企业注销登记 ends the business licence: completing the matter revokes the holder's valid one */
	if (revokes && !domain_certificate_type_known(revokes))
		errs_add(e, "result.revokes", "unknown_certificate_type", "没有这种电子证照类型",
			 "no such certificate type");
}

json_t *matter_check(dbc_t *c, const json_t *in, const char *code_from_url, errs_t *errs)
{
	const char *code = NULL, *department = NULL, *type = NULL, *legal_basis = NULL, *words = NULL;
	json_t *name = NULL, *hours = NULL, *places = NULL, *keywords = NULL, *materials = NULL, *form = NULL,
	       *result = NULL, *delivery = NULL, *applicants = NULL, *keywords_en = NULL, *description = NULL,
	       *conditions = NULL, *faq = NULL;
	long long legal_days = 0, promised_days = 0, visits = 0, depth = 1, fee = 0;
	bool immediate = false, separate = false, fee_waits = false, has_step = false, has_waits = false;
	const char *fee_step = NULL;
	/* Set only for members that parsed and are in range: the cross-member
	 * rules below must not add errors on top of a member's own error. */
	bool has_legal = false, has_promised = false, has_immediate = false;
	size_t before = errs->n;
	jfield_t spec[] = {
	    {"code", JF_STRING, true, 1, 16, &code, NULL},
	    {"name", JF_OBJECT, true, 0, 0, &name, NULL},
	    {"department", JF_STRING, true, 1, 32, &department, NULL},
	    {"type", JF_STRING, true, 1, 32, &type, NULL},
	    {"legal_basis", JF_TEXT, true, 1, 2000, &legal_basis, NULL},
	    {"description", JF_OBJECT, false, 0, 0, &description, NULL},
	    {"conditions", JF_ARRAY, false, 0, 20, &conditions, NULL},
	    {"faq", JF_ARRAY, false, 0, 20, &faq, NULL},
	    {"legal_days", JF_INT, true, 1, 365, &legal_days, &has_legal},
	    {"promised_days", JF_INT, true, 0, 365, &promised_days, &has_promised},
	    {"immediate", JF_BOOL, true, 0, 0, &immediate, &has_immediate},
	    {"visits", JF_INT, true, 0, 1, &visits, NULL},
	    {"online_depth", JF_INT, true, 1, 4, &depth, NULL},
	    {"fee_fen", JF_INT, true, 0, 100000000, &fee, NULL},
	    {"fee_step", JF_STRING, false, 1, 16, &fee_step, &has_step},
	    {"fee_before_result", JF_BOOL, false, 0, 0, &fee_waits, &has_waits},
	    {"separate_approval", JF_BOOL, false, 0, 0, &separate, NULL},
	    {"decision_words", JF_STRING, false, 1, 16, &words, NULL},
	    {"applicants", JF_ARRAY, false, 1, 2, &applicants, NULL},
	    {"service_hours", JF_ANY, false, 0, 0, &hours, NULL},
	    {"service_places", JF_ARRAY, false, 0, 20, &places, NULL},
	    {"keywords", JF_ARRAY, false, 0, 50, &keywords, NULL},
	    {"keywords_en", JF_ARRAY, false, 0, 50, &keywords_en, NULL},
	    {"materials", JF_ARRAY, true, 0, 50, &materials, NULL},
	    {"form", JF_OBJECT, true, 0, 0, &form, NULL},
	    {"result", JF_OBJECT, true, 0, 0, &result, NULL},
	    {"delivery", JF_ARRAY, true, 1, 3, &delivery, NULL},
	    JF_END,
	};
	json_spec_parse(in, spec, NULL, errs);
	if (!json_is_object(in))
		return NULL;
	if (code && !code_ok(code))
		errs_add(errs, "code", "invalid_code",
			 "事项编码应为 2 位大写字母加 8 位数字（如 XK00103000）",
			 "a matter code is 2 capital letters and 8 digits (e.g. XK00103000)");
	if (code && code_from_url && strcmp(code, code_from_url) != 0)
		errs_add(errs, "code", "mismatch", "事项编码与地址不一致",
			 "the code differs from the one in the URL");
	if (name)
		check_i18n(name, "name", 100, errs);
	if (department && !geo_department_exists(c, department))
		errs_add(errs, "department", "unknown", "部门不存在", "no such department");
	if (type && !matter_type_label(type))
		errs_add(errs, "type", "not_an_option",
			 "事项类型应为 licensing、confirmation、payment、levy、public_service 或 other",
			 "type is licensing, confirmation, payment, levy, public_service or other");
	if (has_legal && has_promised && promised_days > legal_days)
		errs_add(errs, "promised_days", "exceeds_legal", "承诺时限不能超过法定时限",
			 "the promised time limit may not exceed the legal one");
	if (has_immediate && has_promised && immediate && promised_days != 0)
		errs_add(errs, "promised_days", "immediate", "即办件的承诺时限应为 0",
			 "an immediate matter has promised_days 0");
	if (has_immediate && has_promised && !immediate && promised_days == 0)
		errs_add(errs, "promised_days", "too_small", "承诺件的承诺时限至少 1 个工作日",
			 "a promised-time matter needs at least 1 working day");
	if (fee_step && strcmp(fee_step, "accept") && strcmp(fee_step, "approve"))
		errs_add(errs, "fee_step", "not_an_option", "缴费环节应为 accept（受理）或 approve（准予）",
			 "fee_step is accept or approve");
	if (fee == 0 && (has_step || (has_waits && fee_waits)))
		errs_add(errs, has_step ? "fee_step" : "fee_before_result", "no_fee", "不收费的事项没有缴费环节",
			 "a matter without a fee has no fee step");
	if (has_immediate && immediate && fee_waits)
		errs_add(errs, "fee_before_result", "immediate", "即办件当场办结，办理结果不能等待缴费",
			 "an immediate matter is completed at once: its result cannot wait for the fee");
	if (words && !decision_kind_known(words))
		errs_add(errs, "decision_words", "not_an_option",
			 "决定用语应为 licence、registration、filing、confirmation、service 或 grant",
			 "decision_words is licence, registration, filing, confirmation, service or grant");
	if (hours)
		check_text_or_i18n(hours, "service_hours", 200, errs);
	check_text_list(places, "service_places", 20, 200, true, errs);
	check_text_list(keywords, "keywords", 50, 30, false, errs);
	check_text_list(keywords_en, "keywords_en", 50, 60, false, errs);
	if (description)
		check_i18n(description, "description", 1000, errs);
	size_t ci;
	json_t *cv;
	json_array_foreach (conditions, ci, cv) {
		char cp[48];
		snprintf(cp, sizeof cp, "conditions[%zu]", ci);
		check_i18n(cv, cp, 300, errs);
	}
	check_faq(faq, errs);
	if (applicants)
		check_applicants(applicants, errs);
	if (materials)
		check_materials(materials, errs);
	if (form)
		form_schema_check(form, "form", errs);
	if (result)
		check_result(result, errs);
	if (delivery) {
		size_t i;
		json_t *d;
		json_array_foreach (delivery, i, d) {
			const char *s = json_string_value(d);
			char p[32];
			snprintf(p, sizeof p, "delivery[%zu]", i);
			if (!s || (strcmp(s, "electronic") && strcmp(s, "post") && strcmp(s, "window")))
				errs_add(errs, p, "not_an_option", "送达方式应为 electronic、post 或 window",
					 "delivery is electronic, post or window");
		}
	}
	if (errs->n != before)
		return NULL;
	/* The canonical document, in a stable member order. */
	json_t *doc = json_object();
	for (const jfield_t *f = spec; f->name; f++) {
		json_t *v = json_object_get(in, f->name);
		if (v)
			json_object_set(doc, f->name, v);
	}
	if (!json_object_get(doc, "service_places"))
		json_object_set_new(doc, "service_places", json_array());
	if (!json_object_get(doc, "keywords"))
		json_object_set_new(doc, "keywords", json_array());
	/* who may apply: a matter that does not say is open to both */
	if (!json_object_get(doc, "applicants"))
		json_object_set_new(doc, "applicants", json_pack("[ss]", "person", "enterprise"));
	/* a fee's notice comes with the decision unless the matter says otherwise */
	if (fee > 0 && !json_object_get(doc, "fee_step"))
		json_object_set_new(doc, "fee_step", json_string("approve"));
	if (fee > 0 && !json_object_get(doc, "fee_before_result"))
		json_object_set_new(doc, "fee_before_result", json_false());
	json_object_set_new(doc, "type_label", json_string(matter_type_label(type)));
	json_object_set_new(doc, "type_label_en", json_string(matter_type_label_en(type)));
	return doc;
}
