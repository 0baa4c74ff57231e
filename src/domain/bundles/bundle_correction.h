/* bundle_correction.h — one correction notice across a bundle's departments
 * (一次性告知), answered once (bundle_correction.c). */
#ifndef ONESTOP_BUNDLE_CORRECTION_H
#define ONESTOP_BUNDLE_CORRECTION_H

#include <jansson.h>
#include <stdbool.h>
#include "domain/bundles/bundle_store.h"
#include "domain/cases/case.h"
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "base/errs.h"
#include "store/store.h"

/* {"departments": [{department, department_name, matter, matter_name,
 * case_id, requested_at, round, items: [{kind, key, reason}]}], "answer":
 * {"form": [merged keys], "materials": [keys]}} — every step waiting for a
 * correction, its items under the keys the applicant answers; NULL when no
 * step waits for one. briefs[i] is steps[i]'s case (case_brief; status "" when absent). */
json_t *bundle_correction_json(const json_t *doc, const bundle_step_row_t *steps, const case_brief_t *briefs,
			       int n);

/* The applicant's one answer ({merged key: value}, [{"key", "file"|"files"}]),
 * If-Match on the bundle case: every step waiting for a correction is
 * resubmitted with the answers its department asked for, in one
 * transaction. E_STATE when no step waits for one; E_VALIDATION (errs, each
 * a step's problem as "<matter>.<field>", or an answer nobody asked for);
 * E_NOT_FOUND, E_STALE. Nothing changes unless every step takes its share. */
errcode_t bundle_correction_answer(store_t *st, const actor_t *by, const char *id, int64_t if_version,
				   const json_t *form, const json_t *materials, errs_t *errs);

/* What the bundle case saved (bundle_savings.c): {visits, visits_sum,
 * fields, fields_sum, uploads, uploads_sum, uploads_avoided, promised_days,
 * promised_days_sum, days_taken} — days_taken in working days from the
 * first filing to the last decision once the bundle has `ended`, else null. */
json_t *bundle_savings_json(dbc_t *c, const json_t *doc, const case_brief_t *briefs, int n, bool ended);

#endif
