/* notify_store.c — the statements of outbox delivery (see notify_store.h).
 * The contact data comes from the accounts table in the same statement: the
 * batch is one consistent read, and the senders get what the account said
 * at that moment; the phone is opened here, as the accounts' store does. */
#include "domain/core/notify_store.h"
#include "base/mem.h"
#include "base/seal.h"
#include <stdlib.h>

static char *dup_col(dbs_t *s, int i)
{
	return db_col_null(s, i) ? NULL : xstrdup(db_col_text(s, i));
}

int notify_store_pending(dbc_t *c, const char *channel, notify_pending_t *rows, int max)
{
	dbs_t *s = db_prep(
		c,
		"SELECT m.id, m.account_id, m.kind, m.title_zh, m.title_en, m.body_zh, m.body_en, a.phone, "
		"a.email FROM messages m JOIN accounts a ON a.id = m.account_id "
		"WHERE (m.channel = 'inapp' OR m.channel = ?) AND NOT EXISTS (SELECT 1 FROM "
		"message_deliveries d WHERE d.message_id = m.id AND d.channel = ?) ORDER BY m.id LIMIT ?");
	db_bind(s, channel, channel, max);
	int n = 0;
	while (n < max && db_step(s) == DB_ROW) {
		notify_pending_t *p = &rows[n++];
		p->id = db_col_int(s, 0);
		p->account_id = dup_col(s, 1);
		p->kind = dup_col(s, 2);
		p->title_zh = dup_col(s, 3);
		p->title_en = dup_col(s, 4);
		p->body_zh = dup_col(s, 5);
		p->body_en = dup_col(s, 6);
		p->phone = seal_open(db_col_text(s, 7)); /* sealed at rest (base/seal.h) */
		p->email = dup_col(s, 8);
	}
	db_reset(s);
	return n;
}

void notify_pending_release(notify_pending_t *p)
{
	free(p->account_id);
	free(p->kind);
	free(p->title_zh);
	free(p->title_en);
	free(p->body_zh);
	free(p->body_en);
	free(p->phone);
	free(p->email);
	*p = (notify_pending_t){0};
}

int notify_store_record(dbc_t *c, int64_t message_id, const char *channel, const char *outcome,
			int64_t now_ms)
{
	int rc = db_run(c,
			"INSERT INTO message_deliveries (message_id, channel, delivered_at, outcome) "
			"VALUES (?,?,?,?) ON CONFLICT (message_id, channel) DO NOTHING",
			message_id, channel, now_ms, outcome);
	return rc == DB_DONE ? 0 : -1;
}
