/* policy_match.c — matching a policy to one enterprise, on publication and
 * again whenever the enterprise's profile changes (see policy.h). */
#include "domain/policies/policy_match.h"
#include "base/date.h"
#include "domain/core/audit.h"
#include "domain/core/message.h"
#include "domain/policies/decision.h"
#include "domain/policies/policy.h"
#include "domain/policies/policy_store.h"
#include <stdio.h>
#include <string.h>

/* Tells the enterprise of a new match, with the first matched row's explanation. */
static int tell(dbc_t *c, const char *acc, const json_t *p, const json_t *hits, bool granted)
{
	const char *id = json_string_value(json_object_get(p, "id"));
	const char *title = json_string_value(json_object_get(p, "title"));
	const char *title_en = json_string_value(json_object_get(p, "title_en"));
	if (!title_en || !*title_en)
		title_en = title;
	const char *why = json_string_value(json_object_get(json_array_get(hits, 0), "explanation"));
	char zh[600], en[600];
	if (granted) {
		snprintf(zh, sizeof zh, "政策《%s》已为您免申即享，无需申请（%s）", title, why);
		snprintf(en, sizeof en, "The policy \"%s\" is granted to you without an application (%s)",
			 title_en, why);
	} else {
		snprintf(zh, sizeof zh, "政策《%s》适用于您的企业，可一键申请（%s）", title, why);
		snprintf(en, sizeof en, "The policy \"%s\" is for your enterprise; apply in one step (%s)",
			 title_en, why);
	}
	return message_add(c, acc, granted ? "policy.granted" : "policy.match", "惠企政策", "A policy for you",
			   zh, en, "policy", id);
}

int policy_match_firm(dbc_t *c, const json_t *p, const json_t *firm, int64_t now, int *matched, int *granted)
{
	const char *id = json_string_value(json_object_get(p, "id"));
	const char *acc = json_string_value(json_object_get(firm, "account"));
	int64_t benefit;
	json_t *hits = decision_eval(json_object_get(p, "eligibility"), firm, &benefit);
	bool had = policy_store_matched(c, id, acc);
	int rc = 0;
	if (!json_array_size(hits)) {
		if (had && policy_store_unmatch(c, id, acc) != DB_DONE)
			rc = -1;
	} else if (had) {
		/* the match holds still: brought up to date, told once already */
		if (policy_store_match_update(c, id, acc, benefit, hits) != DB_DONE)
			rc = -1;
	} else {
		(*matched)++;
		bool grant =
		    json_is_true(json_object_get(p, "auto_grant")) && !policy_store_granted(c, id, acc);
		if (policy_store_match(c, id, acc, benefit, hits, now) != DB_DONE)
			rc = -1;
		else if (grant && policy_store_grant(c, id, acc, benefit, "auto", now) != DB_DONE)
			rc = -1;
		if (!rc && grant)
			(*granted)++;
		if (!rc)
			rc = tell(c, acc, p, hits, grant);
	}
	json_decref(hits);
	return rc;
}

int policy_rematch_account(dbc_t *c, const actor_t *by, const char *account, int64_t now)
{
	json_t *firm = policy_store_enterprise(c, account);
	if (!firm)
		return 0; /* no profile, or not an active enterprise: nothing to match */
	char today[DATE_STR_LEN];
	date_format(date_from_ms(now), today);
	json_t *policies = policy_store_in_force(c, today);
	json_t *matched = json_array(), *granted = json_array();
	int rc = 0;
	size_t i;
	json_t *p;
	json_array_foreach(policies, i, p)
	{
		int m = 0, g = 0;
		rc = policy_match_firm(c, p, firm, now, &m, &g);
		if (rc)
			break;
		if (m)
			json_array_append(matched, json_object_get(p, "id"));
		if (g)
			json_array_append(granted, json_object_get(p, "id"));
	}
	if (!rc && json_array_size(matched)) {
		json_t *d = json_pack("{sO sO}", "matched", matched, "granted", granted);
		rc = audit_append(c, by, "policy.rematch", "account", account, 0, 0, d);
		json_decref(d);
	}
	json_decref(matched);
	json_decref(granted);
	json_decref(policies);
	json_decref(firm);
	return rc;
}
