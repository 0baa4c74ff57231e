/* inspection_read.c — the JSON views of plans: the workbench's, the public
 * draw record, and the public results without personal data (no inspector,
 * no note, no account id: targets appear by their plan's pseudonym and the
 * enterprise's registered name, which is public in the credit register). */
#include "domain/identity/account.h"
#include "domain/inspections/draw.h"
#include "domain/inspections/inspection.h"
#include "base/clock.h"
#include "domain/inspections/inspection_store.h"
#include "domain/inspections/objection.h"
#include "domain/inspections/objection_store.h"
#include <string.h>

static void set_date(json_t *o, const char *key, day_t d)
{
	char s[DATE_STR_LEN];
	date_format(d, s);
	json_object_set_new(o, key, json_string(s));
}

/* publish_due (the last day for the results), published_on and on_time once published, overdue. */
static void publication(dbc_t *c, const insp_plan_t *p, json_t *out)
{
	day_t due;
	if (!insp_publish_due(c, p->period_end, &due))
		return;
	set_date(out, "publish_due", due);
	if (p->published_at) {
		set_date(out, "published_on", date_from_ms(p->published_at));
		json_object_set_new(out, "on_time", json_boolean(date_from_ms(p->published_at) <= due));
	}
	json_object_set_new(out, "overdue", json_boolean(insp_store_overdue_at(c, p->id) != 0));
}

static bool seed_public(const char *state)
{
	return !strcmp(state, "revealed") || !strcmp(state, "inspecting") || !strcmp(state, "published");
}

/* The pseudonym of an account in the plan ("" when none). */
static const char *pseudonym_of(const insp_plan_t *p, const char *account)
{
	const char *k;
	json_t *v;
	json_object_foreach(p->pseudonyms, k, v) if (!strcmp(json_string_value(v), account)) return k;
	return "";
}

static json_t *enterprise_name(dbc_t *c, const insp_plan_t *p, const char *pseudo)
{
	account_brief_t b;
	const char *acc = json_string_value(json_object_get(p->pseudonyms, pseudo));
	return json_string(acc && account_brief(c, acc, &b) ? b.name : "");
}

json_t *insp_plan_view(dbc_t *c, const char *id, const actor_t *viewer)
{
	insp_plan_t p;
	if (insp_store_plan_get(c, id, &p) != DB_ROW)
		return NULL;
	json_t *out =
	    json_pack("{ss ss ss ss sI so sO sO ss ss}", "id", p.id, "title", p.title, "state", p.state,
		      "state_zh", wf_state_zh(&inspection_machine, p.state), "version", (json_int_t)p.version,
		      "items", insp_store_items_of(c, p.items), "filter", p.filter, "rules", p.rules,
		      "period_start", p.period_start, "period_end", p.period_end);
	json_object_set_new(out, "title_en", json_string(p.title_en));
	json_object_set_new(out, "state_en", json_string(wf_state_en(&inspection_machine, p.state)));
	json_object_set_new(out, "actions", wf_allowed(&inspection_machine, p.state, viewer->roles, NULL));
	if (*p.seed_sha256) {
		json_object_set_new(out, "seed_sha256", json_string(p.seed_sha256));
		json_object_set_new(out, "registers_sha256", json_string(p.registers_sha256));
	}
	if (*p.public_value)
		json_object_set_new(out, "public_value", json_string(p.public_value));
	if (seed_public(p.state))
		json_object_set_new(out, "seed", json_string(p.seed));
	publication(c, &p, out);
	json_t *teams = json_array();
	size_t i, k;
	json_t *d, *a;
	json_array_foreach(p.drawn, i, d)
	{
		const char *t = json_string_value(json_object_get(d, "target"));
		json_t *who = json_array();
		bool mine = false;
		json_array_foreach(json_object_get(d, "inspectors"), k, a)
		{
			const char *acc =
			    json_string_value(json_object_get(p.pseudonyms, json_string_value(a)));
			account_brief_t b;
			mine |= acc && !strcmp(acc, viewer->id);
			json_array_append_new(who, json_pack("{sO ss}", "id", a, "name",
							     acc && account_brief(c, acc, &b) ? b.name : ""));
		}
		json_array_append_new(teams,
				      json_pack("{ss so so sb}", "target", t, "enterprise",
						enterprise_name(c, &p, t), "inspectors", who, "mine", mine));
	}
	json_object_set_new(out, "drawn", teams);
	json_t *findings = insp_store_findings(c, p.id);
	json_array_foreach(findings, i, d)
	{
		json_object_set_new(
		    d, "target",
		    json_string(pseudonym_of(&p, json_string_value(json_object_get(d, "target_account")))));
		json_object_del(d, "target_account");
		json_object_set_new(
		    d, "inspector",
		    json_string(pseudonym_of(&p, json_string_value(json_object_get(d, "inspector")))));
	}
	json_object_set_new(out, "findings", findings);
	insp_plan_release(&p);
	return out;
}

