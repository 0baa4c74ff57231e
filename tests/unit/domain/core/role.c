/* role.c — unit tests of domain/core/role and actor: the role names used by
 * the API and the demo accounts, parsing and formatting comma-separated
 * lists, and the primary role the audit log records (the most senior held:
 * admin, supervisor, dept_head, approver, reviewer, window_clerk,
 * dispatcher, enterprise, person, system). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain/core/actor.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	unsigned bit;
	const char *name;
} NAMES[] = {
	{ROLE_PERSON, "person"}, {ROLE_ENTERPRISE, "enterprise"}, {ROLE_WINDOW_CLERK, "window_clerk"},
	{ROLE_REVIEWER, "reviewer"}, {ROLE_APPROVER, "approver"}, {ROLE_DEPT_HEAD, "dept_head"},
	{ROLE_DISPATCHER, "dispatcher"}, {ROLE_SUPERVISOR, "supervisor"}, {ROLE_ADMIN, "admin"},
	{ROLE_SYSTEM, "system"}, {ROLE_SECURITY_ADMIN, "security_admin"}, {ROLE_AUDIT_ADMIN, "audit_admin"},
	{ROLE_OPERATOR, "operator"},
};

static void test_names_both_ways(void **state)
{
	(void)state;
	unsigned seen = 0;
	for (size_t i = 0; i < N_ROWS(NAMES); i++) {
		assert_string_equal(role_name(NAMES[i].bit), NAMES[i].name);
		assert_int_equal(role_from_name(NAMES[i].name), NAMES[i].bit);
		assert_int_equal(seen & NAMES[i].bit, 0);   /* one bit each */
		seen |= NAMES[i].bit;
	}
	static const char *const unknown[] = {"",       "Admin", "ADMIN",     "admin ",
					       " admin", "clerk", "anonymous", "root"};
	for (size_t i = 0; i < N_ROWS(unknown); i++)
		assert_int_equal(role_from_name(unknown[i]), 0);
	assert_string_equal(role_name(0), "");
	assert_string_equal(role_name(ROLE_ADMIN | ROLE_REVIEWER), "");   /* not a single bit */
	assert_string_equal(role_name(1u << 20), "");
}

static void test_staff_and_applicant_sets(void **state)
{
	(void)state;
	assert_int_equal(ROLES_APPLICANT, ROLE_PERSON | ROLE_ENTERPRISE);
	unsigned staff = ROLE_WINDOW_CLERK | ROLE_REVIEWER | ROLE_APPROVER | ROLE_DEPT_HEAD |
		ROLE_DISPATCHER | ROLE_SUPERVISOR | ROLE_ADMIN | ROLE_SECURITY_ADMIN | ROLE_AUDIT_ADMIN |
		ROLE_OPERATOR; /* 话务员, the 12345 hotline's */
	assert_int_equal(ROLES_STAFF, staff);
	/* 三员分立: the system, security and audit administrators are three roles, all staff */
	assert_int_equal(ROLES_ADMINS, ROLE_ADMIN | ROLE_SECURITY_ADMIN | ROLE_AUDIT_ADMIN);
	assert_int_equal(ROLES_STAFF & ROLES_APPLICANT, 0);
	assert_int_equal(ROLES_STAFF & ROLE_SYSTEM, 0);
}

static const struct {
	const char *csv;
	int rc;
	unsigned roles;
} PARSE[] = {
	{"", 0, 0},
	{"reviewer", 0, ROLE_REVIEWER},
	{"reviewer,approver", 0, ROLE_REVIEWER | ROLE_APPROVER},
	{"approver,reviewer", 0, ROLE_REVIEWER | ROLE_APPROVER},
	{"reviewer,reviewer", 0, ROLE_REVIEWER},
	{"window_clerk,dept_head,admin", 0, ROLE_WINDOW_CLERK | ROLE_DEPT_HEAD | ROLE_ADMIN},
	{",reviewer,", 0, ROLE_REVIEWER},              /* empty items are skipped */
	{"reviewer,,approver", 0, ROLE_REVIEWER | ROLE_APPROVER},
	{"reviewer,boss", -1, 0},
	{"Reviewer", -1, 0},
	{"reviewer, approver", -1, 0},                 /* no spaces */
	{"admin;reviewer", -1, 0},
};

