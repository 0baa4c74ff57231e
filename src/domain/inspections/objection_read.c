/* objection_read.c — the enterprise's own inspections and the objections as
 * the departments read them (see objection.h). The enterprise sees its
 * findings with the inspectors' notes and its correction orders, never who
 * inspected it nor anything of other firms. */
#include "domain/inspections/objection.h"
#include "base/clock.h"
#include "domain/identity/account.h"
#include "domain/inspections/inspection.h"
#include "domain/inspections/inspection_store.h"
#include "domain/inspections/objection_store.h"
#include <string.h>

static json_t *date_json(day_t d)
{
	char s[DATE_STR_LEN];
	date_format(d, s);
	return json_string(s);
}

/* The item's title, or its English form (key "title_en"; "" when none). */
static const char *item_title(const json_t *items, const char *code, const char *key)
{
	size_t i;
	const json_t *v;
	json_array_foreach(items, i, v) if (!strcmp(json_string_value(json_object_get(v, "code")),
						    code)) return json_string_value(json_object_get(v, key));
	return "";
}

/* The findings of one target in the plan, without the inspector (a new array); with_note: the
 * inspector's note too. */
static json_t *target_findings(dbc_t *c, const char *plan, const char *account, const json_t *items,
			       bool with_note)
{
	json_t *all = insp_store_findings(c, plan), *out = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(all, i, f)
	{
		if (strcmp(json_string_value(json_object_get(f, "target_account")), account) != 0)
			continue;
		const char *code = json_string_value(json_object_get(f, "item"));
		json_t *o = json_pack(
		    "{ss ss ss sO sO}", "item", code, "title", item_title(items, code, "title"), "title_en",
		    item_title(items, code, "title_en"), "result", json_object_get(f, "result"),
		    "correction_deadline", json_object_get(f, "correction_deadline"));
		if (with_note)
			json_object_set(o, "note", json_object_get(f, "note"));
		json_array_append_new(out, o);
	}
	json_decref(all);
	return out;
}

static const char *pseudonym_of(const insp_plan_t *p, const char *account)
{
	const char *k;
	json_t *v;
	json_object_foreach(p->pseudonyms, k, v) if (!strcmp(json_string_value(v), account)) return k;
	return "";
}

json_t *insp_my_inspections(dbc_t *c, const actor_t *by)
{
	char kind[ACCOUNT_KIND_LEN], code[CREDIT_CODE_LEN];
	if (!account_applicant_facts(c, by->id, kind, code))
		code[0] = 0;
	day_t today = date_from_ms(clock_now_ms());
	json_t *ids = insp_store_plans_of_target(c, by->id), *items = json_array();
	size_t i, k;
	json_t *id, *f;
	json_array_foreach(ids, i, id)
	{
		insp_plan_t p;
		if (insp_store_plan_get(c, json_string_value(id), &p) != DB_ROW)
			continue;
		json_t *its = insp_store_items_of(c, p.items);
		json_t *findings = target_findings(c, p.id, by->id, its, true), *orders = json_array();
		json_array_foreach(findings, k,
				   f) if (!json_is_null(json_object_get(f, "correction_deadline")))
		    json_array_append_new(orders,
					  json_pack("{sO sO sO sO}", "item", json_object_get(f, "item"),
						    "title", json_object_get(f, "title"), "title_en",
						    json_object_get(f, "title_en"), "deadline",
						    json_object_get(f, "correction_deadline")));
		json_t *objection = insp_store_objection_of(c, p.id, by->id);
		json_t *o = json_pack("{ss ss ss ss ss ss so so so}", "plan", p.id, "title", p.title, "state",
				      p.state, "state_zh", wf_state_zh(&inspection_machine, p.state),
				      "period_start", p.period_start, "period_end", p.period_end, "items",
				      its, "findings", findings, "correction_orders", orders);
		json_object_set_new(o, "target", json_string(pseudonym_of(&p, by->id)));
		json_object_set_new(o, "state_en", json_string(wf_state_en(&inspection_machine, p.state)));
		json_object_set_new(o, "title_en", json_string(p.title_en));
		day_t due;
		bool can_object = false;
		json_object_set_new(o, "published_at",
				    p.published_at ? json_integer(p.published_at) : json_null());
		if (p.published_at && insp_objection_due(c, p.published_at, &due)) {
			json_object_set_new(o, "published_on", date_json(date_from_ms(p.published_at)));
			json_object_set_new(o, "objection_due", date_json(due));
			can_object = !objection && today <= due;
		}
		json_object_set_new(o, "can_object", json_boolean(can_object));
		if (objection)
			json_object_del(objection, "target_account");
		json_object_set_new(o, "objection", objection ? objection : json_null());
		json_array_append_new(items, o);
		insp_plan_release(&p);
	}
	json_decref(ids);
	return json_pack("{ss so}", "credit_code", code, "items", items);
}

static bool of_department(const actor_t *by, const json_t *rules)
{
	size_t i;
	const json_t *v;
	json_array_foreach(json_object_get(rules, "departments"), i,
			   v) if (*by->department &&
				  !strcmp(json_string_value(v), by->department)) return true;
	return false;
}

json_t *insp_objection_list(dbc_t *c, const actor_t *by)
{
	json_t *all = insp_store_objections(c, 500), *items = json_array();
	bool overseer = (by->roles & ROLE_SUPERVISOR) != 0;
	size_t i;
	json_t *o;
	json_array_foreach(all, i, o)
	{
		insp_plan_t p;
		if (insp_store_plan_get(c, json_string_value(json_object_get(o, "plan_id")), &p) != DB_ROW)
			continue;
		if (overseer || of_department(by, p.rules)) {
			const char *acc = json_string_value(json_object_get(o, "target_account"));
			char kind[ACCOUNT_KIND_LEN], code[CREDIT_CODE_LEN];
			account_brief_t b;
			if (!account_applicant_facts(c, acc, kind, code))
				code[0] = 0;
			json_t *its = insp_store_items_of(c, p.items);
			json_object_set_new(o, "plan_title", json_string(p.title));
			json_object_set_new(o, "plan_title_en", json_string(p.title_en));
			json_object_set_new(o, "target", json_string(pseudonym_of(&p, acc)));
			json_object_set_new(o, "enterprise",
					    json_string(account_brief(c, acc, &b) ? b.name : ""));
			json_object_set_new(o, "credit_code", json_string(code));
			json_object_set_new(o, "findings", target_findings(c, p.id, acc, its, true));
			json_object_set_new(
			    o, "can_answer",
			    json_boolean(
				insp_answers_for(by, p.rules) &&
				!strcmp(json_string_value(json_object_get(o, "status")), "pending")));
			json_object_del(o, "target_account");
			json_decref(its);
			json_array_append(items, o);
		}
		insp_plan_release(&p);
	}
	json_decref(all);
	return json_pack("{so}", "items", items);
}
