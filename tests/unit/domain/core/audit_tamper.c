/* audit_tamper.c (test) — the audit hash covers the actor's department: an
 * entry whose actor_dept alone is changed behind the chain's back (given,
 * changed or blanked) is named as altered by audit_verify, and so is one
 * whose department was empty and is filled in. A careless change that leaves
 * the department out of the hashed text fails here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "unit/tempstore.h"

#include "domain/core/audit.h"
#include "store/store.h"

/* Entry 1 by an applicant (no department), 2 and 3 by staff of amr and health. */
static const struct {
	const char *actor, *dept;
	unsigned roles;
} WHO[] = {
	{"a1", "", ROLE_PERSON},
	{"s1", "amr", ROLE_WINDOW_CLERK},
	{"s2", "health", ROLE_REVIEWER},
};
#define N_WHO (sizeof WHO / sizeof WHO[0])

static int append_all(dbc_t *c, void *arg)
{
	(void)arg;
	for (size_t i = 0; i < N_WHO; i++) {
		actor_t a = {0};
		snprintf(a.id, sizeof a.id, "%s", WHO[i].actor);
		snprintf(a.department, sizeof a.department, "%s", WHO[i].dept);
		snprintf(a.request_id, sizeof a.request_id, "req-%zu", i + 1);
		a.roles = WHO[i].roles;
		if (audit_append(c, &a, "case.accept", "case", "c1", (int64_t)i + 1, (int64_t)i + 2, NULL) != 0)
			return -1;
	}
	return 0;
}

static const struct {
	const char *what, *sql;
	int64_t broken;
} TAMPER[] = {
	{"a department changed", "UPDATE audit_log SET actor_dept = 'health' WHERE seq = 2", 2},
	{"a department blanked", "UPDATE audit_log SET actor_dept = '' WHERE seq = 3", 3},
	{"a department filled in", "UPDATE audit_log SET actor_dept = 'amr' WHERE seq = 1", 1},
};

static void test_a_changed_department_breaks_the_chain(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof TAMPER / sizeof TAMPER[0]; i++) {
		char dir[TEMPSTORE_DIR_LEN];
		store_t *st = tempstore_open("audit-tamper", dir);
		assert_non_null(st);
		assert_int_equal(store_write(st, append_all, NULL), 0);

		dbc_t *c = store_connect(st);
		assert_non_null(c);
		int64_t n = 0;
		char why[256] = "";
		assert_int_equal(audit_verify(c, &n, why, sizeof why), 0);
		assert_int_equal(n, (int64_t)N_WHO);

		if (db_exec(c, TAMPER[i].sql) != DB_OK)
			fail_msg("%s: tamper SQL failed: %s", TAMPER[i].what, db_errmsg(c));
		assert_int_equal(db_changes(c), 1);
		why[0] = '\0';
		int64_t bad = audit_verify(c, &n, why, sizeof why);
		if (bad != TAMPER[i].broken)
			fail_msg("%s: verify named entry %lld, expected %lld (%s)", TAMPER[i].what, (long long)bad,
				 (long long)TAMPER[i].broken, why);
		if (!strstr(why, "altered"))
			fail_msg("%s: explanation '%s' does not say altered", TAMPER[i].what, why);
		store_disconnect(c);
		tempstore_close(st, dir);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_changed_department_breaks_the_chain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
