/* session_store.c — every statement on the sessions table (see session_store.h). */
#include "domain/identity/session_store.h"
#include <string.h>

int session_store_purge(dbc_t *c, const char *account_id, int64_t now_ms)
{
	return db_run(c, "DELETE FROM sessions WHERE account_id = ? AND expires_at < ?", account_id,
		      now_ms) == DB_DONE
		? 0
		: -1;
}

int session_store_insert(dbc_t *c, const char *token_hash, const char *account_id, const char *csrf,
			 int64_t now_ms, int64_t expires_ms)
{
	int rc = db_run(c,
			"INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, expires_at) "
			"VALUES (?,?,?,?,?)",
			token_hash, account_id, csrf, now_ms, expires_ms);
	return rc == DB_DONE ? 0 : -1;
}

bool session_store_resolve(dbc_t *c, const char *token_hash, int64_t now_ms, actor_t *out,
			   char csrf[TOKEN_HEX_LEN])
{
	dbs_t *s = db_prep(
		c,
		"SELECT a.id, a.kind, a.roles, COALESCE(a.department, ''), a.display_name, s.csrf_token "
		"FROM sessions s JOIN accounts a ON a.id = s.account_id "
		"WHERE s.token_hash = ? AND s.expires_at > ? AND a.status = 'active'");
	db_bind(s, token_hash, now_ms);
	bool ok = false;
	if (db_step(s) == DB_ROW) {
		db_col_str(s, 0, out->id, sizeof out->id);
		db_col_str(s, 1, out->kind, sizeof out->kind);
		ok = role_parse_list(db_col_text(s, 2), &out->roles) == 0;
		db_col_str(s, 3, out->department, sizeof out->department);
		db_col_str(s, 4, out->display_name, sizeof out->display_name);
		if (csrf)
			db_col_str(s, 5, csrf, TOKEN_HEX_LEN);
	}
	db_reset(s);
	return ok;
}

int session_store_delete(dbc_t *c, const char *token_hash)
{
	return db_run(c, "DELETE FROM sessions WHERE token_hash = ?", token_hash) == DB_DONE ? 0 : -1;
}

int session_store_revoke_all(dbc_t *c, const char *account_id)
{
	return db_run(c, "DELETE FROM sessions WHERE account_id = ?", account_id) == DB_DONE ? 0 : -1;
}

int64_t session_store_forget(dbc_t *c, int64_t before_ms)
{
	if (db_run(c, "DELETE FROM sessions WHERE expires_at < ?", before_ms) != DB_DONE)
		return -1;
	return db_changes(c);
}
