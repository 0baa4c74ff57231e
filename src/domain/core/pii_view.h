/* pii_view.h — who sees a person's ID number and phone in the clear in an answer.
 *
 * The person they belong to (the applicant, the account holder) and the staff of the department
 * that handles the case see them whole; everyone else who may read the thing at all — supervisors
 * (督查 oversee, they do not handle), administrators, staff of other departments — sees them masked
 * as base/log.h masks them (3101**********0030, 138****8000). Every view that carries such numbers
 * asks pii_view_clear once and, when the answer is no, masks with pii_view_mask. */
#ifndef ONESTOP_PII_VIEW_H
#define ONESTOP_PII_VIEW_H

#include <jansson.h>
#include <stdbool.h>
#include "domain/core/actor.h"

/* Whether `viewer` sees in the clear the personal numbers of a thing owned by `owner_id` (may be
 * NULL: no owner) and handled by `department` (may be NULL: no department handles it). Handling
 * staff are the clerks, reviewers, approvers, heads and dispatchers of that department; a
 * supervisor or administrator role alone does not handle. */
bool pii_view_clear(const actor_t *viewer, const char *owner_id, const char *department);

/* Masks in place every ID number and mobile in every string of the tree (free text included),
 * by the shape base/log.h's mask_pii describes. Typed fields (a form's id_number and phone
 * fields, an account's own) are masked by their callers first, so that a landline or a 15-digit
 * number in a typed field is masked too. */
void pii_view_mask(json_t *doc);

#endif
