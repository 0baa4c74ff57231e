/* wf.h — the one workflow engine: life cycles as data.
 *
 * A machine is its states, its transition rows {from, action, to, who,
 * guard} and one descriptor per action {name, input spec, check, apply} —
 * one descriptor per action, the way a command table holds one entry per
 * command. Cases are a machine (domain/cases/case_flow.c); bundles,
 * complaints, certificates, ratings and inspections will each be one more.
 *
 * The engine answers who may take which action from which state, resolves
 * the target state (WF_SAME stays, WF_PREVIOUS returns to the state saved
 * when the item left it), lists the actions open to a caller, checks a
 * machine's table for consistency, and prints it (docs/workflow.md).
 * Loading and saving the item, and what an action does, are the machine's:
 * the engine calls the descriptor's functions with the machine's own types
 * behind `void *`. */
#ifndef ONESTOP_WF_H
#define ONESTOP_WF_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "base/errs.h"
#include "base/jsonin.h"

#define WF_PREVIOUS "@previous"
#define WF_SAME "@same"
/* The owner of the item acts as this pseudo-role (not an account role). */
#define WF_OWNER (1u << 15)
#define WF_SPEC_MAX 8          /* fields of one action's input, plus JF_END */

typedef struct {
	const char *name, *zh, *en;
	bool final;                /* nothing but reading is left */
} wf_state_t;

typedef struct {
	const char *name;          /* for docs: "not an immediate matter" */
	bool (*holds)(const void *facts);
} wf_guard_t;

/* guard 0 is "no guard"; others index the machine's guard table. */
typedef struct {
	const char *from, *action, *to;
	unsigned who;              /* role bits | WF_OWNER */
	int guard;
} wf_row_t;

typedef struct {
	const char *name;
	/* Describes the action's input: fills spec (at most WF_SPEC_MAX-1 fields
	 * and JF_END) with destinations inside `input`, the machine's input
	 * struct. NULL: the action takes no input. */
	void (*spec)(void *input, jfield_t spec[WF_SPEC_MAX]);
	/* Checks the parsed input against the item before the write (enums,
	 * keys of the item's definition); appends every problem to e. May be NULL. */
	void (*check)(void *ctx, const void *input, errs_t *e);
	/* Applies the action's effects to the loaded item inside the write.
	 * Returns 0, an error code (> 0) or < 0 on a database error. */
	int (*apply)(void *ctx, void *item, const void *input, json_t *note);
	unsigned flags;            /* the machine's own flags */
} wf_action_t;

typedef struct {
	const char *name;          /* "case" */
	const char *title;         /* "Case workflow 办件流程" */
	const char *intro;         /* a paragraph for the docs */
	const wf_state_t *states;
	size_t nstates;
	const wf_row_t *rows;
	size_t nrows;
	const wf_action_t *actions;
	size_t nactions;
	const wf_guard_t *guards;  /* guards[0] is unused ("no guard") */
	size_t nguards;
	/* Optional extra column of the states table in the docs. */
	const char *state_note_title;
	void (*state_note)(const char *state, char *out, size_t n);
	const char *previous_label; /* how the docs name WF_PREVIOUS */
} wf_machine_t;

typedef enum {
	WF_OK,
	WF_NO_SUCH_ACTION,         /* the machine has no such action */
	WF_NEVER_YOURS,            /* the caller may take this action from no state at all */
	WF_NOT_YOURS,              /* rows from this state exist, but not for this caller */
	WF_NOT_NOW,                /* no row from this state */
	WF_GUARD,                  /* the caller's row exists but its guard fails */
} wf_result_t;

const wf_action_t *wf_action(const wf_machine_t *m, const char *name);
const wf_state_t *wf_state(const wf_machine_t *m, const char *name);
/* Finds the row for state+action that `who` may take with its guard holding. */
wf_result_t wf_find(const wf_machine_t *m, const char *state, const char *action, unsigned who,
		    const void *facts, const wf_row_t **row);
/* The state a row leads to from `state` (prev: the saved state for WF_PREVIOUS). */
const char *wf_target(const wf_row_t *row, const char *state, const char *prev);
/* The actions `who` may take now, in the order of the machine's actions: a new JSON array of names. */
json_t *wf_allowed(const wf_machine_t *m, const char *state, unsigned who, const void *facts);
/* The machine's labels, falling back to the state's name. */
const char *wf_state_zh(const wf_machine_t *m, const char *state);
const char *wf_state_en(const wf_machine_t *m, const char *state);
bool wf_is_final(const wf_machine_t *m, const char *state);
/* Checks the tables: every row's states and action exist, guards are in
 * range, no final state has rows out, every action has a descriptor and a
 * row, no two rows for the same from+action share a who bit and a guard.
 * Returns true, or false with the first problem in why. */
bool wf_validate(const wf_machine_t *m, char *why, size_t n);
/* Prints the machine as Markdown (docs/workflow.md holds every machine). */
void wf_print(const wf_machine_t *m, FILE *out);

#endif
