/* email_change_store.c — every statement on email_changes, and the account's
 * address they lead to (see email_change_store.h). */
#include "domain/identity/email_change_store.h"
#include <string.h>

bool email_change_store_get(dbc_t *c, const char *account_id, email_change_row_t *out)
{
	dbs_t *s = db_prep(c, "SELECT email, code_hash, attempts, sends, sends_from, expires_at "
			      "FROM email_changes WHERE account_id = ?");
	db_bind(s, account_id);
	memset(out, 0, sizeof *out);
	bool found = db_step(s) == DB_ROW;
	if (found) {
		db_col_str(s, 0, out->email, sizeof out->email);
		db_col_str(s, 1, out->code_hash, sizeof out->code_hash);
		out->attempts = db_col_int(s, 2);
		out->sends = db_col_int(s, 3);
		out->sends_from = db_col_int(s, 4);
		out->expires_at = db_col_int(s, 5);
	}
	db_reset(s);
	return found;
}

int email_change_store_put(dbc_t *c, const char *account_id, const char *email, const char *code_hash,
			   int64_t sends, int64_t sends_from, int64_t now_ms, int64_t expires_ms)
{
	int rc =
	    db_run(c,
		   "INSERT INTO email_changes (account_id, email, code_hash, attempts, sends, sends_from, "
		   "created_at, expires_at) VALUES (?,?,?,0,?,?,?,?) "
		   "ON CONFLICT (account_id) DO UPDATE SET email = excluded.email, "
		   "code_hash = excluded.code_hash, attempts = 0, sends = excluded.sends, "
		   "sends_from = excluded.sends_from, created_at = excluded.created_at, "
		   "expires_at = excluded.expires_at",
		   account_id, email, code_hash, sends, sends_from, now_ms, expires_ms);
	return rc == DB_DONE ? 0 : -1;
}

int email_change_store_try(dbc_t *c, const char *account_id, int64_t now_ms, int64_t max_attempts)
{
	if (db_run(c,
		   "UPDATE email_changes SET attempts = attempts + 1 WHERE account_id = ? "
		   "AND expires_at > ? AND attempts < ?",
		   account_id, now_ms, max_attempts) != DB_DONE)
		return -1;
	return db_changes(c) == 1 ? 1 : 0;
}

int email_change_store_delete(dbc_t *c, const char *account_id)
{
	return db_run(c, "DELETE FROM email_changes WHERE account_id = ?", account_id) == DB_DONE ? 0 : -1;
}

int email_change_store_set_account(dbc_t *c, const char *account_id, const char *email)
{
	if (db_run(c, "UPDATE accounts SET email = ?, version = version + 1 WHERE id = ?", email,
		   account_id) != DB_DONE)
		return -1;
	return db_changes(c) == 1 ? 0 : -1;
}
