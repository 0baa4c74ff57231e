/* policy_case.c — applications as cases, and their decisions (see policy_case.h, policy.h). */
#include "domain/policies/policy_case.h"
#include "domain/cases/case_hooks.h"
#include "domain/core/audit.h"
#include "domain/identity/account.h"
#include "domain/policies/policy.h"
#include "domain/policies/policy_store.h"
#include <stdio.h>
#include <string.h>

static const char *str(const json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static void put_str(json_t *form, const char *key, const char *v)
{
	if (v && *v)
		json_object_set_new(form, key, json_string(v));
}

json_t *policy_case_form(dbc_t *c, const actor_t *by, const json_t *p)
{
	const char *id = str(p, "id");
	json_t *acc = account_json(c, by->id, true);
	if (!acc)
		return NULL;
	json_t *firm = policy_store_enterprise(c, by->id);
	json_t *form = json_object();
	put_str(form, "policy_id", id);
	put_str(form, "policy_title", str(p, "title"));
	put_str(form, "enterprise_name", str(acc, "name"));
	put_str(form, "credit_code", str(acc, "credit_code"));
	put_str(form, "legal_rep_name", str(acc, "legal_rep"));
	put_str(form, "applicant_phone", str(acc, "phone"));
	if (firm) {
		put_str(form, "industry", str(firm, "industry"));
		json_object_set(form, "employee_count", json_object_get(firm, "employees"));
	}
	int64_t fen = policy_store_match_benefit(c, id, by->id);
	char yuan[32];
	snprintf(yuan, sizeof yuan, "%lld.%02lld", (long long)(fen > 0 ? fen / 100 : 0),
		 (long long)(fen > 0 ? fen % 100 : 0));
	json_object_set_new(form, "amount_yuan", json_string(yuan));
	/* why the enterprise qualifies, as the match explained it */
	json_t *rows = policy_store_match_explanation(c, id, by->id);
	char why[4000] = "";
	size_t i, n = 0;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		int w = snprintf(why + n, sizeof why - n, "%s%s", n ? "\n" : "", str(r, "explanation") ?: "");
		if (w < 0 || (size_t)w >= sizeof why - n)
			break;
		n += (size_t)w;
	}
	put_str(form, "matched_rows", why);
	json_decref(rows);
	json_decref(firm);
	json_decref(acc);
	return form;
}

errcode_t policy_case_file(dbc_t *c, const actor_t *by, const json_t *p, errs_t *e, char id_out[CASE_ID_LEN])
{
	json_t *form = policy_case_form(c, by, p);
	if (!form)
		return E_INTERNAL;
	json_t *delivery = json_pack("{ss}", "method", "electronic");
	case_new_t in = {.matter = str(p, "matter"),
			 .channel = "online",
			 .form = form,
			 .delivery = delivery,
			 .submit = true};
	errcode_t ec = case_create_within(c, by, &in, e, id_out);
	json_decref(delivery);
	json_decref(form);
	return ec;
}

/* The decision a case's change makes of the application: its new status and the reason; NULL when
 * the change decides nothing. */
static const char *decided(const case_change_t *ch, const char **reason)
{
	const json_t *d = ch->row->decision;
	*reason = "";
	if (!strcmp(ch->to, "approved"))
		return "granted";
	if (!strcmp(ch->to, "denied") || !strcmp(ch->to, "refused")) {
		/* 不予受理 gives a legal ground and may explain it; 不予兑现 gives the reason itself */
		*reason = str(d, "detail") ?: str(d, "reason") ?: "";
		return "refused";
	}
	if (!strcmp(ch->to, "withdrawn"))
		return "withdrawn";
	return NULL;
}

int policy_case_hook(const case_change_t *ch)
{
	if (!strcmp(ch->from, ch->to) || !*ch->from)
		return 0;
	const char *reason, *status = decided(ch, &reason);
	char policy[33], account[40], now_status[16];
	if (!status || !policy_store_application_of_case(ch->c, ch->row->id, policy, account, now_status))
		return 0;
	if (strcmp(now_status, "applied") != 0)
		return 0;
	if (policy_store_decide(ch->c, ch->row->id, status, reason, ch->now) != DB_DONE)
		return -1;
	if (!strcmp(status, "granted")) {
		int64_t benefit = policy_store_match_benefit(ch->c, policy, account);
		if (policy_store_grant(ch->c, policy, account, benefit < 0 ? 0 : benefit, "application",
				       ch->now) != DB_DONE)
			return -1;
	}
	json_t *d = json_pack("{ss ss ss ss}", "account", account, "case", ch->row->id, "status", status,
			      "reason", reason);
	int rc = audit_append(ch->c, ch->by, "policy.decide", "policy", policy, 0, 0, d);
	json_decref(d);
	return rc;
}
