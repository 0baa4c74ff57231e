/* bundle_correction.c — one correction notice across departments (一次性告知,
 * docs/bundles.md). When several departments ask the applicant of a bundle
 * for corrections, the bundle case shows them together, grouped by
 * department, each item under the key of the merged form or material list
 * the applicant knows; the applicant answers once, and each department's
 * sub-case is resubmitted with what concerns it, in one transaction. */
#include "domain/bundles/bundle_correction.h"
#include "domain/bundles/bundle.h"
#include "domain/bundles/bundle_dag.h"
#include "domain/bundles/bundle_store.h"
#include "domain/cases/case.h"
#include "domain/core/audit.h"
#include <stdio.h>
#include <string.h>

static const char *str(const json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

/* The merged key under which the applicant answered (matter, key), or key itself. */
static const char *merged_key(const json_t *doc, const char *matter, const char *key)
{
	const char *mk;
	json_t *srcs, *s;
	json_object_foreach(json_object_get(doc, "field_sources"), mk, srcs)
	{
		size_t i;
		json_array_foreach(srcs, i, s) if (!strcmp(str(s, "matter") ?: "", matter) &&
						   !strcmp(str(s, "key") ?: "", key)) return mk;
	}
	return key;
}

static const json_t *step_def(const json_t *doc, const char *matter)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(doc, "steps"), i,
			   s) if (!strcmp(str(s, "matter") ?: "", matter)) return s;
	return NULL;
}

json_t *bundle_correction_json(const json_t *doc, const bundle_step_row_t *steps, const case_brief_t *briefs,
			       int n)
{
	json_t *groups = json_array(), *fields = json_array(), *mats = json_array();
	for (int i = 0; i < n; i++) {
		const case_brief_t b = briefs[i];
		if (b.correction) {
			const json_t *def = step_def(doc, steps[i].matter_code);
			json_t *items = json_array();
			size_t k;
			json_t *it;
			json_array_foreach(json_object_get(b.correction, "items"), k, it)
			{
				const char *kind = str(it, "kind") ?: "", *key = str(it, "key") ?: "";
				bool field = !strcmp(kind, "field");
				const char *as = field ? merged_key(doc, steps[i].matter_code, key) : key;
				json_t *list = field ? fields : mats;
				bool seen = false;
				size_t j;
				json_t *v;
				json_array_foreach(list, j, v) seen |= !strcmp(json_string_value(v), as);
				if (!seen)
					json_array_append_new(list, json_string(as));
				json_array_append_new(items,
						      json_pack("{ss ss sO?}", "kind", kind, "key", as,
								"reason", json_object_get(it, "reason")));
			}
			json_array_append_new(
			    groups,
			    json_pack("{ss sO? ss sO? ss sO? sO? so}", "department", b.department,
				      "department_name", json_object_get(def, "department_name"), "matter",
				      steps[i].matter_code, "matter_name", json_object_get(def, "name"),
				      "case_id", steps[i].case_id, "requested_at",
				      json_object_get(b.correction, "requested_at"), "round",
				      json_object_get(b.correction, "round"), "items", items));
		}
	}
	if (!json_array_size(groups)) {
		json_decref(groups);
		json_decref(fields);
		json_decref(mats);
		return NULL;
	}
	return json_pack("{so s{so so}}", "departments", groups, "answer", "form", fields, "materials", mats);
}

/* Whether the step's open correction names (kind, key). */
static bool asks(const json_t *correction, const char *kind, const char *key)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(correction, "items"), i,
			   it) if (!strcmp(str(it, "kind") ?: "", kind) &&
				   !strcmp(str(it, "key") ?: "", key)) return true;
	return false;
}

struct answer_ctx {
	const actor_t *by;
	const char *id;
	int64_t if_version;
	const json_t *form, *materials;
	errs_t errs; /* afresh on each run */
	int answered;
};

/* Step i's share of the answer: its own keys, only what its department asked. */
static void share(const json_t *doc, const char *matter, const json_t *corr, const json_t *form,
		  const json_t *materials, json_t *f_out, json_t *m_out, json_t *used_f, json_t *used_m)
{
	const char *mk;
	json_t *v;
	json_object_foreach((json_t *)form, mk, v)
	{
		size_t i;
		json_t *s;
		json_array_foreach(json_object_get(json_object_get(doc, "field_sources"), mk), i, s)
		{
			if (strcmp(str(s, "matter") ?: "", matter) != 0 ||
			    !asks(corr, "field", str(s, "key")))
				continue;
			json_object_set(f_out, str(s, "key"), v);
			json_object_set_new(used_f, mk, json_true());
		}
	}
	size_t i;
	json_array_foreach(materials, i, v)
	{
		const char *key = str(v, "key");
		if (!key || !asks(corr, "material", key))
			continue;
		json_array_append(m_out, v);
		json_object_set_new(used_m, key, json_true());
	}
}

