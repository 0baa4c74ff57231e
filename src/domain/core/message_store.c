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

void message_store_each(dbc_t *c, const char *account_id, int64_t before_id, int limit,
			void (*fn)(const message_row_t *m, void *ctx), void *ctx)
{
	dbs_t *s = db_prep(
		c,
		"SELECT id, kind, title_zh, title_en, body_zh, body_en, entity, entity_id, created_at, "
		"read_at FROM messages WHERE account_id = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?");
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
