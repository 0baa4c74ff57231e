/* bundle_dag.c — unit tests of domain/bundles/bundle_dag.c: cycles, the
 * ready set (wait and commitment joins) and the cancellation cascade, on the
 * 开办餐饮店 graph and small ones written out by hand.
 *
 * The restaurant: 0 registration; 1 food licence needs 0 (wait) and 2 (on
 * commitment); 2 fire check, 3 seal, 4 tax need 0 (wait). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/bundles/bundle_dag.h"

#define P STEP_PENDING
#define R STEP_RUNNING
#define A STEP_APPROVED
#define F STEP_FAILED
#define C STEP_CANCELLED

static bundle_dag_t restaurant(void)
{
	bundle_dag_t g = {.n = 5,
			  .nedges = 5,
			  .e = {{0, 1, JOIN_WAIT},
				{0, 2, JOIN_WAIT},
				{0, 3, JOIN_WAIT},
				{0, 4, JOIN_WAIT},
				{2, 1, JOIN_COMMITMENT}}};
	return g;
}

/* Ready sets as data: the states of the five steps, the steps that may start. */
static const struct {
	bundle_step_t st[5];
	int ready[5], n;
} READY[] = {
    {{P, P, P, P, P}, {0}, 1},          /* only the registration at first */
    {{R, P, P, P, P}, {0}, 0},          /* nothing while it runs */
    {{A, P, P, P, P}, {1, 2, 3, 4}, 4}, /* approved: all four at once, food on commitment */
    {{A, P, R, P, P}, {1, 3, 4}, 3},    /* the fire check running does not hold the food licence */
    {{A, P, F, P, P}, {3, 4}, 2},       /* a failed fire check: no food licence on its commitment */
    {{A, P, C, P, P}, {3, 4}, 2},       {{F, P, P, P, P}, {0}, 0}, /* a failed registration starts nothing */
    {{A, A, A, A, A}, {0}, 0},
};

static void test_ready_sets(void **state)
{
	(void)state;
	bundle_dag_t g = restaurant();
	for (size_t i = 0; i < sizeof READY / sizeof READY[0]; i++) {
		int ready[5];
		int n = bundle_dag_ready(&g, READY[i].st, ready);
		assert_int_equal(n, READY[i].n);
		assert_memory_equal(ready, READY[i].ready, (size_t)n * sizeof(int));
	}
}

static void test_cascade(void **state)
{
	(void)state;
	bundle_dag_t g = restaurant();
	/* the registration refused: every other step is cancelled */
	bundle_step_t st[5] = {F, P, P, P, P};
	int out[5];
	assert_int_equal(bundle_dag_cascade(&g, st, 0, out), 4);
	for (int v = 1; v < 5; v++)
		assert_int_equal(st[v], C);
	/* the fire check denied: the food licence running on its commitment is
	 * cancelled; seal and tax, independent of it, go on */
	bundle_step_t st2[5] = {A, R, F, R, A};
	assert_int_equal(bundle_dag_cascade(&g, st2, 2, out), 1);
	assert_int_equal(out[0], 1);
	bundle_step_t want[5] = {A, C, F, R, A};
	assert_memory_equal(st2, want, sizeof want);
	assert_true(!bundle_dag_done(&g, st2));
	st2[3] = A;
	assert_true(bundle_dag_done(&g, st2));
	/* transitively: 0 -> 1 -> 2, 2 decided already stays as it is */
	bundle_dag_t chain = {
	    .n = 4, .nedges = 3, .e = {{0, 1, JOIN_WAIT}, {1, 2, JOIN_COMMITMENT}, {2, 3, JOIN_WAIT}}};
	bundle_step_t st3[4] = {F, P, P, A};
	assert_int_equal(bundle_dag_cascade(&chain, st3, 0, out), 2);
	bundle_step_t want3[4] = {F, C, C, A};
	assert_memory_equal(st3, want3, sizeof want3);
	/* a blocked step (its submission refused) is not decided: the bundle is not done, it is not
	 * started again, and a failed prerequisite cancels it like any undecided step */
	bundle_step_t st4[5] = {A, R, A, STEP_BLOCKED, A};
	assert_true(!bundle_dag_done(&g, st4));
	int ready[5];
	assert_int_equal(bundle_dag_ready(&g, st4, ready), 0);
	bundle_step_t st5[5] = {F, STEP_BLOCKED, P, STEP_BLOCKED, P};
	assert_int_equal(bundle_dag_cascade(&g, st5, 0, out), 4);
	assert_int_equal(st5[1], C);
	assert_int_equal(st5[3], C);
}

static void test_cycles(void **state)
{
	(void)state;
	int cyc[16];
	bundle_dag_t g = restaurant();
	assert_int_equal(bundle_dag_cycle(&g, cyc, 16), 0);
	bundle_dag_t self = {.n = 2, .nedges = 1, .e = {{1, 1, JOIN_WAIT}}};
	assert_int_equal(bundle_dag_cycle(&self, cyc, 16), 1);
	assert_int_equal(cyc[0], 1);
	/* 0 -> 1 -> 2 -> 0 beside an innocent 3 */
	bundle_dag_t tri = {
	    .n = 4,
	    .nedges = 4,
	    .e = {{3, 0, JOIN_WAIT}, {0, 1, JOIN_WAIT}, {1, 2, JOIN_COMMITMENT}, {2, 0, JOIN_WAIT}}};
	int n = bundle_dag_cycle(&tri, cyc, 16);
	assert_int_equal(n, 3);
	/* each node of the cycle has an edge to the next */
	for (int i = 0; i < n; i++) {
		bool edge = false;
		for (int k = 0; k < tri.nedges; k++)
			edge |= tri.e[k].from == cyc[i] && tri.e[k].to == cyc[(i + 1) % n];
		assert_true(edge);
	}
	/* a diamond is no cycle */
	bundle_dag_t dia = {
	    .n = 4,
	    .nedges = 4,
	    .e = {{0, 1, JOIN_WAIT}, {0, 2, JOIN_WAIT}, {1, 3, JOIN_WAIT}, {2, 3, JOIN_WAIT}}};
	assert_int_equal(bundle_dag_cycle(&dia, cyc, 16), 0);
}

static void test_reaches(void **state)
{
	(void)state;
	bundle_dag_t g = restaurant();
	assert_true(bundle_dag_reaches(&g, 0, 1, true));
	assert_true(bundle_dag_reaches(&g, 2, 1, false));
	assert_false(bundle_dag_reaches(&g, 2, 1, true)); /* only on commitment */
	assert_false(bundle_dag_reaches(&g, 1, 0, false));
	bundle_dag_t chain = {.n = 3, .nedges = 2, .e = {{0, 1, JOIN_WAIT}, {1, 2, JOIN_WAIT}}};
	assert_true(bundle_dag_reaches(&chain, 0, 2, true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ready_sets),
	    cmocka_unit_test(test_cascade),
	    cmocka_unit_test(test_cycles),
	    cmocka_unit_test(test_reaches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
