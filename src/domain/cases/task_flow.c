/* task_flow.c — the transition table of tasks (see task_flow.h); the
 * descriptors of its actions are in task.c. */
#include "domain/cases/task_flow.h"
#include "domain/core/actor.h"

static const wf_row_t ROWS[] = {
	/* from       action     to         who        guard */
	{"open",     "claim",   "claimed", TASK_STAFF, 0},
	{"open",     "assign",  "claimed", TASK_STAFF, 0},
	{"claimed",  "claim",   "claimed", TASK_STAFF, 0},
	{"claimed",  "release", "open",    TASK_STAFF, 0},
	{"claimed",  "assign",  "claimed", TASK_STAFF, 0},
};

static const wf_state_t STATES[] = {
	{"open", "待认领", "Open", false},
	{"claimed", "已认领", "Claimed", false},
	{"done", "已完成", "Done", true},
	{"cancelled", "已取消", "Cancelled", true},
};

const wf_machine_t task_machine = {
    .name = "task",
    .title = "Task workflow 任务流转",
    .intro =
	"A task in a department's queue (`POST /api/v1/tasks/{id}/{action}`). A task is opened and closed "
	"by its case's state; staff claim, release and assign it. Claiming needs the task's role (or the "
	"head); "
	"a task held by a colleague is theirs until released or reassigned; assigning is for the head or the "
	"holder, to a colleague with the task's role.",
    .states = STATES,
    .nstates = sizeof STATES / sizeof STATES[0],
    .rows = ROWS,
    .nrows = sizeof ROWS / sizeof ROWS[0],
    .actions = task_actions,
    .nactions = TASK_NACTIONS,
};
