/* audit_read.c — unit tests of domain/core/audit_read: the audit log as its readers (supervisors,
 * administrators: they oversee, they handle no case) see it. An ID number or a phone in an entry's
 * detail — written by an older version, or in a value such as a username — is shown masked
 * (3101**********0030, 138****8000); the rest of the entry, its hash included, is shown as it is.
 * The entry is written into a throwaway SQLite store (tempstore.h), so that no number planted here
 * stays in a database of the API suite. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "unit/tempstore.h"

#include "domain/core/audit.h"
#include "store/store.h"

static int append_one(dbc_t *c, void *arg)
{
	(void)arg;
	actor_t a = {0};
	snprintf(a.request_id, sizeof a.request_id, "req-1");
	json_t *d = json_pack("{ss ss s{ss} si}", "username", "u13800138000", "note", "id 310101198503120030",
			      "form", "phone", "138-0013-8000", "n", 7);
	int rc = audit_append(c, &a, "account.create", "account", "a1", 0, 1, d);
	json_decref(d);
	return rc;
}

static void test_detail_masked_hash_whole(void **state)
{
	(void)state;
	char dir[TEMPSTORE_DIR_LEN];
	store_t *st = tempstore_open("auditread", dir);
	assert_non_null(st);
	assert_int_equal(store_write(st, append_one, NULL), 0);
	json_t *all = audit_list(store_reader(st), NULL, NULL, 0, 10);
	assert_int_equal(json_array_size(all), 1);
	json_t *e = json_array_get(all, 0);
	json_t *d = json_object_get(e, "detail");
	assert_string_equal(json_string_value(json_object_get(d, "username")), "u138****8000");
	assert_string_equal(json_string_value(json_object_get(d, "note")), "id 3101**********0030");
	assert_string_equal(json_string_value(json_object_get(json_object_get(d, "form"), "phone")), "138-****-8000");
	assert_int_equal(json_integer_value(json_object_get(d, "n")), 7);
	const char *hash = json_string_value(json_object_get(e, "hash"));
	assert_non_null(hash);
	assert_null(strchr(hash, '*'));
	assert_int_equal(strlen(hash), 64);
	json_decref(all);
	tempstore_close(st, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_detail_masked_hash_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
