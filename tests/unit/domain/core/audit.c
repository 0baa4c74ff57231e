/* test_audit.c — unit tests of domain/audit: the hash-chained audit log on a
 * real SQLite database (a fresh temporary file per test, migrated like the
 * server's). Entries are appended the way every write appends them — inside
 * store_write's transaction — and then the database is tampered with behind
 * the chain's back through a raw connection: one byte of one entry's detail,
 * a deleted entry, a re-pointed link, a changed actor. audit_verify must name
 * the first entry that no longer fits, and say nothing when none was touched. */
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

#include "base/crypto.h"
#include "domain/core/audit.h"
#include "store/store.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))
#define N_ENTRIES 6

typedef struct {
	char dir[64];
	char url[128];
	store_t *st;
} fx_t;

/* What each of the N_ENTRIES entries says: who did what to which thing. */
static const struct {
	const char *actor;      /* "" = anonymous */
	unsigned roles;
	const char *dept;
	const char *action, *entity, *id;
	const char *detail;     /* JSON or NULL */
} ROWS[N_ENTRIES] = {
	{"", 0, "", "account.create", "account", "a1", "{\"kind\":\"person\",\"username\":\"alpha\"}"},
	{"a1", ROLE_PERSON, "", "session.create", "account", "a1", NULL},
	{"adm", ROLE_ADMIN, "gso", "account.create", "account", "s1", "{\"roles\":\"reviewer\",\"department\":\"amr\"}"},
	{"adm", ROLE_ADMIN, "gso", "calendar.load", "calendar", "000000/2027", "{\"days\":14,\"source\":\"通知 13800138000 310101198503120030\"}"},
	{"s1", ROLE_REVIEWER, "amr", "session.create", "account", "s1", NULL},
	{"a1", ROLE_PERSON, "", "session.delete", "account", "a1", "{\"b\":1,\"a\":[1,2,{\"z\":null,\"y\":true}]}"},
};

struct append_ctx {
	int from, to;   /* ROWS[from..to) */
};

