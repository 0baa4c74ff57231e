/* task_flow.h — the life cycle of a task in the department's queue, as a
 * machine of the workflow engine: open → claimed (claim, assign), claimed →
 * open (release), claimed → claimed (assign to a colleague, or claim again by
 * its holder). A task is done when its case moves on (case_store.c), never
 * by an action here. The finer rules — the task's role, who holds it, heads
 * may reassign — are the descriptors' checks in task.c. */
#ifndef ONESTOP_TASK_FLOW_H
#define ONESTOP_TASK_FLOW_H

#include "domain/core/actor.h"
#include "domain/core/wf.h"

/* Who works a queue: the department's clerks, reviewers, approvers and its head. */
#define TASK_STAFF (ROLE_WINDOW_CLERK | ROLE_REVIEWER | ROLE_APPROVER | ROLE_DEPT_HEAD)
#define TASK_NACTIONS 3
extern const wf_action_t task_actions[TASK_NACTIONS];
extern const wf_machine_t task_machine;

#endif
