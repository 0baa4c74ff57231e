/* policy_match.h — one policy evaluated on one enterprise's profile, inside
 * the writer: a new match is recorded, told once and (免申即享) granted; a
 * match that holds still is updated silently; one that no longer holds is
 * dropped unless granted or applied for. Used on publication and by
 * policy_rematch_account (policy.h). */
#ifndef ONESTOP_POLICY_MATCH_H
#define ONESTOP_POLICY_MATCH_H

#include <jansson.h>
#include "store/store.h"

/* p is a policy as policy_store_get gives it, firm a profile as policy_store_enterprises gives it.
 * Adds 1 to *matched for a new match and to *granted for a new grant. 0, or -1. */
int policy_match_firm(dbc_t *c, const json_t *p, const json_t *firm, int64_t now, int *matched, int *granted);

#endif
