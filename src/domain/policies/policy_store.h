/* policy_store.h — all of the policies' SQL. It reads the enterprise
 * profiles of domain/inspections (the one register of enterprise attributes)
 * but writes only its own tables. */
#ifndef ONESTOP_POLICY_STORE_H
#define ONESTOP_POLICY_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "base/page.h"
#include "store/store.h"

int policy_store_insert(dbc_t *c, const char *id, const json_t *p, const char *issuer, const char *by,
			int64_t now);
/* The policy as an object {id, title, text, title_en, text_en, benefit_en, issuer, period_start,
 * period_end, benefit, auto_grant, eligibility, state, version, published_at, matter (null when the
 * policy takes no applications)}; NULL when unknown. */
json_t *policy_store_get(dbc_t *c, const char *id);
/* draft → published at version; DB_DONE, DB_CONSTRAINT when the row moved on. */
int policy_store_publish(dbc_t *c, const char *id, int64_t version, int64_t now);
/* [{account, industry, size, district, tax_credit, employees, founded}] of active enterprises. */
json_t *policy_store_enterprises(dbc_t *c);
/* The profile of one active enterprise as above; NULL when it has none or is not active. */
json_t *policy_store_enterprise(dbc_t *c, const char *account);
/* Published policies whose period has not ended before `today` (YYYY-MM-DD), as objects like
 * policy_store_get's (a new array). */
json_t *policy_store_in_force(dbc_t *c, const char *today);
/* Updates a match that holds still (benefit and explanation). */
int policy_store_match_update(dbc_t *c, const char *policy, const char *account, int64_t benefit,
			      const json_t *expl);
/* Drops a match that no longer holds, unless the benefit was granted or applied for. */
int policy_store_unmatch(dbc_t *c, const char *policy, const char *account);
/* [{account, name, amount, matched_rows, granted, applied, application: {status, case, case_number} or
 * null}] of a policy, largest benefit first. */
/* A page of the policy's matches, the largest benefit first, below cur when it is set; fills page. */
json_t *policy_store_matches(dbc_t *c, const char *policy, const page_cursor_t *cur, page_t *page);
/* How many enterprises the policy matches. */
int64_t policy_store_match_count(dbc_t *c, const char *policy);
int policy_store_match(dbc_t *c, const char *policy, const char *account, int64_t benefit, const json_t *expl,
		       int64_t now);
int policy_store_grant(dbc_t *c, const char *policy, const char *account, int64_t benefit, const char *how,
		       int64_t now);
bool policy_store_granted(dbc_t *c, const char *policy, const char *account);
bool policy_store_matched(dbc_t *c, const char *policy, const char *account);
bool policy_store_applied(dbc_t *c, const char *policy, const char *account);
/* An application, filed as the case case_id. */
int policy_store_apply(dbc_t *c, const char *policy, const char *account, const char *case_id, int64_t now);
/* The application filed as a case; false when the case is no policy's. */
bool policy_store_application_of_case(dbc_t *c, const char *case_id, char policy[33], char account[40],
				      char status[16]);
/* applied → status (granted, refused, withdrawn) with the reason; DB_CONSTRAINT when it was decided. */
int policy_store_decide(dbc_t *c, const char *case_id, const char *status, const char *reason, int64_t now);
/* The benefit a policy's match gives the account (fen); -1 when it does not match. */
int64_t policy_store_match_benefit(dbc_t *c, const char *policy, const char *account);
/* The rows a match met, as decision_eval explained them (a new array, empty when none). */
json_t *policy_store_match_explanation(dbc_t *c, const char *policy, const char *account);
/* The policies of a department, drafts first, then the newest (a new array). */
json_t *policy_store_of_department(dbc_t *c, const char *department);
/* The account's matched policies, the largest benefit first (a new array). */
json_t *policy_store_for_account(dbc_t *c, const char *account);
/* Published policies, newest first (a new array). */
json_t *policy_store_published(dbc_t *c, int limit);

#endif
