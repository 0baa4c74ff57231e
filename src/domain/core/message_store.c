/* message_store.c — the statements of the outbox (see message_store.h). */
#include "domain/core/message_store.h"

int message_store_insert(dbc_t *c, const char *account_id, const char *kind, const char *title_zh,
			 const char *title_en, const char *body_zh, const char *body_en, const char *entity,
			 const char *entity_id, int64_t now_ms)
{
	int rc = db_run(
		c,
		"INSERT INTO messages (account_id, kind, title_zh, title_en, body_zh, body_en, entity, "
		"entity_id, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
		account_id, kind, title_zh, title_en, body_zh, body_en, entity, entity_id, now_ms);
	return rc == DB_DONE ? 0 : -1;
}

int message_store_insert_on(dbc_t *c, const char *channel, const char *account_id, const char *kind,
			    const char *title_zh, const char *title_en, const char *body_zh,
			    const char *body_en, int64_t now_ms)
{
	int rc = db_run(c,
			"INSERT INTO messages (account_id, kind, title_zh, title_en, body_zh, body_en, "
			"channel, created_at) VALUES (?,?,?,?,?,?,?,?)",
			account_id, kind, title_zh, title_en, body_zh, body_en, channel, now_ms);
	return rc == DB_DONE ? 0 : -1;
}

int message_store_insert_to(dbc_t *c, const char *channel, const char *to, const char *account_id,
			    const char *kind, const char *title_zh, const char *title_en, const char *body_zh,
			    const char *body_en, int64_t now_ms)
{
	int rc = db_run(c,
			"INSERT INTO messages (account_id, kind, title_zh, title_en, body_zh, body_en, "
			"channel, to_address, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
			account_id, kind, title_zh, title_en, body_zh, body_en, channel, to, now_ms);
	return rc == DB_DONE ? 0 : -1;
}

int message_store_erase_kind(dbc_t *c, const char *account_id, const char *kind)
{
	if (db_run(c,
		   "DELETE FROM message_deliveries WHERE message_id IN "
		   "(SELECT id FROM messages WHERE account_id = ? AND kind = ?)",
		   account_id, kind) != DB_DONE)
		return -1;
	int rc = db_run(c, "DELETE FROM messages WHERE account_id = ? AND kind = ?", account_id, kind);
	return rc == DB_DONE ? 0 : -1;
}

#define PURGE_BATCH 1000 /* per run of the job: a write of bounded length */

static int purge_ids(dbc_t *c, const int64_t *ids, int64_t n)
{
	for (int64_t i = 0; i < n; i++)
		if (db_run(c, "DELETE FROM message_deliveries WHERE message_id = ?", ids[i]) != DB_DONE ||
		    db_run(c, "DELETE FROM messages WHERE id = ?", ids[i]) != DB_DONE)
			return -1;
	return 0;
}

int64_t message_store_purge_kind(dbc_t *c, const char *kind, int64_t before_ms)
{
	int64_t ids[PURGE_BATCH], n = 0;
	/* the oldest of the kind first, found by kind and age (messages_kind, migration 0061) */
	dbs_t *s = db_prep(c, "SELECT id FROM messages WHERE kind = ? AND created_at < ? "
			      "ORDER BY created_at LIMIT ?");
	db_bind(s, kind, before_ms, (int64_t)PURGE_BATCH);
	while (n < PURGE_BATCH && db_step(s) == DB_ROW)
		ids[n++] = db_col_int(s, 0);
	db_reset(s);
	return purge_ids(c, ids, n) == 0 ? n : -1;
}

#define PURGE_LOOK 5000 /* messages looked at per run of the seen purge */

int64_t message_store_purge_seen(dbc_t *c, int64_t before_ms, message_purge_at_t *at)
{
	int64_t ids[PURGE_BATCH], n = 0, looked = 0, last_at = 0, last_id = 0;
	/* in the order of messages_created from where the last run stopped; "delivered" is asked of
	 * the delivery records, which go first */
	dbs_t *s = db_prep(
	    c, "SELECT id, created_at, CASE WHEN read_at IS NOT NULL OR EXISTS (SELECT 1 FROM "
	       "message_deliveries d WHERE d.message_id = messages.id AND d.outcome = 'sent') THEN 1 "
	       "ELSE 0 END FROM messages WHERE created_at < ? AND (created_at, id) > (?, ?) "
	       "ORDER BY created_at, id LIMIT ?");
	db_bind(s, before_ms, at->created_at, at->id, (int64_t)PURGE_LOOK);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		int64_t id = db_col_int(s, 0), created = db_col_int(s, 1);
		if (db_col_int(s, 2)) {
			if (n == PURGE_BATCH)
				break;   /* the batch is full: this one is for the next run */
			ids[n++] = id;
		} else
			last_at = created, last_id = id;   /* kept: the next run starts after it */
		looked++;
	}
	db_reset(s);
	if (rc == DB_ERR)
		return -1;
	if (rc == DB_DONE && looked < PURGE_LOOK)
		*at = (message_purge_at_t){0, 0};   /* the end: the next run starts again from the oldest */
	else if (last_id)
		*at = (message_purge_at_t){last_at, last_id};
	return purge_ids(c, ids, n) == 0 ? n : -1;
}

int message_store_erase_account(dbc_t *c, const char *account_id)
{
	if (db_run(c,
		   "DELETE FROM message_deliveries WHERE message_id IN "
		   "(SELECT id FROM messages WHERE account_id = ?)",
		   account_id) != DB_DONE ||
	    db_run(c, "DELETE FROM notify_channels WHERE account_id = ?", account_id) != DB_DONE)
		return -1;
	return db_run(c, "DELETE FROM messages WHERE account_id = ?", account_id) == DB_DONE ? 0 : -1;
}

int message_store_mark_read(dbc_t *c, const char *account_id, int64_t up_to, int64_t now_ms)
{
	return db_run(c,
		      "UPDATE messages SET read_at = ? WHERE account_id = ? AND channel = 'inapp' "
		      "AND read_at IS NULL AND id <= ?",
		      now_ms, account_id, up_to) == DB_DONE
		   ? 0
		   : -1;
}

int64_t message_store_unread(dbc_t *c, const char *account_id)
{
	dbs_t *s = db_prep(c, "SELECT COUNT(*) FROM messages WHERE account_id = ? AND channel = 'inapp' "
			      "AND read_at IS NULL");
	db_bind(s, account_id);
	int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
	db_reset(s);
	return n;
}

void message_store_each(dbc_t *c, const char *account_id, int64_t before_id, int limit,
			void (*fn)(const message_row_t *m, void *ctx), void *ctx)
{
	dbs_t *s = db_prep(
		c,
		"SELECT id, kind, title_zh, title_en, body_zh, body_en, entity, entity_id, created_at, "
		"read_at FROM messages WHERE account_id = ? AND channel = 'inapp' AND (? = 0 OR id < ?) "
		"ORDER BY id DESC LIMIT ?");
	db_bind(s, account_id, before_id, before_id, limit);
	while (db_step(s) == DB_ROW) {
		message_row_t m = {
			.id = db_col_int(s, 0), .kind = db_col_text(s, 1),
			.title_zh = db_col_text(s, 2), .title_en = db_col_text(s, 3),
			.body_zh = db_col_text(s, 4), .body_en = db_col_text(s, 5),
			.entity = db_col_text(s, 6), .entity_id = db_col_text(s, 7),
			.created_at = db_col_int(s, 8), .read = !db_col_null(s, 9),
		};
		fn(&m, ctx);
	}
	db_reset(s);
}
