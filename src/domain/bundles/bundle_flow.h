/* bundle_flow.h — the life cycle of a bundle case as a machine of the
 * workflow engine (printed in docs/workflow.md). Its steps are sub-cases,
 * each on the case machine; this machine says how the bundle as a whole
 * ends. */
#ifndef ONESTOP_BUNDLE_FLOW_H
#define ONESTOP_BUNDLE_FLOW_H

#include <stdbool.h>
#include "domain/core/wf.h"

/* What the guards read. */
typedef struct {
	bool all_decided;  /* every step approved, failed or cancelled */
	bool all_approved; /* every step completed approved */
} bundle_facts_t;

extern const wf_machine_t bundle_machine;

#endif
