/* policy_case.h — an application for a policy is a case (issue 17, item 7):
 * filed on the policy's 政策兑现 matter with the form filled from the
 * enterprise's shared data (its account and its profile), so the enterprise
 * applies in one step; the department decides it on the workbench like any
 * case, under the statutory clock, and the case hook records the decision on
 * the application in the same transaction. Internal to domain/policies. */
#ifndef ONESTOP_POLICY_CASE_H
#define ONESTOP_POLICY_CASE_H

#include <jansson.h>
#include "base/errs.h"
#include "domain/cases/case.h"
#include "domain/core/actor.h"
#include "store/store.h"

/* The form of an application for policy p (policy_store_get's object) by the enterprise `by`:
 * a new object; NULL on a database error. */
json_t *policy_case_form(dbc_t *c, const actor_t *by, const json_t *p);
/* Files and submits the case inside the writer; its problems go to e (field paths as the case
 * gives them: form.credit_code …). E_OK and id_out, or the error. */
errcode_t policy_case_file(dbc_t *c, const actor_t *by, const json_t *p, errs_t *e, char id_out[CASE_ID_LEN]);

#endif
