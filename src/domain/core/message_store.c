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

/* The messages a purge takes: by kind or not, seen (read in the inbox, or
 * delivered on some channel) or not. */
#define PURGED                                                                                        \
	"SELECT id FROM messages WHERE created_at < ? AND (CAST(? AS TEXT) IS NULL OR kind = ?) "   \
	"AND (? = 0 OR read_at IS NOT NULL OR EXISTS (SELECT 1 FROM message_deliveries d "           \
	"WHERE d.message_id = messages.id AND d.outcome = 'sent'))"

int64_t message_store_purge(dbc_t *c, const char *kind, int64_t before_ms, bool seen_only)
{
	/* the ids first: "delivered" is asked of the delivery records, which go first */
	int64_t ids[PURGE_BATCH], n = 0;
	/* the oldest first, found by their age (messages_created) */
	dbs_t *s = db_prep(c, PURGED " ORDER BY created_at, id LIMIT ?");
	db_bind(s, before_ms, kind, kind, (int64_t)(seen_only ? 1 : 0), (int64_t)PURGE_BATCH);
	while (n < PURGE_BATCH && db_step(s) == DB_ROW)
		ids[n++] = db_col_int(s, 0);
	db_reset(s);
	for (int64_t i = 0; i < n; i++)
		if (db_run(c, "DELETE FROM message_deliveries WHERE message_id = ?", ids[i]) != DB_DONE ||
		    db_run(c, "DELETE FROM messages WHERE id = ?", ids[i]) != DB_DONE)
			return -1;
	return n;
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
