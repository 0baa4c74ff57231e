/* migrate_pii.c — unit tests of store/migrate_pii: the step of migration 0013
 * that seals personal data written in the clear. On a real SQLite database:
 * more rows than one batch of plaintext ID numbers and phones (and rows
 * without them) are sealed, each opens to its old value, each blind index is
 * the index of that value; a second run changes nothing; without a key the
 * step refuses and leaves the rows as they were; a value sealed under another
 * key file stops it with a message naming the column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "unit/tempstore.h"

#include "base/crypto.h"
#include "base/seal.h"
#include "store/migrate_pii.h"

#define N_ACCOUNTS 450 /* more than two batches */

typedef struct {
	char dir[TEMPSTORE_DIR_LEN];
	store_t *st;
} fx_t;

static void id_of(int i, char out[19]) { snprintf(out, 19, "11010519491231%04u", (unsigned)i % 10000u); }
static void phone_of(int i, char out[12]) { snprintf(out, 12, "138%08u", (unsigned)i % 100000000u); }

static int setup(void **state)
{
	fx_t *fx = calloc(1, sizeof *fx);
	fx->st = tempstore_open("migrate-pii", fx->dir);
	if (!fx->st)
		return -1;
	dbc_t *c = store_connect(fx->st);
	for (int i = 0; i < N_ACCOUNTS; i++) {
		char id[40], idn[19], phone[12], user[16];
		snprintf(id, sizeof id, "acc%04d", i);
		snprintf(user, sizeof user, "user%04d", i);
		id_of(i, idn);
		phone_of(i, phone);
		/* every third row without an ID number, every fifth without a phone */
		if (db_run(c,
			   "INSERT INTO accounts (id, kind, username, password_hash, display_name, "
			   "id_number, phone, "
			   "created_at) VALUES (?, 'person', ?, 'x', '张三', ?, ?, 0)",
			   id, user, i % 3 ? idn : NULL, i % 5 ? phone : NULL) != DB_DONE)
			return -1;
	}
	store_disconnect(c);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fx_t *fx = *state;
	tempstore_close(fx->st, fx->dir);
	free(fx);
	return 0;
}

static int count(dbc_t *c, const char *sql)
{
	dbs_t *s = db_prep(c, sql);
	int n = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : -1;
	db_reset(s);
	return n;
}

static void test_seals_every_row_and_fills_the_indexes(void **state)
{
	fx_t *fx = *state;
	dbc_t *c = store_connect(fx->st);
	char err[256] = "";
	assert_int_equal(migrate_pii_seal_all(c, err, sizeof err), 0);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM accounts WHERE id_number NOT LIKE 's1:%' "
				  "OR phone NOT LIKE 's1:%'"),
			 0);
	dbs_t *s = db_prep(c, "SELECT id, id_number, phone, id_number_bidx, phone_bidx FROM accounts "
			      "WHERE id LIKE 'acc%' ORDER BY id");
	int rows = 0;
	while (db_step(s) == DB_ROW) {
		int i = rows++;
		char idn[19], phone[12], ix[SEAL_INDEX_LEN];
		id_of(i, idn);
		phone_of(i, phone);
		char *o = seal_open(db_col_text(s, 1));
		if (i % 3) {
			assert_string_equal(o, idn);
			assert_true(seal_index(SEAL_INDEX_ID_NUMBER, idn, ix));
			assert_string_equal(db_col_text(s, 3), ix);
		} else {
			assert_null(o);
			assert_true(db_col_null(s, 3));
		}
		free(o);
		o = seal_open(db_col_text(s, 2));
		if (i % 5) {
			assert_string_equal(o, phone);
			assert_true(seal_index(SEAL_INDEX_PHONE, phone, ix));
			assert_string_equal(db_col_text(s, 4), ix);
		} else {
			assert_null(o);
			assert_true(db_col_null(s, 4));
		}
		free(o);
	}
	db_reset(s);
	assert_int_equal(rows, N_ACCOUNTS);

	/* again: nothing is left in the clear, so nothing changes */
	s = db_prep(c,
		    "SELECT group_concat(COALESCE(id_number, '') || COALESCE(phone, ''), '|') FROM accounts");
	assert_int_equal(db_step(s), DB_ROW);
	char *before = strdup(db_col_text(s, 0));
	db_reset(s);
	assert_int_equal(migrate_pii_seal_all(c, err, sizeof err), 0);
	s = db_prep(c,
		    "SELECT group_concat(COALESCE(id_number, '') || COALESCE(phone, ''), '|') FROM accounts");
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_col_text(s, 0), before);
	db_reset(s);
	free(before);
	store_disconnect(c);
}

static void test_without_a_key_nothing_changes(void **state)
{
	fx_t *fx = *state;
	dbc_t *c = store_connect(fx->st);
	char err[256] = "";
	keystore_unload();
	assert_int_equal(migrate_pii_seal_all(c, err, sizeof err), -1);
	assert_non_null(strstr(err, "no key file"));
	assert_int_equal(count(c, "SELECT COUNT(*) FROM accounts WHERE id_number LIKE 's1:%'"), 0);
	store_disconnect(c);
}

static void test_a_value_of_another_key_stops_it(void **state)
{
	fx_t *fx = *state;
	dbc_t *c = store_connect(fx->st);
	static const unsigned char other[KEY_BYTES] = "migrate_pii tests: another key.";
	keystore_set(other);
	char *foreign = seal("110105194912310021");
	assert_int_equal(db_run(c, "UPDATE accounts SET id_number = ? WHERE id = 'acc0001'", foreign),
			 DB_DONE);
	free(foreign);
	static const unsigned char key[KEY_BYTES] = "onestop unit tests: not a key...";
	keystore_set(key); /* tempstore's key */
	char err[256] = "";
	assert_int_equal(migrate_pii_seal_all(c, err, sizeof err), -1);
	assert_non_null(strstr(err, "accounts.id_number"));
	store_disconnect(c);
}

int main(void)
{
	if (crypto_setup() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_seals_every_row_and_fills_the_indexes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_without_a_key_nothing_changes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_value_of_another_key_stops_it, setup, teardown),
	};
	return cmocka_run_group_tests_name("store/migrate_pii", tests, NULL, NULL);
}
