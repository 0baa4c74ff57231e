/* case_act.h — the action descriptors of the case machine (internal to
 * domain/cases/: case_flow.c builds the machine from them). */
#ifndef ONESTOP_CASE_ACT_H
#define ONESTOP_CASE_ACT_H

#include "domain/core/wf.h"

#define CASE_NACTIONS 17
extern const wf_action_t case_actions[CASE_NACTIONS];

#endif
