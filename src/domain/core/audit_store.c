/* audit_store.c — the statements of the audit log (see audit_store.h). The
 * hash chain is computed in audit.c; here entries are only read and written. */
#include "domain/core/audit_store.h"
#include <stdint.h>
#include <stdio.h>

int audit_store_take_head(dbc_t *c, int64_t *seq, char *hash, size_t hashlen)
{
	dbs_t *s = db_prep(c, "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash");
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*seq = db_col_int(s, 0);
		db_col_str(s, 1, hash, hashlen);
	}
	db_reset(s);
	return rc == DB_ROW ? 0 : -1;
}

int audit_store_set_head(dbc_t *c, const char *hash)
{
	return db_run(c, "UPDATE audit_head SET hash = ? WHERE id = 1", hash) == DB_DONE ? 0 : -1;
}

int audit_store_head(dbc_t *c, int64_t *seq, int64_t *keyed_from)
{
	dbs_t *s = db_prep(c, "SELECT seq, keyed_from FROM audit_head WHERE id = 1");
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*seq = db_col_int(s, 0);
		*keyed_from = db_col_int(s, 1);
	}
	db_reset(s);
	return rc == DB_ROW ? 0 : -1;
}

int audit_store_insert(dbc_t *c, const audit_entry_t *e)
{
	int rc = db_run(c,
			"INSERT INTO audit_log (seq, at, request_id, actor_id, actor_role, actor_dept, "
			"action, entity, entity_id, version_before, version_after, detail, prev_hash, hash) "
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			e->seq, e->at, e->request_id, e->actor_id, e->actor_role, e->actor_dept, e->action,
			e->entity, e->entity_id, e->version_before, e->version_after, e->detail, e->prev_hash,
			e->hash);
	return rc == DB_DONE ? 0 : -1;
}

static void row(dbs_t *s, audit_entry_t *e)
{
	*e = (audit_entry_t){
		.seq = db_col_int(s, 0),
		.at = db_col_int(s, 1),
		.request_id = db_col_text(s, 2),
		.actor_id = db_col_text(s, 3),
		.actor_role = db_col_text(s, 4),
		.actor_dept = db_col_text(s, 5),
		.action = db_col_text(s, 6),
		.entity = db_col_text(s, 7),
		.entity_id = db_col_text(s, 8),
		.version_before = db_col_int(s, 9),
		.version_after = db_col_int(s, 10),
		.detail = db_col_text(s, 11),
	};
}

int audit_store_each(dbc_t *c, int (*fn)(const audit_entry_t *e, void *ctx), void *ctx)
{
	dbs_t *s = db_prep(
		c,
		"SELECT seq, at, request_id, actor_id, actor_role, actor_dept, action, entity, entity_id, "
		"version_before, version_after, detail, prev_hash, hash FROM audit_log ORDER BY seq");
	int rc, r = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		audit_entry_t e;
		row(s, &e);
		e.prev_hash = db_col_text(s, 12);
		e.hash = db_col_text(s, 13);
		if ((r = fn(&e, ctx)) != 0)
			break;
	}
	db_reset(s);
	if (r == 0 && rc != DB_DONE)
		return -1;
	return r;
}

void audit_store_page(dbc_t *c, const char *entity, const char *entity_id, int64_t before_seq, int limit,
		      void (*fn)(const audit_entry_t *e, void *ctx), void *ctx)
{
	/* one statement for each filter, so that each reads by an index: the newest
	 * entries by seq, an entity's (and an entity id's) by audit_entity */
#define AUDIT_PAGE                                                                                    \
	"SELECT seq, at, request_id, actor_id, actor_role, actor_dept, action, entity, entity_id, "   \
	"version_before, version_after, detail, hash FROM audit_log WHERE seq < ? "
	int64_t below = before_seq > 0 ? before_seq : INT64_MAX;
	dbs_t *s;
	if (entity && entity_id) {
		s = db_prep(c, AUDIT_PAGE "AND entity = ? AND entity_id = ? ORDER BY seq DESC LIMIT ?");
		db_bind(s, below, entity, entity_id, (int64_t)limit);
	} else if (entity) {
		s = db_prep(c, AUDIT_PAGE "AND entity = ? ORDER BY seq DESC LIMIT ?");
		db_bind(s, below, entity, (int64_t)limit);
	} else if (entity_id) {
		s = db_prep(c, AUDIT_PAGE "AND entity_id = ? ORDER BY seq DESC LIMIT ?");
		db_bind(s, below, entity_id, (int64_t)limit);
	} else {
		s = db_prep(c, AUDIT_PAGE "ORDER BY seq DESC LIMIT ?");
		db_bind(s, below, (int64_t)limit);
	}
#undef AUDIT_PAGE
	while (db_step(s) == DB_ROW) {
		audit_entry_t e;
		row(s, &e);
		e.hash = db_col_text(s, 12);
		fn(&e, ctx);
	}
	db_reset(s);
}

int audit_store_head_hash(dbc_t *c, int64_t *seq, char *hash, size_t hashlen)
{
	dbs_t *s = db_prep(c, "SELECT seq, hash FROM audit_head WHERE id = 1");
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*seq = db_col_int(s, 0);
		db_col_str(s, 1, hash, hashlen);
	}
	db_reset(s);
	return rc == DB_ROW ? 0 : -1;
}

int audit_store_entry_hash(dbc_t *c, int64_t seq, char *hash, size_t hashlen)
{
	dbs_t *s = db_prep(c, "SELECT hash FROM audit_log WHERE seq = ?");
	db_bind(s, seq);
	int rc = db_step(s);
	if (rc == DB_ROW)
		db_col_str(s, 0, hash, hashlen);
	db_reset(s);
	return rc == DB_ROW ? 0 : -1;
}

int audit_store_last_checkpoint(dbc_t *c, int64_t *seq)
{
	dbs_t *s = db_prep(c, "SELECT COALESCE(MAX(seq), 0) FROM audit_checkpoints");
	int rc = db_step(s);
	if (rc == DB_ROW)
		*seq = db_col_int(s, 0);
	db_reset(s);
	return rc == DB_ROW ? 0 : -1;
}

int audit_store_checkpoint_insert(dbc_t *c, int64_t seq, const char *hash, int64_t at, const char *sig)
{
	return db_run(c, "INSERT INTO audit_checkpoints (seq, hash, at, signature) VALUES (?, ?, ?, ?)", seq,
		      hash, at, sig) == DB_DONE
		   ? 0
		   : -1;
}

int audit_store_checkpoint_latest(dbc_t *c, int64_t *seq, char *hash, size_t hashlen, int64_t *at, char *sig,
				  size_t siglen)
{
	dbs_t *s =
	    db_prep(c, "SELECT seq, hash, at, signature FROM audit_checkpoints ORDER BY seq DESC LIMIT 1");
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*seq = db_col_int(s, 0);
		db_col_str(s, 1, hash, hashlen);
		*at = db_col_int(s, 2);
		db_col_str(s, 3, sig, siglen);
	}
	db_reset(s);
	return rc == DB_ROW ? 0 : -1;
}
