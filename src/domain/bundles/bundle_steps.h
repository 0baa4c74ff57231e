/* bundle_steps.h — moving a bundle case's steps on (internal to
 * domain/bundles): the graph of a bundle version, and the withdrawal of
 * every undecided step. The case hook itself is in bundle_case.h. */
#ifndef ONESTOP_BUNDLE_STEPS_H
#define ONESTOP_BUNDLE_STEPS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "domain/bundles/bundle_dag.h"
#include "domain/bundles/bundle_store.h"
#include "domain/bundles/bundle_case.h"
#include "domain/core/actor.h"

/* The dependency graph of a served bundle document (matters in order). */
void bundle_graph(const json_t *doc, bundle_dag_t *g);
/* Whether the step of `matter` is the source of a credit_code mapping (the registration). */
bool bundle_issues_credit_code(const json_t *doc, const char *matter);
/* The case hook at the registration's approval (bundle_enterprise.c): the
 * credit code, the enterprise account with the applicant as its legal
 * representative, and every sub-case filed for it from then on. */
int bundle_enterprise_founded(dbc_t *c, const char *bcase, const bundle_step_row_t *me,
			      const json_t *form, const json_t *matter, const char *region, const actor_t *by,
			      int64_t now);
/* Inside a write: submits every blocked step again (the applicant put its
 * draft right); those still refused stay blocked with the new reason. */
int bundle_steps_retry(dbc_t *c, const actor_t *by, const bundle_case_row_t *b, int *started, int *blocked);
/* Inside a write: withdraws every sub-case not yet decided, marks the bundle
 * withdrawn (or leaves it to finish the steps already decided). */
int bundle_steps_withdraw(dbc_t *c, const actor_t *by, const bundle_case_row_t *b, const char *reason);

#endif
