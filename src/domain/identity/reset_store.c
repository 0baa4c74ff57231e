/* reset_store.c — every statement on password_resets (see reset_store.h). */
#include "domain/identity/reset_store.h"
#include <string.h>

int reset_store_put(dbc_t *c, const char *account_id, const char *code_hash, const char *channel,
		    const char *issued_by, int64_t now_ms, int64_t expires_ms)
{
	int rc = db_run(c,
			"INSERT INTO password_resets (account_id, code_hash, channel, issued_by, attempts, "
			"created_at, expires_at, used_at) VALUES (?,?,?,?,0,?,?,NULL) "
			"ON CONFLICT (account_id) DO UPDATE SET code_hash = excluded.code_hash, "
			"channel = excluded.channel, issued_by = excluded.issued_by, attempts = 0, "
			"created_at = excluded.created_at, expires_at = excluded.expires_at, used_at = NULL",
			account_id, code_hash, channel, issued_by, now_ms, expires_ms);
	return rc == DB_DONE ? 0 : -1;
}

bool reset_store_get(dbc_t *c, const char *account_id, reset_row_t *out)
{
	dbs_t *s = db_prep(c, "SELECT code_hash, channel, attempts, expires_at, used_at FROM password_resets "
			      "WHERE account_id = ?");
	db_bind(s, account_id);
	memset(out, 0, sizeof *out);
	bool found = db_step(s) == DB_ROW;
	if (found) {
		db_col_str(s, 0, out->code_hash, sizeof out->code_hash);
		db_col_str(s, 1, out->channel, sizeof out->channel);
		out->attempts = db_col_int(s, 2);
		out->expires_at = db_col_int(s, 3);
		out->used = !db_col_null(s, 4);
	}
	db_reset(s);
	return found;
}

int reset_store_try(dbc_t *c, const char *account_id, int64_t now_ms, int64_t max_attempts)
{
	if (db_run(c,
		   "UPDATE password_resets SET attempts = attempts + 1 WHERE account_id = ? "
		   "AND used_at IS NULL AND expires_at > ? AND attempts < ?",
		   account_id, now_ms, max_attempts) != DB_DONE)
		return -1;
	return db_changes(c) == 1 ? 1 : 0;
}

int reset_store_use(dbc_t *c, const char *account_id, int64_t now_ms)
{
	if (db_run(c, "UPDATE password_resets SET used_at = ? WHERE account_id = ? AND used_at IS NULL",
		   now_ms, account_id) != DB_DONE)
		return -1;
	return db_changes(c) == 1 ? 1 : 0;
}

int reset_store_delete(dbc_t *c, const char *account_id)
{
	return db_run(c, "DELETE FROM password_resets WHERE account_id = ?", account_id) == DB_DONE ? 0 : -1;
}

int64_t reset_store_purge(dbc_t *c, int64_t before_ms)
{
	if (db_run(
		c,
		"DELETE FROM password_resets WHERE (used_at IS NOT NULL AND used_at < ?) OR expires_at < ?",
		before_ms, before_ms) != DB_DONE)
		return -1;
	return db_changes(c);
}