static int answer_write(dbc_t *c, void *arg)
{
	struct answer_ctx *x = arg;
	errs_clear(&x->errs);
	x->answered = 0;
	bundle_case_row_t b;
	if (bundle_store_case_load(c, x->id, &b) != DB_ROW || strcmp(b.applicant_id, x->by->id) != 0)
		return E_NOT_FOUND;
	if (b.version != x->if_version)
		return E_STALE;
	if (!json_object_size(x->form) && !json_array_size(x->materials)) {
		errs_add(&x->errs, "form", "required", "请填写补正内容（表单或材料）",
			 "give the corrections: the form's answers or the materials");
		return E_VALIDATION;
	}
	json_t *doc = bundle_get(c, b.bundle_code, b.bundle_version, NULL);
	bundle_step_row_t steps[BUNDLE_MAX_MATTERS];
	int n = doc ? bundle_store_steps(c, x->id, steps, BUNDLE_MAX_MATTERS) : -1;
	json_t *used_f = json_object(), *used_m = json_object();
	int rc = n < 0 ? -1 : 0;
	for (int i = 0; i < n && !rc; i++) {
		case_brief_t cb;
		if (!case_brief(c, steps[i].case_id, &cb))
			continue;
		if (cb.correction) {
			json_t *f = json_object(), *m = json_array();
			share(doc, steps[i].matter_code, cb.correction, x->form, x->materials, f, m, used_f,
			      used_m);
			case_input_t in = {.form = f, .materials = m};
			errs_t e = ERRS_INIT;
			errcode_t ec = case_act_within(c, x->by, steps[i].case_id, case_action("resubmit"),
						       &in, NULL, true, &e);
			/* each problem named with the step it concerns */
			for (size_t k = 0; k < e.n; k++) {
				char p[160];
				snprintf(p, sizeof p, "%s.%s", steps[i].matter_code, e.v[k].field);
				errs_add(&x->errs, p, e.v[k].code, e.v[k].zh, e.v[k].en);
			}
			if (ec != E_OK)
				rc = ec == E_INTERNAL ? -1 : (int)ec;
			x->answered++;
			errs_clear(&e);
			json_decref(f);
			json_decref(m);
		}
		case_brief_release(&cb);
	}
	/* an answer no department asked for is refused, as a single case's resubmission refuses it */
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)x->form, k, v) if (!rc && !json_object_get(used_f, k))
	{
		char p[96];
		snprintf(p, sizeof p, "form.%s", k);
		errs_add(&x->errs, p, "not_flagged", "补正时只能修改被告知需要补正的内容",
			 "only the items in the correction notice may change");
	}
	size_t i;
	json_array_foreach(x->materials, i, v) if (!rc && !json_object_get(used_m, str(v, "key") ?: ""))
	{
		char p[64];
		snprintf(p, sizeof p, "materials[%zu].key", i);
		errs_add(&x->errs, p, "not_flagged", "补正时只能修改被告知需要补正的内容",
			 "only the items in the correction notice may change");
	}
	if (!rc && !x->answered)
		rc = E_STATE;
	else if (!rc && errs_any(&x->errs))
		rc = E_VALIDATION;
	json_t *detail = json_pack("{si}", "steps", x->answered);
	if (!rc)
		rc = audit_append(c, x->by, "bundle_case.correction", "bundle_case", x->id, b.version,
				  b.version, detail);
	json_decref(detail);
	json_decref(used_f);
	json_decref(used_m);
	json_decref(doc);
	return rc;
}

errcode_t bundle_correction_answer(store_t *st, const actor_t *by, const char *id, int64_t if_version,
				   const json_t *form, const json_t *materials, errs_t *errs)
{
	json_t *empty_f = json_object(), *empty_m = json_array();
	struct answer_ctx x = {
	    by, id, if_version, form ? form : empty_f, materials ? materials : empty_m, ERRS_INIT, 0};
	int r = store_write(st, answer_write, &x);
	for (size_t k = 0; k < x.errs.n; k++)
		errs_add(errs, x.errs.v[k].field, x.errs.v[k].code, x.errs.v[k].zh, x.errs.v[k].en);
	errs_clear(&x.errs);
	json_decref(empty_f);
	json_decref(empty_m);
	if (r < 0)
		return E_INTERNAL;
	return r == 0 ? E_OK : (errcode_t)r;
}
