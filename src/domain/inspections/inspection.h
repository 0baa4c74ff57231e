/* inspection.h — 双随机一公开: the registers, plans and their life cycle,
 * the draw on the real registers, findings and the public results.
 *
 * A plan's life cycle is a machine of the workflow engine (inspection_flow.c):
 * draft → committed (registers frozen, seed committed) → drawn (public value
 * mixed in, draw.h) → revealed (seed and pseudonymous registers public) →
 * inspecting (drawn inspectors record findings) → published (results public,
 * without personal data). Inspectors are the staff accounts listed in the
 * inspector register — no role bit; plans are the supervisors' work. */
#ifndef ONESTOP_INSPECTION_H
#define ONESTOP_INSPECTION_H

#include <jansson.h>
#include "base/errs.h"
#include "base/page.h"
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "domain/core/wf.h"
#include "store/store.h"

#define INSP_NACTIONS 5
extern const wf_action_t insp_actions[INSP_NACTIONS];
extern const wf_machine_t inspection_machine;

/* An inspection item of the caller's department (its head): code, title, legal_basis and their
 * optional English forms title_en, legal_basis_en (its department is the caller's). */
typedef struct {
	const char *code, *department, *title, *legal_basis, *title_en, *legal_basis_en;
} insp_item_t;
errcode_t insp_item_put(store_t *st, const actor_t *by, const insp_item_t *item, errs_t *e);
/* Every inspection item, for planning: {items: [{code, department, title, legal_basis, title_en,
 * legal_basis_en}]} (a new object). */
json_t *insp_item_list(dbc_t *c);
/* The enterprise profile of an enterprise account: industry, district, street, risk (high medium
 * low), size, founded (YYYY-MM-DD), tax_credit (A B M C D), employees. */
errcode_t insp_profile_put(store_t *st, const actor_t *by, const char *account, const json_t *body,
			   errs_t *e);
/* What follows a change of an enterprise's profile, in the same transaction: the published
 * policies are matched to it again (domain/policies). Answered by domain/registry.c, so this
 * subsystem never includes the policies; 0, or an errcode_t / -1 that rolls the change back. */
int domain_enterprise_changed(dbc_t *c, const actor_t *by, const char *account, int64_t now);
/* Lists a staff member of the caller's department (its head) in the inspector register. */
errcode_t insp_inspector_put(store_t *st, const actor_t *by, const char *account, const json_t *body,
			     errs_t *e);
/* A draft plan from its body {title, title_en (optional), items, filter, ratios, inspectors_per_target,
 * period_start, period_end}; id_out has 33 bytes. */
errcode_t insp_plan_create(store_t *st, const actor_t *by, const json_t *body, errs_t *e, char *id_out);
/* Takes `action` on the plan (if_version 0: any). E_STATE leaves the plan's state in state_out
 * (16 bytes); a draw refused for too few inspectors is E_VALIDATION with the field "inspectors". */
errcode_t insp_plan_act(store_t *st, const actor_t *by, const char *id, const char *action,
			const json_t *body, int64_t if_version, errs_t *e, char *state_out);
/* A finding of a drawn inspector on a target drawn for them: {target (pseudonym), item, result
 * (compliant non_compliant not_found), note, correction_deadline (责令改正, YYYY-MM-DD)}. E_FORBIDDEN
 * when the caller was not drawn for that target. */
errcode_t insp_finding_record(store_t *st, const actor_t *by, const char *plan, const json_t *body,
			      errs_t *e);

/* A page of the plans, newest first, for the workbench: {items: [{id, title, state, state_zh,
 * period_start, period_end, publish_due, overdue}], next_cursor} (a new object; page.h). */
json_t *insp_plan_list(dbc_t *c, int limit, const page_cursor_t *cur);
/* The plan for the workbench (a new object), NULL when unknown. */
json_t *insp_plan_view(dbc_t *c, const char *id, const actor_t *viewer);
/* The target register with each firm's complaints of the last 365 days and past non-compliant
 * findings, for planning (supervisors): {"since": ms, "items": [...]} (a new object). */
json_t *insp_register_view(dbc_t *c);
/* A page of published results, the latest published first, without personal data (a new object
 * {items: [...], next_cursor}; page.h). */
json_t *insp_public_list(dbc_t *c, int limit, const page_cursor_t *cur);
/* The draw record of draw.h once the seed is revealed (a new object); NULL otherwise. */
json_t *insp_public_draw(dbc_t *c, const char *id);

/* The demo's registers and joint plan (data/demo/inspections.json); idempotent. */
int insp_seed_demo(store_t *st);
/* The demo plans with a "flow" {upto: commit|draw|reveal|start|publish, public_value, findings:
 * [{target (username), item, result, note, correction_deadline}], objection: {by (username),
 * reason}} taken that far through their actions (inspection_seed_flow.c); idempotent. */
int insp_seed_flows(store_t *st, const json_t *plans);

#endif
