/* inspection_seed_flow.c — the demo plans that `make run` shows past their
 * draft (data/demo/inspections.json, a plan's "flow"): taken through the same
 * actions as on the workbench — commit, draw with the given public value,
 * reveal, start —, then the findings recorded by an inspector drawn for the
 * target, the results published and an objection filed, as far as the flow
 * says. Idempotent: an action the plan is past is refused (E_STATE), a
 * finding or objection already there too (E_CONFLICT), an action another
 * node took at the same moment too (E_STALE); all are skipped. */
#include "base/log.h"
#include "domain/identity/account.h"
#include "domain/inspections/inspection.h"
#include "domain/inspections/inspection_store.h"
#include "domain/inspections/objection.h"
#include <stdio.h>
#include <string.h>

#define S(o, k) json_string_value(json_object_get(o, k))

static bool actor_of(dbc_t *c, const char *username, const char *kind, unsigned roles, actor_t *a)
{
	memset(a, 0, sizeof *a);
	if (!username || !insp_store_account_by_username(c, username, a->id))
		return false;
	snprintf(a->kind, sizeof a->kind, "%s", kind);
	snprintf(a->request_id, sizeof a->request_id, "seed");
	a->roles = roles;
	return true;
}

/* Skipped as done already: a state the plan is past, a row that exists, or another node seeding
 * the same plan at the same moment (E_STALE). */
static bool done_or_past(errcode_t ec)
{
	return ec == E_OK || ec == E_STATE || ec == E_CONFLICT || ec == E_STALE;
}

/* The finding `f` {target (username), item, result, note, correction_deadline} by an inspector drawn
 * for that target from the item's department; true when recorded or there already, or nobody was drawn. */
static bool record(store_t *st, const char *plan, const json_t *f)
{
	dbc_t *c = store_reader(st);
	insp_plan_t p;
	char target[40];
	if (insp_store_plan_get(c, plan, &p) != DB_ROW)
		return false;
	bool ok = true;
	json_t *codes = json_pack("[s]", S(f, "item")), *depts = insp_store_item_departments(c, codes);
	const char *dept = S(depts, S(f, "item"));
	const char *pseudo = NULL, *k;
	json_t *v;
	if (insp_store_account_by_username(c, S(f, "target"), target))
		json_object_foreach(p.pseudonyms, k, v) if (!strcmp(json_string_value(v), target)) pseudo = k;
	size_t i, j;
	json_t *d, *who;
	json_array_foreach(p.drawn, i, d)
	{
		if (!pseudo || !dept || strcmp(S(d, "target"), pseudo) != 0)
			continue;
		json_array_foreach(json_object_get(d, "inspectors"), j, who)
		{
			const char *acc = S(p.pseudonyms, json_string_value(who));
			unsigned roles;
			if (!acc || !account_staff_roles(c, acc, dept, &roles))
				continue;
			actor_t a = {0};
			snprintf(a.id, sizeof a.id, "%s", acc);
			snprintf(a.kind, sizeof a.kind, "staff");
			snprintf(a.department, sizeof a.department, "%s", dept);
			snprintf(a.request_id, sizeof a.request_id, "seed");
			a.roles = roles;
			json_t *body = json_deep_copy(f);
			json_object_set_new(body, "target", json_string(pseudo));
			errs_t e = ERRS_INIT;
			ok = done_or_past(insp_finding_record(st, &a, plan, body, &e));
			errs_clear(&e);
			json_decref(body);
			break;
		}
		break;
	}
	json_decref(codes);
	json_decref(depts);
	insp_plan_release(&p);
	return ok;
}

static int run_flow(store_t *st, const json_t *plan)
{
	const json_t *flow = json_object_get(plan, "flow");
	const char *id = S(plan, "id"), *upto = S(flow, "upto");
	dbc_t *c = store_reader(st);
	actor_t sup;
	if (!actor_of(c, S(plan, "created_by"), "staff", ROLE_SUPERVISOR, &sup) || !upto)
		return -1;
	static const char *const steps[] = {"commit", "draw", "reveal", "start", "publish"};
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		if (!strcmp(steps[i], "publish")) {
			size_t k;
			const json_t *f;
			json_array_foreach(json_object_get(flow, "findings"), k,
					   f) if (!record(st, id, f)) return -1;
		}
		json_t *body = !strcmp(steps[i], "draw")
				   ? json_pack("{sO}", "public_value", json_object_get(flow, "public_value"))
				   : json_object();
		errs_t e = ERRS_INIT;
		char state[16];
		errcode_t ec = insp_plan_act(st, &sup, id, steps[i], body, 0, &e, state);
		errs_clear(&e);
		json_decref(body);
		if (!done_or_past(ec))
			return -1;
		if (!strcmp(steps[i], upto))
			break;
	}
	const json_t *o = json_object_get(flow, "objection");
	actor_t firm;
	if (!o)
		return 0;
	if (!actor_of(c, S(o, "by"), "enterprise", ROLE_ENTERPRISE, &firm))
		return -1;
	errs_t e = ERRS_INIT;
	char oid[40];
	json_t *body = json_pack("{sO}", "reason", json_object_get(o, "reason"));
	errcode_t ec = insp_objection_file(st, &firm, id, body, &e, oid);
	json_decref(body);
	errs_clear(&e);
	return done_or_past(ec) ? 0 : -1;
}

int insp_seed_flows(store_t *st, const json_t *plans)
{
	size_t i;
	const json_t *p;
	json_array_foreach(plans, i, p) if (json_object_get(p, "flow") && run_flow(st, p) != 0)
	{
		log_error("seed: the demo plan %s could not be taken through its flow", S(p, "id"));
		return -1;
	}
	return 0;
}
