/* inspection_seed.c — the demo's inspection registers and a joint plan
 * (data/demo/inspections.json): two departments' items, the demo enterprises'
 * profiles, six staff in the inspector register with recusal declarations,
 * a draft joint plan of the supervisor's, and two plans taken further
 * (inspection_seed_flow.c): one published with an objection, one overdue. Idempotent: what exists is left
 * alone (profiles and inspectors are upserts of the same values). */
#include "base/clock.h"
#include "base/embedded.h"
#include "base/log.h"
#include "domain/inspections/inspection.h"
#include "domain/inspections/inspection_store.h"
#include <stdio.h>
#include <string.h>

/* A list of usernames as a new list of account ids (unknown names are left out). */
static json_t *ids_of(dbc_t *c, const json_t *names)
{
	json_t *out = json_array();
	size_t i;
	const json_t *v;
	char id[40];
	json_array_foreach(names, i, v) if (insp_store_account_by_username(c, json_string_value(v), id))
	    json_array_append_new(out, json_string(id));
	return out;
}

static int seed_write(dbc_t *c, void *arg)
{
	const json_t *d = arg;
	int64_t now = clock_now_ms();
	size_t i;
	const json_t *v;
	char id[40];
	json_array_foreach(json_object_get(d, "items"), i, v)
	{
#define S(o, k) json_string_value(json_object_get(o, k))
		insp_item_t it = {S(v, "code"),	      S(v, "department"),
				  S(v, "title"),	      S(v, "legal_basis"),
				  S(v, "title_en") ?: "", S(v, "legal_basis_en") ?: ""};
		if (insp_store_item_put(c, &it, now) != DB_DONE)
			return -1;
	}
	json_array_foreach(json_object_get(d, "profiles"), i, v)
	{
		if (!insp_store_account_by_username(c, S(v, "username"), id))
			continue;
		if (insp_store_profile_put(c, id, v, now) != DB_DONE)
			return -1;
	}
	json_array_foreach(json_object_get(d, "inspectors"), i, v)
	{
		if (!insp_store_account_by_username(c, S(v, "username"), id))
			continue;
		json_t *rel = ids_of(c, json_object_get(v, "relations")),
		       *emp = ids_of(c, json_object_get(v, "employers"));
		char dept[40] = "amr";
		if (!strncmp(S(v, "username"), "health", 6))
			snprintf(dept, sizeof dept, "health");
		int rc = insp_store_inspector_put(c, id, dept, json_object_get(v, "qualifications"),
						  S(v, "street"), rel, emp, now);
		json_decref(rel);
		json_decref(emp);
		if (rc != DB_DONE)
			return -1;
	}
	json_array_foreach(json_object_get(d, "plans"), i, v)
	{
		insp_plan_t p;
		int rc = insp_store_plan_get(c, S(v, "id"), &p);
		insp_plan_release(&p);
		if (rc == DB_ROW)
			continue;
		if (rc != DB_DONE || !insp_store_account_by_username(c, S(v, "created_by"), id))
			return -1;
		memset(&p, 0, sizeof p);
		snprintf(p.id, sizeof p.id, "%s", S(v, "id"));
		snprintf(p.title, sizeof p.title, "%s", S(v, "title"));
		snprintf(p.title_en, sizeof p.title_en, "%s", S(v, "title_en") ?: "");
		snprintf(p.period_start, sizeof p.period_start, "%s", S(v, "period_start"));
		snprintf(p.period_end, sizeof p.period_end, "%s", S(v, "period_end"));
		snprintf(p.created_by, sizeof p.created_by, "%s", id);
		p.items = json_incref(json_object_get(v, "items"));
		p.filter = json_incref(json_object_get(v, "filter"));
		/* the departments of the plan: those of its items */
		json_t *depts = insp_store_item_departments(c, p.items), *list = json_array();
		const char *k;
		json_t *dv;
		json_object_foreach(depts, k, dv)
		{
			bool seen = false;
			size_t j;
			const json_t *w;
			json_array_foreach(list, j, w) seen |= json_equal(w, dv);
			if (!seen)
				json_array_append(list, dv);
		}
		json_decref(depts);
		p.rules = json_pack("{sO so sO}", "ratios", json_object_get(v, "ratios"), "departments", list,
				    "inspectors_per_target", json_object_get(v, "inspectors_per_target"));
		rc = insp_store_plan_insert(c, &p, now);
		insp_plan_release(&p);
		if (rc != DB_DONE)
			return -1;
#undef S
	}
	return 0;
}

int insp_seed_demo(store_t *st)
{
	const embedded_file_t *f = embedded_find(embedded_data, "demo/inspections.json");
	if (!f)
		return -1;
	json_error_t e;
	json_t *d = json_loadb((const char *)f->data, f->len, JSON_REJECT_DUPLICATES, &e);
	if (!d) {
		log_error("seed: demo/inspections.json line %d: %s", e.line, e.text);
		return -1;
	}
	int rc = store_write(st, seed_write, d);
	if (rc == 0)
		rc = insp_seed_flows(st, json_object_get(d, "plans"));
	json_decref(d);
	return rc == 0 ? 0 : -1;
}
