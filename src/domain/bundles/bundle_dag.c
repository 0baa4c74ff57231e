/* bundle_dag.c — cycles, ready sets and cancellation over a bundle's
 * dependency graph (see bundle_dag.h). Graphs are at most 16 nodes, so plain
 * scans over the edge list are clearer than adjacency structures. */
#include "domain/bundles/bundle_dag.h"
#include <string.h>

/* Depth-first search colouring: 0 unseen, 1 on the path, 2 finished. */
static int dfs(const bundle_dag_t *g, int v, int colour[], int parent[], int *start, int *end)
{
	colour[v] = 1;
	for (int i = 0; i < g->nedges; i++) {
		if (g->e[i].from != v)
			continue;
		int w = g->e[i].to;
		if (colour[w] == 1) {
			*start = w;
			*end = v;
			return 1;
		}
		if (colour[w] == 0) {
			parent[w] = v;
			if (dfs(g, w, colour, parent, start, end))
				return 1;
		}
	}
	colour[v] = 2;
	return 0;
}

int bundle_dag_cycle(const bundle_dag_t *g, int cycle[], int cap)
{
	int colour[BUNDLE_MAX_MATTERS] = {0}, parent[BUNDLE_MAX_MATTERS];
	for (int v = 0; v < g->n; v++) {
		int start = -1, end = -1;
		if (colour[v] || !dfs(g, v, colour, parent, &start, &end))
			continue;
		/* the path start -> ... -> end, then the edge end -> start closes it */
		int rev[BUNDLE_MAX_MATTERS], k = 0;
		for (int x = end; k < BUNDLE_MAX_MATTERS; x = parent[x]) {
			rev[k++] = x;
			if (x == start)
				break;
		}
		int n = 0;
		for (int i = k - 1; i >= 0 && n < cap; i--)
			cycle[n++] = rev[i];
		return k;
	}
	return 0;
}

bool bundle_dag_reaches(const bundle_dag_t *g, int a, int b, bool only_wait)
{
	bool seen[BUNDLE_MAX_MATTERS] = {false};
	int stack[BUNDLE_MAX_MATTERS], sp = 0;
	stack[sp++] = a;
	seen[a] = true;
	while (sp) {
		int v = stack[--sp];
		for (int i = 0; i < g->nedges; i++) {
			const bundle_edge_t *e = &g->e[i];
			if (e->from != v || seen[e->to] || (only_wait && e->join != JOIN_WAIT))
				continue;
			if (e->to == b)
				return true;
			seen[e->to] = true;
			stack[sp++] = e->to;
		}
	}
	return false;
}

int bundle_dag_ready(const bundle_dag_t *g, const bundle_step_t st[], int ready[])
{
	int n = 0;
	for (int v = 0; v < g->n; v++) {
		if (st[v] != STEP_PENDING)
			continue;
		bool ok = true;
		for (int i = 0; i < g->nedges && ok; i++) {
			const bundle_edge_t *e = &g->e[i];
			if (e->to != v)
				continue;
			bundle_step_t p = st[e->from];
			ok = e->join == JOIN_WAIT ? p == STEP_APPROVED
						  : p != STEP_FAILED && p != STEP_CANCELLED;
		}
		if (ok)
			ready[n++] = v;
	}
	return n;
}

int bundle_dag_cascade(const bundle_dag_t *g, bundle_step_t st[], int failed, int out[])
{
	bool hit[BUNDLE_MAX_MATTERS] = {false};
	for (int v = 0; v < g->n; v++)
		if (v != failed &&
		    (st[v] == STEP_PENDING || st[v] == STEP_RUNNING || st[v] == STEP_BLOCKED) &&
		    bundle_dag_reaches(g, failed, v, false))
			hit[v] = true;
	int n = 0;
	for (int v = 0; v < g->n; v++)
		if (hit[v]) {
			st[v] = STEP_CANCELLED;
			out[n++] = v;
		}
	return n;
}

bool bundle_dag_done(const bundle_dag_t *g, const bundle_step_t st[])
{
	for (int v = 0; v < g->n; v++)
		if (st[v] == STEP_PENDING || st[v] == STEP_RUNNING || st[v] == STEP_BLOCKED)
			return false;
	return true;
}
