/* messages.c — see messages.h. */
#include "domain/core/message.h"
#include "base/clock.h"

int message_add(dbc_t *c, const char *account_id, const char *kind, const char *title_zh, const char *title_en,
		const char *body_zh, const char *body_en, const char *entity, const char *entity_id)
{
	dbs_t *s = db_prep(c, "INSERT INTO messages (account_id, kind, title_zh, title_en, body_zh, body_en, entity, "
			      "entity_id, created_at) VALUES (?,?,?,?,?,?,?,?,?)");
	if (!s)
		return -1;
	db_bind_text(s, 1, account_id);
	db_bind_text(s, 2, kind);
	db_bind_text(s, 3, title_zh);
	db_bind_text(s, 4, title_en);
	db_bind_text(s, 5, body_zh);
	db_bind_text(s, 6, body_en);
	db_bind_text(s, 7, entity);
	db_bind_text(s, 8, entity_id);
	db_bind_int(s, 9, clock_now_ms());
	int rc = db_step(s);
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

json_t *message_list(dbc_t *c, const char *account_id, int64_t before_id, int limit)
{
	json_t *arr = json_array();
	dbs_t *s = db_prep(c, "SELECT id, kind, title_zh, title_en, body_zh, body_en, entity, entity_id, created_at, read_at "
			      "FROM messages WHERE account_id = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?");
	db_bind_text(s, 1, account_id);
	db_bind_int(s, 2, before_id);
	db_bind_int(s, 3, before_id);
	db_bind_int(s, 4, limit);
	while (db_step(s) == DB_ROW) {
		char ts[32];
		clock_format_iso(db_col_int(s, 8), ts);
		json_t *m = json_pack("{sI ss s{ss ss} s{ss ss} ss sb}", "id", (json_int_t)db_col_int(s, 0), "kind",
				      db_col_text(s, 1), "title", "zh", db_col_text(s, 2), "en", db_col_text(s, 3), "body",
				      "zh", db_col_text(s, 4), "en", db_col_text(s, 5), "created_at", ts, "read",
				      !db_col_null(s, 9));
		if (!db_col_null(s, 6))
			json_object_set_new(m, "entity", json_pack("{ss ss}", "type", db_col_text(s, 6), "id", db_col_text(s, 7)));
		json_array_append_new(arr, m);
	}
	db_reset(s);
	return arr;
}
