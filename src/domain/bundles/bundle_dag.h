/* bundle_dag.h — the dependencies between a bundle's matters as a graph, and
 * the scheduler over it: which steps may start, which must be cancelled.
 *
 * Nodes are the bundle's matters (0..n-1, in the definition's order); an edge
 * says `to` needs `from`, with a join policy: WAIT (`to` starts once `from`
 * has completed approved) or COMMITMENT (告知承诺制: `to` starts at once on
 * the applicant's signed commitment, and is cancelled if `from` fails).
 * Pure functions over small arrays: no store, no allocation. */
#ifndef ONESTOP_BUNDLE_DAG_H
#define ONESTOP_BUNDLE_DAG_H

#include <stdbool.h>
#include <stddef.h>

#define BUNDLE_MAX_MATTERS 16
#define BUNDLE_MAX_EDGES 64

typedef enum { JOIN_WAIT, JOIN_COMMITMENT } bundle_join_t;

typedef struct {
	int from, to; /* `to` depends on `from` */
	bundle_join_t join;
} bundle_edge_t;

typedef struct {
	int n; /* nodes */
	int nedges;
	bundle_edge_t e[BUNDLE_MAX_EDGES];
} bundle_dag_t;

/* A step's state as the scheduler sees it. */
typedef enum {
	STEP_PENDING,   /* not started: waits for its prerequisites */
	STEP_RUNNING,   /* submitted to its department, undecided */
	STEP_APPROVED,  /* completed approved: its outputs exist */
	STEP_FAILED,    /* denied, refused or withdrawn */
	STEP_CANCELLED, /* never to run: a prerequisite failed */
	STEP_BLOCKED,   /* ready, but its sub-case's submission was refused (the reason is kept) */
} bundle_step_t;

/* Finds a cycle. Returns its length (0: none) and writes its nodes in order
 * into cycle[] (cap entries at most), each depending on the one before it. */
int bundle_dag_cycle(const bundle_dag_t *g, int cycle[], int cap);

/* Whether `a` reaches `b` through edges of every policy (only_wait: false) or
 * through WAIT edges alone (only_wait: true): b depends on a, transitively. */
bool bundle_dag_reaches(const bundle_dag_t *g, int a, int b, bool only_wait);

/* The pending steps that may start now: every WAIT prerequisite approved and
 * no COMMITMENT prerequisite failed or cancelled. Writes them in node order
 * into ready[] and returns how many. */
int bundle_dag_ready(const bundle_dag_t *g, const bundle_step_t st[], int ready[]);

/* After step `failed` failed: marks CANCELLED every step not yet decided
 * (pending, running or blocked) that depends on it, transitively; writes them in
 * node order into out[] and returns how many. st[] is updated. */
int bundle_dag_cascade(const bundle_dag_t *g, bundle_step_t st[], int failed, int out[]);

/* Whether every step has reached a final state (approved, failed, cancelled); a blocked one has not. */
bool bundle_dag_done(const bundle_dag_t *g, const bundle_step_t st[]);

#endif
