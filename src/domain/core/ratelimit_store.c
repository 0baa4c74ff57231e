/* ratelimit_store.c — the statements of rate_limits (see ratelimit_store.h). */
#include "domain/core/ratelimit_store.h"

int64_t ratelimit_store_add(dbc_t *c, const char *key, int64_t start, int64_t expires)
{
	dbs_t *s =
	    db_prep(c, "INSERT INTO rate_limits (key, window_start, count, expires_at) VALUES (?, ?, 1, ?) "
		       "ON CONFLICT (key) DO UPDATE SET count = CASE WHEN rate_limits.window_start = "
		       "excluded.window_start THEN rate_limits.count + 1 ELSE 1 END, "
		       "window_start = excluded.window_start, expires_at = excluded.expires_at "
		       "RETURNING count");
	db_bind(s, key, start, expires);
	int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
	db_reset(s);
	return n;
}

int64_t ratelimit_store_count(dbc_t *c, const char *key, int64_t start)
{
	dbs_t *s = db_prep(c, "SELECT count FROM rate_limits WHERE key = ? AND window_start = ?");
	db_bind(s, key, start);
	int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
	db_reset(s);
	return n;
}

int64_t ratelimit_store_forget(dbc_t *c, int64_t now)
{
	if (db_run(c, "DELETE FROM rate_limits WHERE expires_at <= ?", now) != DB_DONE)
		return -1;
	return db_changes(c);
}
