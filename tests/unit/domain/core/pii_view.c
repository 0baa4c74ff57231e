/* pii_view.c — unit tests of domain/core/pii_view and of the form masking beside it
 * (domain/catalog/form_mask.c). The rule, as docs/security.md states it: the owner and the staff
 * who handle the case in its department (clerk, reviewer, approver, head, dispatcher) see ID
 * numbers and phones whole; a supervisor or administrator, staff of another department, another
 * applicant and the anonymous caller see them masked. A form's id_number and phone fields are
 * masked whole by type (a landline and a 15-digit number too); other fields are not touched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain/catalog/form.h"
#include "domain/core/pii_view.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))
#define OWNER "0123456789abcdef0123456789abcdef"

static const struct {
	const char *what, *id, *dept;
	unsigned roles;
	bool clear;
} WHO[] = {
    {"the owner", OWNER, "", ROLE_PERSON, true},
    {"another applicant", "fedcba9876543210fedcba9876543210", "", ROLE_PERSON, false},
    {"anonymous", "", "", 0, false},
    {"the handling clerk", "c1", "health", ROLE_WINDOW_CLERK, true},
    {"the handling reviewer", "c2", "health", ROLE_REVIEWER, true},
    {"the handling approver", "c3", "health", ROLE_APPROVER, true},
    {"the handling head", "c4", "health", ROLE_DEPT_HEAD, true},
    {"the handling dispatcher", "c5", "health", ROLE_DISPATCHER, true},
    {"a reviewer of another department", "c6", "amr", ROLE_REVIEWER, false},
    {"the supervisor", "c7", "", ROLE_SUPERVISOR, false},
    {"a supervisor placed in the department", "c8", "health", ROLE_SUPERVISOR, false},
    {"the administrator", "c9", "", ROLE_ADMIN, false},
    {"an administrator placed in the department", "ca", "health", ROLE_ADMIN, false},
};

static void test_who_sees_clear(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(WHO); i++) {
		actor_t a = {0};
		snprintf(a.id, sizeof a.id, "%s", WHO[i].id);
		snprintf(a.department, sizeof a.department, "%s", WHO[i].dept);
		a.roles = WHO[i].roles;
		if (pii_view_clear(&a, OWNER, "health") != WHO[i].clear)
			fail_msg("%s: clear should be %d", WHO[i].what, WHO[i].clear);
	}
	actor_t clerk = {.id = "c1", .department = "health", .roles = ROLE_WINDOW_CLERK};
	assert_false(pii_view_clear(&clerk, OWNER, NULL));   /* nothing handled: only the owner */
	assert_false(pii_view_clear(NULL, OWNER, "health"));
}

static void test_form_masked_by_type(void **state)
{
	(void)state;
	json_t *schema = json_pack("{s[{ssss} {ssss} {ssss} {ssss} {ssss}]}", "fields", "key", "idn", "type",
				   "id_number", "key", "old", "type", "id_number", "key", "tel", "type", "phone",
				   "key", "land", "type", "phone", "key", "note", "type", "text");
	json_t *form = json_pack("{ss ss ss ss ss si}", "idn", "31010119850312003X", "old", "310104520608002",
				 "tel", "13800138000", "land", "021-63001234", "note", "call 13800138000",
				 "extra", 5);
	form_mask_personal(schema, form);
	assert_string_equal(json_string_value(json_object_get(form, "idn")), "3101**********003X");
	assert_string_equal(json_string_value(json_object_get(form, "old")), "3101*******8002");
	assert_string_equal(json_string_value(json_object_get(form, "tel")), "138****8000");
	assert_string_equal(json_string_value(json_object_get(form, "land")), "021*****1234");
	/* free text is left to pii_view_mask */
	assert_string_equal(json_string_value(json_object_get(form, "note")), "call 13800138000");
	assert_int_equal(json_integer_value(json_object_get(form, "extra")), 5);
	pii_view_mask(form);
	assert_string_equal(json_string_value(json_object_get(form, "note")), "call 138****8000");
	json_decref(form);
	json_decref(schema);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_who_sees_clear),
	    cmocka_unit_test(test_form_masked_by_type),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
