/* bundle_case.h — applying for a bundle (一件事办件) and following it.
 *
 * One application files the bundle case and one sub-case per matter in one
 * transaction: the steps whose prerequisites are met are submitted to their
 * departments at once, in parallel; the others wait as drafts. A case hook
 * (bundle_case_changed, in registry.c's CASE_HOOKS) follows every sub-case:
 * a step completed approved starts the steps now ready (bundle_dag.h), with
 * the mapped outputs filled in — the registration issues the 统一社会信用代码
 * (GB 32100, check character correct) that fills DE.enterprise.credit_code
 * of the dependants; a step denied, refused or withdrawn cancels its
 * dependants with the reason (their sub-cases are withdrawn). The bundle
 * ends completed when every step completed approved, partially_completed
 * otherwise; withdrawing it withdraws every sub-case not yet decided. */
#ifndef ONESTOP_BUNDLE_CASE_H
#define ONESTOP_BUNDLE_CASE_H

#include <jansson.h>
#include <stdbool.h>
#include "domain/cases/case_hooks.h"
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "base/errs.h"
#include "store/store.h"

#define BUNDLE_CASE_ID_LEN 40

typedef struct {
	const char *channel;      /* "online" or "mobile"; "window": a clerk files for a walk-in;
				   * "assisted": a clerk files for a person an agent acts for */
	json_t *form, *materials; /* the merged form's answers; [{"key", "file"}] (borrowed) */
	json_t *applicant;        /* at a window, {"id_number"} of the registered person (borrowed) */
	json_t *agent;            /* assisted (帮办代办): the agent, as for a case (borrowed) */
	bool submit;              /* false: every sub-case a draft */
	const char *idem_key;     /* may be NULL */
	const char *raw;          /* the request body: a replay must match it */
	size_t raw_len;
} bundle_apply_t;

/* Files a bundle case. Every problem at once (E_VALIDATION); nothing written
 * then. *replayed when an earlier request with the same key made it. */
errcode_t bundle_apply(store_t *st, const actor_t *by, const char *code, const bundle_apply_t *in,
		       errs_t *errs, char id_out[BUNDLE_CASE_ID_LEN], bool *replayed);

/* bundle_apply inside a write the caller runs (the synthetic seeder), at clock_now_ms(). */
errcode_t bundle_apply_within(dbc_t *c, const actor_t *by, const char *code, const bundle_apply_t *in,
			      errs_t *e, char id_out[BUNDLE_CASE_ID_LEN]);

/* Withdraws the bundle (its applicant, If-Match): every sub-case not yet decided. */
errcode_t bundle_case_withdraw(store_t *st, const actor_t *by, const char *id, int64_t if_version,
			       const char *reason);

/* Submits the bundle's blocked steps again (its applicant, If-Match), once the
 * applicant has put their drafts right (PUT /api/v1/cases/{id}). E_STATE when
 * no step is blocked or the bundle has ended; *still_blocked: how many
 * remain blocked (with their new reasons). */
errcode_t bundle_case_retry(store_t *st, const actor_t *by, const char *id, int64_t if_version,
			    int *still_blocked);

/* The bundle case as `viewer` may see it: its applicant and supervisors all
 * of it; staff of a department that has a step, the bundle and which steps
 * are theirs (their own sub-cases' ids and states only). NULL: not theirs
 * to see, or absent (E_NOT_FOUND either way). */
json_t *bundle_case_json(dbc_t *c, const char *id, const actor_t *viewer);

/* The bundle a case is a step of, as the case view shows it to whoever may
 * see the case: {id, bundle, name {zh, en}, state (the step's), waiting:
 * [{matter, name, join}]} — the steps that depend on this one directly and
 * have not started. NULL when the case is no bundle's step. */
json_t *bundle_of_case(dbc_t *c, const char *case_id);

/* The case hook (case_hooks.h). */
int bundle_case_changed(const case_change_t *ch);

/* A new 统一社会信用代码 of an enterprise registered in `region` (6 digits):
 * 9 (工商), 1 (企业), the region, a 9-character organisation code with its
 * GB 11714 check character, and the GB 32100 check character. */
void bundle_new_credit_code(const char *region, char out[19]);

#endif
