/* inspection_flow.c — the transition table of inspection plans (see
 * inspection.h); the descriptors of its actions are in inspection.c. */
#include "domain/inspections/inspection.h"

static const wf_row_t ROWS[] = {
    /* from          action     to            who              guard */
    {"draft", "commit", "committed", ROLE_SUPERVISOR, 0},
    {"committed", "draw", "drawn", ROLE_SUPERVISOR, 0},
    {"drawn", "reveal", "revealed", ROLE_SUPERVISOR, 0},
    {"revealed", "start", "inspecting", ROLE_SUPERVISOR, 0},
    {"inspecting", "publish", "published", ROLE_SUPERVISOR, 0},
};

static const wf_state_t STATES[] = {
    {"draft", "草稿", "Draft", false},
    {"committed", "已承诺种子", "Seed committed", false},
    {"drawn", "已抽取", "Drawn", false},
    {"revealed", "已公开种子", "Seed revealed", false},
    {"inspecting", "检查中", "Inspecting", false},
    {"published", "结果已公示", "Results published", true},
};

const wf_machine_t inspection_machine = {
    .name = "inspection",
    .title = "Inspection plan workflow 双随机抽查计划",
    .intro =
	"A plan of random inspections (`POST /api/v1/inspection-plans/{id}/actions/{action}`). Committing "
	"freezes the registers under pseudonyms and publishes the SHA-256 of a secret seed and of the "
	"registers; the draw mixes in a public value entered afterwards (refused, naming the target and "
	"department, when recusal leaves too few inspectors); revealing publishes the seed so anyone can "
	"recompute the draw (`onestop inspection-verify`); there is no way back to draw again — a new plan "
	"is needed. The drawn inspectors record findings while inspecting; publishing puts the results "
	"on the public page without personal data.",
    .states = STATES,
    .nstates = sizeof STATES / sizeof STATES[0],
    .rows = ROWS,
    .nrows = sizeof ROWS / sizeof ROWS[0],
    .actions = insp_actions,
    .nactions = INSP_NACTIONS,
};
