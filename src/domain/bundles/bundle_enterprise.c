/* bundle_enterprise.c — the enterprise a bundle creates (企业开办, 开办餐饮店).
 * When the registration step is approved (准予设立登记), in the same
 * transaction: the new 统一社会信用代码 is assigned, the enterprise account is
 * created with the applicant as its legal representative (identity/agents.h),
 * and every sub-case of the bundle is filed for it from then on: the 营业执照
 * issued next is the enterprise's, and it serves the later steps' materials
 * (免提交). The applicant keeps following every step. */
#include "domain/bundles/bundle_steps.h"
#include "domain/bundles/bundle.h"
#include "domain/cases/case.h"
#include "domain/identity/agents.h"
#include "base/log.h"
#include <stdio.h>
#include <string.h>

/* The answer of the matter's field for data element `de`, or NULL. */
static const char *answer(const json_t *form, const json_t *matter, const char *de)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(json_object_get(matter, "form"), "fields"), i, f)
	{
		const char *d = json_string_value(json_object_get(f, "de"));
		const char *key = json_string_value(json_object_get(f, "key"));
		if (d && key && !strcmp(d, de))
			return json_string_value(json_object_get(form, key));
	}
	return NULL;
}

#define CREDIT_TRIES 8

int bundle_enterprise_founded(dbc_t *c, const char *bcase, const bundle_step_row_t *me, const json_t *form,
			      const json_t *matter, const char *region, const actor_t *by, int64_t now)
{
	bundle_case_row_t b;
	if (bundle_store_case_load(c, bcase, &b) != DB_ROW)
		return -1;
	json_t *doc = bundle_get(c, b.bundle_code, b.bundle_version, NULL);
	if (!doc)
		return -1;
	bool source = bundle_issues_credit_code(doc, me->matter_code);
	json_decref(doc);
	if (!source || b.credit_code[0])
		return 0;
	const char *name = answer(form, matter, "DE.enterprise.name");
	const char *rep = answer(form, matter, "DE.enterprise.legal_rep.name");
	char credit[19], eid[ACCOUNT_ID_LEN];
	errcode_t ec = E_CONFLICT;
	for (int i = 0; i < CREDIT_TRIES && ec == E_CONFLICT; i++) {
		bundle_new_credit_code(region, credit);
		enterprise_new_t in = {.name = name && *name ? name : credit,
				       .credit_code = credit,
				       .legal_rep = rep,
				       .agent_id = b.applicant_id,
				       .source = bcase};
		ec = agents_enterprise_create(c, by, &in, eid);
	}
	if (ec != E_OK) {
		log_error("bundle %s: the enterprise %s could not be created (%d)", bcase, credit, (int)ec);
		return -1;
	}
	if (bundle_store_case_set(c, bcase, b.status, credit, now) != DB_DONE)
		return -1;
	bundle_step_row_t rows[BUNDLE_MAX_MATTERS];
	int n = bundle_store_steps(c, bcase, rows, BUNDLE_MAX_MATTERS);
	int rc = n < 0 ? -1 : 0;
	for (int i = 0; i < n && !rc; i++)
		rc = case_set_principal_within(c, rows[i].case_id, eid);
	return rc;
}
