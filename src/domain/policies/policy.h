/* policy.h — 惠企政策: policies that find the enterprises they are for.
 *
 * A department head defines a policy of their department (its text, period,
 * benefit and eligibility as a decision table, decision.h); publishing it
 * matches every enterprise profile, records each match with its explanation,
 * tells the enterprise in its in-app messages, and where the policy is
 * 免申即享 grants the benefit at once, without an application. An enterprise
 * sees the policies it matches, the largest benefit first, and applies to one
 * that needs an application; applying to a policy already granted is refused. */
#ifndef ONESTOP_POLICY_H
#define ONESTOP_POLICY_H

#include <jansson.h>
#include "base/errs.h"
#include "base/page.h"
#include "domain/cases/case_hooks.h"
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "store/store.h"

/* A draft from {title, text, period_start, period_end, benefit, auto_grant, eligibility, matter} and
 * the English forms title_en, text_en, benefit_en (optional); id_out has 33. `matter` is the 政策兑现
 * matter of the caller's department that applications are filed under: required unless the policy
 * is 免申即享 (then refused: nobody applies). */
errcode_t policy_create(store_t *st, const actor_t *by, const json_t *body, errs_t *e, char *id_out);
/* Publishes a draft of the caller's department and matches it (if_version 0: any); *matched and
 * *granted count the enterprises found and the benefits granted without an application. */
errcode_t policy_publish(store_t *st, const actor_t *by, const char *id, int64_t if_version, int *matched,
			 int *granted);
/* An enterprise applies in one step: a case of the policy's 政策兑现 matter is filed and submitted
 * with the form filled from the enterprise's account and profile (policy_case.h), and the
 * application records it (case_id has CASE_ID_LEN). E_CONFLICT: granted already (免申即享) or
 * applied already; E_VALIDATION: it does not match the policy, or the case's form does not hold
 * (the problems in e); E_STATE: the policy takes no applications; E_NOT_FOUND: not published. */
errcode_t policy_apply(store_t *st, const actor_t *by, const char *id, errs_t *e, char *case_id);
/* The case hook (registry.c's CASE_HOOKS): the decision on a policy's application case is the
 * application's — approved: granted (and the benefit recorded as a grant by application); denied
 * or not accepted: refused with the reason; withdrawn: withdrawn. In the case's transaction. */
int policy_case_hook(const case_change_t *ch);

json_t *policy_get(dbc_t *c, const char *id);         /* NULL when unknown */
json_t *policy_list_published(dbc_t *c);              /* {items: [...]} */
/* A department's policies, drafts first (for its staff): {items: [...]}. */
json_t *policy_list_department(dbc_t *c, const char *department);
json_t *policy_for_me(dbc_t *c, const char *account); /* {items: [...]}, the largest benefit first */

/* An enterprise's profile changed (called inside the writer that changed it): every published
 * policy still in force is evaluated on the new profile. A new match is recorded with its
 * explanation, told to the enterprise once in its messages and, for a 免申即享 policy, granted;
 * a match that still holds is brought up to date silently; a match that no longer holds is
 * dropped unless it was granted or applied for (those are records). 0, or -1. */
int policy_rematch_account(dbc_t *c, const actor_t *by, const char *account, int64_t now);
/* The matches of a policy for its department's staff, a page of limit (page.h) below cur:
 * {items: [{account, name, amount, matched_rows, granted, applied}], next_cursor, total}, the largest
 * benefit first; NULL when the policy is unknown. */
json_t *policy_matches(dbc_t *c, const char *id, int limit, const page_cursor_t *cur);

/* The demo's policies (data/demo/policies.json), published; idempotent. */
int policy_seed_demo(store_t *st);

#endif