static void test_parse_lists(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(PARSE); i++) {
		unsigned out = 0xdead;
		int rc = role_parse_list(PARSE[i].csv, &out);
		if (rc != PARSE[i].rc)
			fail_msg("'%s': rc %d, expected %d", PARSE[i].csv, rc, PARSE[i].rc);
		if (rc == 0 && out != PARSE[i].roles)
			fail_msg("'%s': roles %#x, expected %#x", PARSE[i].csv, out, PARSE[i].roles);
		if (rc != 0 && out != 0xdead)
			fail_msg("'%s': a refused list must leave the output alone", PARSE[i].csv);
	}
}

static const struct {
	unsigned roles;
	const char *csv;       /* least senior first */
} FORMAT[] = {
	{0, ""},
	{ROLE_REVIEWER, "reviewer"},
	{ROLE_REVIEWER | ROLE_APPROVER, "reviewer,approver"},
	{ROLE_ADMIN | ROLE_WINDOW_CLERK, "window_clerk,admin"},
	{ROLE_PERSON, "person"},
	{ROLE_DISPATCHER | ROLE_WINDOW_CLERK | ROLE_REVIEWER, "dispatcher,window_clerk,reviewer"},
};

static void test_format_lists_and_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(FORMAT); i++) {
		char out[ROLE_LIST_LEN];
		role_format_list(FORMAT[i].roles, out, sizeof out);
		assert_string_equal(out, FORMAT[i].csv);
	}
	/* every staff combination survives a round trip */
	for (unsigned r = 0; r <= ROLES_STAFF; r++) {
		if (r & ~(unsigned)ROLES_STAFF)
			continue;
		char out[ROLE_LIST_LEN];
		unsigned back = 0;
		role_format_list(r, out, sizeof out);
		assert_int_equal(role_parse_list(out, &back), 0);
		assert_int_equal(back, r);
	}
	/* a short buffer holds whole names only, never half of one */
	char small[12];
	role_format_list(ROLE_REVIEWER | ROLE_APPROVER, small, sizeof small);
	assert_string_equal(small, "reviewer");
}

static const struct {
	unsigned roles;
	const char *primary;
} PRIMARY[] = {
	{0, "anonymous"},
	{ROLE_PERSON, "person"},
	{ROLE_ENTERPRISE, "enterprise"},
	{ROLE_SYSTEM, "system"},
	{ROLE_PERSON | ROLE_ENTERPRISE, "enterprise"},
	{ROLE_DISPATCHER | ROLE_PERSON, "dispatcher"},
	{ROLE_WINDOW_CLERK | ROLE_DISPATCHER, "window_clerk"},
	{ROLE_REVIEWER | ROLE_WINDOW_CLERK, "reviewer"},
	{ROLE_APPROVER | ROLE_REVIEWER, "approver"},
	{ROLE_DEPT_HEAD | ROLE_APPROVER, "dept_head"},
	{ROLE_SUPERVISOR | ROLE_DEPT_HEAD, "supervisor"},
	{ROLE_ADMIN | ROLE_SUPERVISOR, "admin"},
	{ROLES_STAFF, "admin"},
	{ROLE_ADMIN | ROLE_SYSTEM, "admin"},
};

static void test_primary_role_is_the_most_senior(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(PRIMARY); i++) {
		actor_t a = {0};
		a.roles = PRIMARY[i].roles;
		assert_string_equal(actor_primary_role(&a), PRIMARY[i].primary);
	}
}

static void test_system_actor(void **state)
{
	(void)state;
	actor_t a;
	memset(&a, 0x55, sizeof a);
	actor_system(&a, "seed");
	assert_string_equal(a.id, "system");
	assert_string_equal(a.kind, "system");
	assert_int_equal(a.roles, ROLE_SYSTEM);
	assert_string_equal(a.department, "");
	assert_string_equal(a.request_id, "seed");
	assert_string_equal(actor_primary_role(&a), "system");
	actor_system(&a, NULL);
	assert_string_equal(a.request_id, "job");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_both_ways),
		cmocka_unit_test(test_staff_and_applicant_sets),
		cmocka_unit_test(test_parse_lists),
		cmocka_unit_test(test_format_lists_and_round_trip),
		cmocka_unit_test(test_primary_role_is_the_most_senior),
		cmocka_unit_test(test_system_actor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
