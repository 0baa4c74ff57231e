/* notify.c — see notify.h. */
#include "domain/core/notify.h"
#include "base/clock.h"
#include "base/log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SENDERS 8
#define BATCH 200

static sender_t senders[MAX_SENDERS];
static int nsenders;

bool notify_register(const sender_t *s)
{
	if (nsenders == MAX_SENDERS)
		return false;
	senders[nsenders++] = *s;
	return true;
}

void notify_clear(void) { nsenders = 0; }

struct record_ctx {
	int64_t id;
	const char *channel;
	const char *outcome;
};

static int record_write(dbc_t *c, void *arg)
{
	struct record_ctx *x = arg;
	dbs_t *s = db_prep(c, "INSERT INTO message_deliveries (message_id, channel, delivered_at, outcome) VALUES (?,?,?,?) "
			      "ON CONFLICT (message_id, channel) DO NOTHING");
	db_bind_int(s, 1, x->id);
	db_bind_text(s, 2, x->channel);
	db_bind_int(s, 3, clock_now_ms());
	db_bind_text(s, 4, x->outcome);
	int rc = db_step(s);
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

int notify_job_deliver(store_t *st)
{
	int sent = 0;
	for (int k = 0; k < nsenders; k++) {
		const sender_t *snd = &senders[k];
		dbc_t *c = store_reader(st);
		dbs_t *s = db_prep(c, "SELECT m.id, m.account_id, m.kind, m.title_zh, m.title_en, m.body_zh, m.body_en, a.phone, a.email "
				      "FROM messages m JOIN accounts a ON a.id = m.account_id "
				      "WHERE NOT EXISTS (SELECT 1 FROM message_deliveries d WHERE d.message_id = m.id AND d.channel = ?) "
				      "ORDER BY m.id LIMIT ?");
		db_bind_text(s, 1, snd->channel);
		db_bind_int(s, 2, BATCH);
		/* copy the batch out first: sending happens outside any statement */
		typedef struct { int64_t id; char *f[8]; } row_t;
		row_t *rows = calloc(BATCH, sizeof *rows);
		int n = 0;
		while (n < BATCH && db_step(s) == DB_ROW) {
			rows[n].id = db_col_int(s, 0);
			for (int i = 0; i < 8; i++)
				rows[n].f[i] = db_col_null(s, i + 1) ? NULL : strdup(db_col_text(s, i + 1));
			n++;
		}
		db_reset(s);
		for (int i = 0; i < n; i++) {
			outgoing_t m = {rows[i].id, rows[i].f[0], rows[i].f[1], rows[i].f[2], rows[i].f[3], rows[i].f[4],
					rows[i].f[5], rows[i].f[6], rows[i].f[7]};
			char why[200] = "", outcome[220];
			int rc = snd->send(&m, snd->ctx, why, sizeof why);
			if (rc == 0) {
				snprintf(outcome, sizeof outcome, "sent");
				sent++;
			} else
				snprintf(outcome, sizeof outcome, "failed: %s", why);
			struct record_ctx x = {m.id, snd->channel, outcome};
			if (store_write(st, record_write, &x) != 0)
				log_error("notify: cannot record delivery of message %lld", (long long)m.id);
			for (int j = 0; j < 8; j++)
				free(rows[i].f[j]);
		}
		free(rows);
	}
	return sent;
}