json_t *insp_plan_list(dbc_t *c, int limit, const page_cursor_t *cur)
{
	page_t page = page_start(limit);
	json_t *ids = insp_store_plan_ids(c, cur, &page), *items = json_array();
	size_t i;
	json_t *id;
	json_array_foreach(ids, i, id)
	{
		insp_plan_t p;
		if (insp_store_plan_get(c, json_string_value(id), &p) != DB_ROW)
			continue;
		json_t *o = json_pack("{ss ss ss ss ss ss}", "id", p.id, "title", p.title, "state", p.state,
				      "state_zh", wf_state_zh(&inspection_machine, p.state), "period_start",
				      p.period_start, "period_end", p.period_end);
		json_object_set_new(o, "title_en", json_string(p.title_en));
		json_object_set_new(o, "state_en", json_string(wf_state_en(&inspection_machine, p.state)));
		publication(c, &p, o);
		json_array_append_new(items, o);
		insp_plan_release(&p);
	}
	json_decref(ids);
	return page_answer(items, &page);
}

json_t *insp_public_draw(dbc_t *c, const char *id)
{
	insp_plan_t p;
	if (insp_store_plan_get(c, id, &p) != DB_ROW)
		return NULL;
	json_t *rec = NULL;
	if (seed_public(p.state)) {
		rec = json_pack("{ss ss ss sO ss ss ss sO sO sO}", "algorithm", DRAW_ALGORITHM, "plan", p.id,
				"title", p.title, "rules", p.rules, "seed_sha256", p.seed_sha256,
				"registers_sha256", p.registers_sha256, "public_value", p.public_value,
				"targets", json_object_get(p.record, "targets"), "inspectors",
				json_object_get(p.record, "inspectors"), "drawn", p.drawn);
		json_object_set_new(rec, "seed", json_string(p.seed));
	}
	insp_plan_release(&p);
	return rec;
}

json_t *insp_public_list(dbc_t *c, int limit, const page_cursor_t *cur)
{
	page_t page = page_start(limit);
	json_t *ids = insp_store_published(c, cur, &page), *items = json_array();
	size_t i, k;
	json_t *id, *f;
	json_array_foreach(ids, i, id)
	{
		insp_plan_t p;
		if (insp_store_plan_get(c, json_string_value(id), &p) != DB_ROW)
			continue;
		json_t *results = json_array();
		json_t *findings = insp_store_findings(c, p.id);
		json_t *d;
		size_t j;
		json_array_foreach(p.drawn, j, d)
		{
			const char *t = json_string_value(json_object_get(d, "target"));
			const char *acc = json_string_value(json_object_get(p.pseudonyms, t));
			json_t *mine = json_array();
			json_array_foreach(
			    findings, k,
			    f) if (acc &&
				   !strcmp(json_string_value(json_object_get(f, "target_account")), acc))
			    json_array_append_new(
				mine, json_pack("{sO sO sO}", "item", json_object_get(f, "item"), "result",
						json_object_get(f, "result"), "correction_deadline",
						json_object_get(f, "correction_deadline")));
			json_t *obj = acc ? insp_store_objection_of(c, p.id, acc) : NULL;
			json_t *status = obj ? json_incref(json_object_get(obj, "status")) : json_null();
			json_array_append_new(results, json_pack("{ss so so so}", "target", t, "enterprise",
								 enterprise_name(c, &p, t), "findings", mine,
								 "objection", status));
			json_decref(obj);
		}
		json_decref(findings);
		json_array_append_new(items,
				      json_pack("{ss ss ss ss so sI ss ss so}", "id", p.id, "title", p.title,
						"period_start", p.period_start, "period_end", p.period_end,
						"items", insp_store_items_of(c, p.items), "published_at",
						(json_int_t)p.published_at, "seed_sha256", p.seed_sha256,
						"draw", "", "results", results));
		char href[96];
		snprintf(href, sizeof href, "/api/v1/public/inspections/%s/draw", p.id);
		json_t *last = json_array_get(items, json_array_size(items) - 1);
		json_object_set_new(last, "draw", json_string(href));
		json_object_set_new(last, "title_en", json_string(p.title_en));
		publication(c, &p, last);
		insp_plan_release(&p);
	}
	json_decref(ids);
	return page_answer(items, &page);
}

json_t *insp_register_view(dbc_t *c)
{
	int64_t since = clock_now_ms() - 365 * 86400000LL;
	return json_pack("{sI so}", "since", (json_int_t)since, "items", insp_store_register(c, since));
}

json_t *insp_item_list(dbc_t *c) { return json_pack("{so}", "items", insp_store_items_all(c)); }
