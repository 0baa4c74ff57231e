/* throttle_store.c — the statements of login_throttle (see throttle_store.h). */
#include "domain/core/throttle_store.h"

int64_t throttle_store_until(dbc_t *c, const char *key, int64_t since)
{
	dbs_t *s = db_prep(c, "SELECT until_at FROM login_throttle WHERE key = ? AND last_at >= ?");
	db_bind(s, key, since);
	int64_t v = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
	db_reset(s);
	return v;
}

int64_t throttle_store_fail(dbc_t *c, const char *key, int64_t now, int64_t since)
{
	dbs_t *s =
	    db_prep(c, "INSERT INTO login_throttle (key, failures, last_at, until_at) VALUES (?, 1, ?, 0) "
		       "ON CONFLICT (key) DO UPDATE SET failures = CASE WHEN login_throttle.last_at < ? "
		       "THEN 1 ELSE login_throttle.failures + 1 END, last_at = excluded.last_at "
		       "RETURNING failures");
	db_bind(s, key, now, since);
	int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
	db_reset(s);
	return n;
}

int throttle_store_set_until(dbc_t *c, const char *key, int64_t until)
{
	return db_run(c, "UPDATE login_throttle SET until_at = ? WHERE key = ?", until, key) == DB_DONE ? 0
													: -1;
}

int throttle_store_delete(dbc_t *c, const char *key)
{
	return db_run(c, "DELETE FROM login_throttle WHERE key = ?", key) == DB_DONE ? 0 : -1;
}

int64_t throttle_store_forget(dbc_t *c, int64_t before)
{
	if (db_run(c, "DELETE FROM login_throttle WHERE last_at < ?", before) != DB_DONE)
		return -1;
	return db_changes(c);
}
