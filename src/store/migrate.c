/* migrate.c — numbered SQL migrations, compiled into the binary from
 * src/store/sql/NNNN_name.sql, applied in order and recorded in
 * schema_migrations. Each migration runs in its own transaction. */
#include "store/db_internal.h"
#include "base/embedded.h"
#include "base/clock.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool applied(dbc_t *c, long version)
{
	dbs_t *s = db_prep(c, "SELECT 1 FROM schema_migrations WHERE version = ?");
	if (!s)
		return false;
	db_bind_int(s, 1, version);
	bool r = db_step(s) == DB_ROW;
	db_reset(s);
	return r;
}

int store_migrate(store_t *st, char *err, size_t errlen)
{
	dbc_t *c = store_connect(st);
	if (!c) {
		snprintf(err, errlen, "cannot connect to %s", st->path);
		return -1;
	}
	int count = 0;
	if (db_exec(c, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)") != DB_OK) {
		snprintf(err, errlen, "cannot create schema_migrations: %s", db_errmsg(c));
		count = -1;
		goto out;
	}
	for (const embedded_file_t *f = embedded_sql; f->name; f++) {
		char *end;
		long version = strtol(f->name, &end, 10);
		if (end == f->name || *end != '_') {
			snprintf(err, errlen, "migration file %s is not named NNNN_name.sql", f->name);
			count = -1;
			goto out;
		}
		if (applied(c, version))
			continue;
		if (db_begin(c) != DB_OK || db_exec(c, (const char *)f->data) != DB_OK) {
			snprintf(err, errlen, "migration %s failed: %s", f->name, db_errmsg(c));
			db_rollback(c);
			count = -1;
			goto out;
		}
		dbs_t *s = db_prep(c, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
		db_bind_int(s, 1, version);
		db_bind_text(s, 2, f->name);
		db_bind_int(s, 3, clock_now_ms());
		int rc = db_step(s);
		db_reset(s);
		if (rc != DB_DONE || db_commit(c) != DB_OK) {
			snprintf(err, errlen, "cannot record migration %s: %s", f->name, db_errmsg(c));
			db_rollback(c);
			count = -1;
			goto out;
		}
		count++;
	}
out:
	dbc_close(c);
	return count;
}