static int append_rows(dbc_t *c, void *arg)
{
	struct append_ctx *x = arg;
	for (int i = x->from; i < x->to; i++) {
		actor_t a = {0};
		snprintf(a.id, sizeof a.id, "%s", ROWS[i].actor);
		a.roles = ROWS[i].roles;
		snprintf(a.department, sizeof a.department, "%s", ROWS[i].dept);
		snprintf(a.request_id, sizeof a.request_id, "req-%d", i + 1);
		json_t *d = ROWS[i].detail ? json_loads(ROWS[i].detail, 0, NULL) : NULL;
		if (ROWS[i].detail && !d)
			return -1;
		int rc = audit_append(c, &a, ROWS[i].action, ROWS[i].entity, ROWS[i].id, i, i + 1, d);
		json_decref(d);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int setup(void **state)
{
	fx_t *f = calloc(1, sizeof *f);
	f->st = tempstore_open("audit", f->dir);
	if (!f->st)
		return -1;
	snprintf(f->url, sizeof f->url, "sqlite:%s/t.db", f->dir);
	*state = f;
	return 0;
}

/* setup + all entries appended: three in one write, three more in another. */
static int setup_filled(void **state)
{
	if (setup(state) != 0)
		return -1;
	fx_t *f = *state;
	struct append_ctx a = {0, 3}, b = {3, N_ENTRIES};
	if (store_write(f->st, append_rows, &a) != 0 || store_write(f->st, append_rows, &b) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	fx_t *f = *state;
	tempstore_close(f->st, f->dir);
	free(f);
	return 0;
}

/* Runs raw SQL on a connection of its own, as someone with file access could. */
static void tamper(fx_t *f, const char *sql)
{
	dbc_t *c = store_connect(f->st);
	assert_non_null(c);
	if (db_exec(c, sql) != DB_OK)
		fail_msg("tamper SQL failed: %s", db_errmsg(c));
	assert_true(db_changes(c) >= 1);
	store_disconnect(c);
}

static int64_t verify(fx_t *f, int64_t *count, char *why, size_t whylen)
{
	dbc_t *c = store_connect(f->st);
	assert_non_null(c);
	why[0] = '\0';
	int64_t r = audit_verify(c, count, why, whylen);
	store_disconnect(c);
	return r;
}

static void test_empty_log_is_intact(void **state)
{
	fx_t *f = *state;
	int64_t n = -1;
	char why[256];
	assert_int_equal(verify(f, &n, why, sizeof why), 0);
	assert_int_equal(n, 0);
}

static void test_appended_chain_is_intact(void **state)
{
	fx_t *f = *state;
	int64_t n = 0;
	char why[256];
	assert_int_equal(verify(f, &n, why, sizeof why), 0);
	assert_int_equal(n, N_ENTRIES);
	assert_string_equal(why, "");

	/* each entry links to the one before; the first to the genesis hash */
	dbc_t *c = store_connect(f->st);
	dbs_t *s = db_prep(c, "SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq");
	char prev[HASH_HEX_LEN] = AUDIT_GENESIS;
	int64_t seq = 0;
	while (db_step(s) == DB_ROW) {
		assert_int_equal(db_col_int(s, 0), ++seq);
		assert_string_equal(db_col_text(s, 1), prev);
		assert_int_equal(strlen(db_col_text(s, 2)), 64);
		assert_string_not_equal(db_col_text(s, 2), prev);
		snprintf(prev, sizeof prev, "%s", db_col_text(s, 2));
	}
	db_reset(s);
	assert_int_equal(seq, N_ENTRIES);
	store_disconnect(c);
}

static void test_entries_record_actor_role_and_canonical_detail(void **state)
{
	fx_t *f = *state;
	dbc_t *c = store_connect(f->st);
	dbs_t *s = db_prep(c, "SELECT actor_id, actor_role, actor_dept, request_id, version_before, version_after, detail "
			      "FROM audit_log ORDER BY seq");
	static const struct {
		const char *actor, *role, *dept, *req, *detail;
	} want[N_ENTRIES] = {
		{"anonymous", "anonymous", "", "req-1", "{\"kind\":\"person\",\"username\":\"alpha\"}"},
		{"a1", "person", "", "req-2", "{}"},
		{"adm", "admin", "gso", "req-3", "{\"department\":\"amr\",\"roles\":\"reviewer\"}"},
		/* ID numbers and phones in free text are recorded masked */
		{"adm", "admin", "gso", "req-4", "{\"days\":14,\"source\":\"通知 138****8000 3101**********0030\"}"},
		{"s1", "reviewer", "amr", "req-5", "{}"},
		/* keys sorted at every level, compact */
		{"a1", "person", "", "req-6", "{\"a\":[1,2,{\"y\":true,\"z\":null}],\"b\":1}"},
	};
	for (size_t i = 0; i < N_ENTRIES; i++) {
		assert_int_equal(db_step(s), DB_ROW);
		assert_string_equal(db_col_text(s, 0), want[i].actor);
		assert_string_equal(db_col_text(s, 1), want[i].role);
		assert_string_equal(db_col_text(s, 2), want[i].dept);
		assert_string_equal(db_col_text(s, 3), want[i].req);
		assert_int_equal(db_col_int(s, 4), (int64_t)i);
		assert_int_equal(db_col_int(s, 5), (int64_t)i + 1);
		assert_string_equal(db_col_text(s, 6), want[i].detail);
	}
	db_reset(s);
	store_disconnect(c);
}

/* Each row: one raw change, and the entry audit_verify must name. */
static const struct {
	const char *what;
	const char *sql;
	int64_t broken;
	const char *why;   /* a word the explanation contains */
} TAMPER[] = {
	{"one byte of a detail", "UPDATE audit_log SET detail = replace(detail, 'alpha', 'alphb') WHERE seq = 1", 1, "altered"},
	{"one byte of a later detail", "UPDATE audit_log SET detail = replace(detail, '14', '15') WHERE seq = 4", 4, "altered"},
	{"a detail's key order", "UPDATE audit_log SET detail = '{\"username\":\"alpha\",\"kind\":\"person\"}' WHERE seq = 1", 1, "altered"},
	{"the actor", "UPDATE audit_log SET actor_id = 'adm2' WHERE seq = 3", 3, "altered"},
	{"the role", "UPDATE audit_log SET actor_role = 'supervisor' WHERE seq = 5", 5, "altered"},
	/* every field is covered: each row changes one column of one entry, nothing else */
	{"the department only", "UPDATE audit_log SET actor_dept = 'amr' WHERE seq = 3", 3, "altered"},
	{"a department given to a person", "UPDATE audit_log SET actor_dept = 'gso' WHERE seq = 2", 2, "altered"},
	{"the action", "UPDATE audit_log SET action = 'account.delete' WHERE seq = 3", 3, "altered"},
	{"the entity", "UPDATE audit_log SET entity = 'case' WHERE seq = 4", 4, "altered"},
	{"the entity id", "UPDATE audit_log SET entity_id = 's2' WHERE seq = 5", 5, "altered"},
	{"the version before", "UPDATE audit_log SET version_before = 7 WHERE seq = 6", 6, "altered"},
	{"the time", "UPDATE audit_log SET at = at + 1 WHERE seq = 2", 2, "altered"},
	{"the request id", "UPDATE audit_log SET request_id = 'req-x' WHERE seq = 6", 6, "altered"},
	{"a version", "UPDATE audit_log SET version_after = 9 WHERE seq = 2", 2, "altered"},
	{"a deleted entry", "DELETE FROM audit_log WHERE seq = 3", 3, "missing"},
	{"the first entry deleted", "DELETE FROM audit_log WHERE seq = 1", 1, "missing"},
	{"a re-pointed link", "UPDATE audit_log SET prev_hash = '" AUDIT_GENESIS "' WHERE seq = 4", 4, "link"},
	{"a stored hash", "UPDATE audit_log SET hash = '" AUDIT_GENESIS "' WHERE seq = 6", 6, "altered"},
	/* a forger who recomputes an entry's hash still breaks the next link */
	{"a hash replaced with another entry's", "UPDATE audit_log SET hash = (SELECT hash FROM audit_log WHERE seq = 1) WHERE seq = 2", 2, "altered"},
	{"a renumbered entry", "UPDATE audit_log SET seq = 60 WHERE seq = 6", 6, "missing"},
	/* the chain head (one row, taken by every append) knows where the log ends */
	{"the last entries deleted", "DELETE FROM audit_log WHERE seq >= 5", 5, "missing"},
	{"every entry deleted", "DELETE FROM audit_log", 1, "missing"},
	{"an entry appended behind the head", "UPDATE audit_head SET seq = seq - 1", 6, "head"},
};

static void test_tampering_is_found(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(TAMPER); i++) {
		void *st = NULL;
		assert_int_equal(setup_filled(&st), 0);
		fx_t *f = st;
		tamper(f, TAMPER[i].sql);
		int64_t n = 0;
		char why[256];
		int64_t bad = verify(f, &n, why, sizeof why);
		if (bad != TAMPER[i].broken)
			fail_msg("%s: verify named entry %lld, expected %lld (%s)", TAMPER[i].what, (long long)bad,
				 (long long)TAMPER[i].broken, why);
		if (!strstr(why, TAMPER[i].why))
			fail_msg("%s: explanation '%s' lacks '%s'", TAMPER[i].what, why, TAMPER[i].why);
		char num[32];
		snprintf(num, sizeof num, "entry %lld", (long long)TAMPER[i].broken);
		if (!strstr(why, num))
			fail_msg("%s: explanation '%s' does not name %s", TAMPER[i].what, why, num);
		teardown(&st);
	}
}

static void test_appending_after_tampering_does_not_heal(void **state)
{
	fx_t *f = *state;
	tamper(f, "UPDATE audit_log SET detail = replace(detail, 'amr', 'xyz') WHERE seq = 3");
	struct append_ctx more = {0, 2};
	assert_int_equal(store_write(f->st, append_rows, &more), 0);
	int64_t n;
	char why[256];
	assert_int_equal(verify(f, &n, why, sizeof why), 3);
}

static void test_list_filters_and_pages(void **state)
{
	fx_t *f = *state;
	dbc_t *c = store_reader(f->st);
	json_t *all = audit_list(c, NULL, NULL, 0, 100);
	assert_int_equal(json_array_size(all), N_ENTRIES);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(all, 0), "seq")), N_ENTRIES); /* newest first */
	json_decref(all);

	static const struct {
		const char *entity, *id;
		int64_t before;
		int limit;
		int64_t seqs[N_ENTRIES + 1];   /* 0-terminated */
	} Q[] = {
		{"account", "a1", 0, 100, {6, 2, 1, 0}},
		{"account", "s1", 0, 100, {5, 3, 0}},
		{"calendar", NULL, 0, 100, {4, 0}},
		{"account", NULL, 0, 2, {6, 5, 0}},
		{"account", NULL, 5, 2, {3, 2, 0}},
		{"account", "a1", 2, 100, {1, 0}},
		{"account", "nobody", 0, 100, {0}},
		{"case", NULL, 0, 100, {0}},
	};
	for (size_t i = 0; i < N_ROWS(Q); i++) {
		json_t *a = audit_list(c, Q[i].entity, Q[i].id, Q[i].before, Q[i].limit);
		size_t n = 0;
		while (Q[i].seqs[n])
			n++;
		if (json_array_size(a) != n)
			fail_msg("query %zu: %zu entries, expected %zu", i, json_array_size(a), n);
		for (size_t k = 0; k < n; k++) {
			json_t *e = json_array_get(a, k);
			assert_int_equal(json_integer_value(json_object_get(e, "seq")), Q[i].seqs[k]);
			assert_string_equal(json_string_value(json_object_get(e, "entity")), Q[i].entity);
			assert_int_equal(strlen(json_string_value(json_object_get(e, "hash"))), 64);
			assert_true(json_is_object(json_object_get(e, "detail")));
		}
		json_decref(a);
	}
}

int main(void)
{
	crypto_setup();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty_log_is_intact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_appended_chain_is_intact, setup_filled, teardown),
		cmocka_unit_test_setup_teardown(test_entries_record_actor_role_and_canonical_detail, setup_filled, teardown),
		cmocka_unit_test(test_tampering_is_found),
		cmocka_unit_test_setup_teardown(test_appending_after_tampering_does_not_heal, setup_filled, teardown),
		cmocka_unit_test_setup_teardown(test_list_filters_and_pages, setup_filled, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
