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

int notify_store_pending(dbc_t *c, const char *channel, int64_t now_ms, notify_pending_t *rows,
			 int max)
{
	dbs_t *s = db_prep(
		c,
		"SELECT m.id, m.account_id, m.kind, m.title_zh, m.title_en, m.body_zh, m.body_en, a.phone, "
		"COALESCE(m.to_address, a.email), COALESCE(d.attempts, 0) "
		"FROM messages m JOIN accounts a ON a.id = m.account_id "
		"LEFT JOIN message_deliveries d ON d.message_id = m.id AND d.channel = ? "
		"WHERE (m.channel = ? OR (m.channel = 'inapp' AND EXISTS (SELECT 1 FROM notify_channels p "
		"WHERE p.account_id = m.account_id AND p.channel = ? AND p.chosen_at <= m.created_at))) "
		"AND (d.message_id IS NULL OR (d.next_at IS NOT NULL AND d.next_at <= ?)) "
		"ORDER BY m.id LIMIT ?");
	db_bind(s, channel, channel, channel, now_ms, max);
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
		p->attempts = (int)db_col_int(s, 9);
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
			int attempts, int64_t next_at, int64_t now_ms)
{
	db_val_t next = next_at > 0 ? db_v_int(next_at) : db_v_null(NULL);
	int rc = db_run(c,
			"INSERT INTO message_deliveries (message_id, channel, delivered_at, outcome, "
			"attempts, next_at) VALUES (?,?,?,?,?,?) "
			"ON CONFLICT (message_id, channel) DO UPDATE SET "
			"delivered_at = excluded.delivered_at, outcome = excluded.outcome, "
			"attempts = excluded.attempts, next_at = excluded.next_at "
			"WHERE message_deliveries.next_at IS NOT NULL",
			message_id, channel, now_ms, outcome, attempts, next);
	return rc == DB_DONE ? 0 : -1;
}

int notify_store_prefs(dbc_t *c, const char *account_id, bool *sms, bool *email)
{
	*sms = *email = false;
	dbs_t *s = db_prep(c, "SELECT channel FROM notify_channels WHERE account_id = ?");
	db_bind(s, account_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		const char *ch = db_col_text(s, 0);
		if (ch[0] == 's')
			*sms = true;
		else if (ch[0] == 'e')
			*email = true;
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

int notify_store_choose(dbc_t *c, const char *account_id, const char *channel, bool on,
			int64_t now_ms)
{
	int rc = on ? db_run(c,
			     "INSERT INTO notify_channels (account_id, channel, chosen_at) VALUES (?,?,?) "
			     "ON CONFLICT (account_id, channel) DO NOTHING",
			     account_id, channel, now_ms)
		    : db_run(c, "DELETE FROM notify_channels WHERE account_id = ? AND channel = ?",
			     account_id, channel);
	return rc == DB_DONE ? 0 : -1;
}

int notify_store_contact(dbc_t *c, const char *account_id, bool *phone, bool *email)
{
	*phone = *email = false;
	dbs_t *s = db_prep(c,
			   "SELECT CASE WHEN phone IS NULL OR phone = '' THEN 0 ELSE 1 END, "
			   "CASE WHEN email IS NULL OR email = '' THEN 0 ELSE 1 END "
			   "FROM accounts WHERE id = ?");
	db_bind(s, account_id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*phone = db_col_int(s, 0) != 0;
		*email = db_col_int(s, 1) != 0;
	}
	db_reset(s);
	return rc == DB_ROW ? 0 : -1;
}
