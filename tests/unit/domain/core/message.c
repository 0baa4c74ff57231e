/* message.c — unit tests of domain/core/message: the in-app inbox. What a
 * user should see: only their own messages, newest first, a page at a time
 * (before_id gives the next older page), each with both languages, unread
 * at first, and the thing it is about when it is about one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "unit/tempstore.h"

#include "domain/core/message.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

typedef struct {
	char dir[TEMPSTORE_DIR_LEN];
	store_t *st;
} fx_t;

/* Written in this order, so ids ascend down the table. */
static const struct {
	const char *account, *kind, *title_zh, *title_en, *entity, *entity_id;
} MSGS[] = {
	{"a1", "case_status", "已受理", "Accepted", "case", "c1"},
	{"a2", "case_status", "已受理", "Accepted", "case", "c2"},
	{"a1", "deadline_moved", "办理期限已调整", "Deadline changed", "case", "c1"},
	{"a1", "notice", "系统维护", "Maintenance", NULL, NULL},
	{"a1", "case_status", "已办结", "Decided", "case", "c3"},
};

static int add_accounts_and_messages(dbc_t *c, void *arg)
{
	if (db_exec(c,
		    "INSERT INTO accounts (id, kind, username, password_hash, display_name, created_at) "
		    "VALUES "
		    "('a1', 'person', 'u1', 'x', '甲', 0), ('a2', 'person', 'u2', 'x', '乙', 0)") != DB_OK)
		return -1;
	for (size_t i = 0; i < N_ROWS(MSGS); i++) {
		char zh[64], en[64];
		snprintf(zh, sizeof zh, "正文 %zu", i);
		snprintf(en, sizeof en, "Body %zu", i);
		if (message_add(c, MSGS[i].account, MSGS[i].kind, MSGS[i].title_zh, MSGS[i].title_en, zh, en,
				MSGS[i].entity, MSGS[i].entity_id) != 0)
			return -1;
	}
	return 0;
}

static int setup(void **state)
{
	fx_t *f = calloc(1, sizeof *f);
	f->st = tempstore_open("message", f->dir);
	if (!f->st || store_write(f->st, add_accounts_and_messages, NULL) != 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx_t *f = *state;
	tempstore_close(f->st, f->dir);
	free(f);
	return 0;
}

/* The MSGS rows (by index) a listing must show, in order. */
static void expect(json_t *list, const int *rows, size_t n)
{
	if (json_array_size(list) != n)
		fail_msg("%zu messages, expected %zu", json_array_size(list), n);
	for (size_t k = 0; k < n; k++) {
		json_t *m = json_array_get(list, k);
		int i = rows[k];
		char body[64];
		snprintf(body, sizeof body, "Body %d", i);
		assert_string_equal(json_string_value(json_object_get(json_object_get(m, "body"), "en")),
				    body);
		assert_string_equal(json_string_value(json_object_get(m, "kind")), MSGS[i].kind);
		assert_string_equal(json_string_value(json_object_get(json_object_get(m, "title"), "zh")),
				    MSGS[i].title_zh);
		assert_string_equal(json_string_value(json_object_get(json_object_get(m, "title"), "en")),
				    MSGS[i].title_en);
		assert_true(json_is_false(json_object_get(m, "read")));
		assert_non_null(json_string_value(json_object_get(m, "created_at")));
		json_t *ent = json_object_get(m, "entity");
		if (!MSGS[i].entity) {
			assert_null(ent);
			continue;
		}
		assert_string_equal(json_string_value(json_object_get(ent, "type")), MSGS[i].entity);
		assert_string_equal(json_string_value(json_object_get(ent, "id")), MSGS[i].entity_id);
	}
}

static void test_own_messages_newest_first(void **state)
{
	fx_t *f = *state;
	dbc_t *c = store_reader(f->st);
	json_t *l = message_list(c, "a1", 0, 50);
	expect(l, (const int[]){4, 3, 2, 0}, 4);
	json_decref(l);
	l = message_list(c, "a2", 0, 50);
	expect(l, (const int[]){1}, 1);
	json_decref(l);
	l = message_list(c, "nobody", 0, 50);
	expect(l, NULL, 0);
	json_decref(l);
}

static void test_pages_back_by_id(void **state)
{
	fx_t *f = *state;
	dbc_t *c = store_reader(f->st);
	json_t *p1 = message_list(c, "a1", 0, 2);
	expect(p1, (const int[]){4, 3}, 2);
	int64_t last = json_integer_value(json_object_get(json_array_get(p1, 1), "id"));
	json_t *p2 = message_list(c, "a1", last, 2);
	expect(p2, (const int[]){2, 0}, 2);
	int64_t older = json_integer_value(json_object_get(json_array_get(p2, 1), "id"));
	json_t *p3 = message_list(c, "a1", older, 2);
	expect(p3, NULL, 0);
	/* ids strictly descend across pages */
	assert_true(json_integer_value(json_object_get(json_array_get(p1, 0), "id")) > last);
	assert_true(last > json_integer_value(json_object_get(json_array_get(p2, 0), "id")));
	json_decref(p1);
	json_decref(p2);
	json_decref(p3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_own_messages_newest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pages_back_by_id, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
