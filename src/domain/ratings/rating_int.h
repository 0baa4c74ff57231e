/* rating_int.h — what the rating modules share (internal to domain/ratings). */
#ifndef ONESTOP_RATING_INT_H
#define ONESTOP_RATING_INT_H

#include "domain/ratings/rating.h"
#include "domain/ratings/rating_store.h"

/* The label of a tag of a channel; false when the channel has no such tag. */
bool rating_tag_label(const char *channel, const char *code, const char **zh, const char **en);
/* Appends every problem of a rating for this subject to e. */
void rating_check(dbc_t *c, const rating_subject_t *sub, const rating_input_t *in, errs_t *e);
/* The case's subject when `by` may rate it now (owner_only: by owns the case;
 * else by may see it): E_NOT_FOUND, E_STATE (not completed), E_CONFLICT (rated). */
errcode_t rating_subject_of_case(dbc_t *c, const actor_t *by, const char *case_id, bool owner_only,
				 rating_subject_t *sub, errs_t *e);
/* Records a first rating durably with its audit entry; code_hash: the walk-in
 * code it uses up (NULL from the portal). */
/* rating_write's first round inside the caller's write (no rating code). */
errcode_t rating_write_within(dbc_t *c, const actor_t *by, const rating_subject_t *sub,
			      const rating_input_t *in, const char *via);
errcode_t rating_write(store_t *st, const actor_t *by, const rating_subject_t *sub, const rating_input_t *in,
		       const char *via, const char *code_hash, int round, errs_t *e);
/* Whether the subject's rater may re-rate now: its rectification is fixed and there is no re-rating yet. */
bool rating_rerate_open(dbc_t *c, const char *kind, const char *subject_id);

#endif
