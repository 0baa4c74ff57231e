/* migrate.c — numbered SQL migrations, compiled into the binary from
 * src/store/sql/NNNN_name.sql, applied in order and recorded in
 * schema_migrations. Each migration runs in its own transaction, with its
 * step in C when it has one (0013 and 0024: migrate_pii.h). One that begins
 * with the line "-- sqlite only" is recorded without running on other engines. */
#include "store/driver.h"
#include "store/migrate_pii.h"
#include "base/embedded.h"
#include "base/clock.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SQLITE_ONLY "-- sqlite only\n"

static bool applied(dbc_t *c, long version)
{
	dbs_t *s = db_prep(c, "SELECT 1 FROM schema_migrations WHERE version = ?");
	db_bind(s, (int64_t)version);
	bool r = db_step(s) == DB_ROW;
	db_reset(s);
	return r;
}

int store_migrate(store_t *st, char *err, size_t errlen)
{
	dbc_t *c = store_connect(st);
	if (!c) {
		snprintf(err, errlen, "cannot connect to the database");
		return -1;
	}
	int count = 0;
	const store_driver_t *drv = c->drv;
	/* Each migration runs in an exclusive transaction that checks again
	 * whether it is applied: several nodes may migrate at once; one applies,
	 * the others wait for it and then find it done. */
	for (const embedded_file_t *f = embedded_sql; f->name; f++) {
		char *end;
		long version = strtol(f->name, &end, 10);
		if (end == f->name || *end != '_') {
			snprintf(err, errlen, "migration file %s is not named NNNN_name.sql", f->name);
			count = -1;
			goto out;
		}
		if (drv->tx(c, TX_BEGIN_EXCLUSIVE) != DB_OK ||
		    db_exec(c, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
			       "name TEXT NOT NULL, applied_at BIGINT NOT NULL)") != DB_OK) {
			snprintf(err, errlen, "cannot create schema_migrations: %s", db_errmsg(c));
			drv->tx(c, TX_ROLLBACK);
			count = -1;
			goto out;
		}
		if (applied(c, version)) {
			drv->tx(c, TX_COMMIT);
			continue;
		}
		/* a migration whose first line is "-- sqlite only" changes how SQLite stores what the
		 * schema already says (0067): on another engine it is recorded, not run */
		const char *text = (const char *)f->data;
		bool skip = strncmp(text, SQLITE_ONLY, sizeof SQLITE_ONLY - 1) == 0 &&
			    strcmp(drv->name, "sqlite") != 0;
		char *sql = !skip && drv->ddl ? drv->ddl(text) : NULL;
		int rc = skip ? DB_OK : db_exec(c, sql ? sql : text);
		free(sql);
		if (rc != DB_OK) {
			snprintf(err, errlen, "migration %s failed: %s", f->name, db_errmsg(c));
			drv->tx(c, TX_ROLLBACK);
			count = -1;
			goto out;
		}
		/* a migration's step in C, in the same transaction as its SQL */
		if (migrate_pii_seal(c, version, err, errlen) != 0) {
			drv->tx(c, TX_ROLLBACK);
			count = -1;
			goto out;
		}
		rc = db_run(c, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
			    (int64_t)version, f->name, clock_now_ms());
		if (rc != DB_DONE || drv->tx(c, TX_COMMIT) != DB_OK) {
			snprintf(err, errlen, "cannot record migration %s: %s", f->name, db_errmsg(c));
			drv->tx(c, TX_ROLLBACK);
			count = -1;
			goto out;
		}
		count++;
	}
out:
	store_disconnect(c);
	return count;
}
