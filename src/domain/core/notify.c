/* notify.c — the sender registry and the delivery job (see notify.h); the
 * statements are in notify_store.c. */
#include "domain/core/notify.h"
#include "domain/core/notify_prefs.h"
#include "domain/core/notify_store.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/mem.h"
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

bool notify_offered(const char *channel)
{
	for (int k = 0; k < nsenders; k++)
		if (!strcmp(senders[k].channel, channel))
			return true;
	return false;
}

struct record_ctx {
	int64_t id;
	const char *channel;
	const char *outcome;
	int attempts;
	int64_t next_at;
};

static int record_write(dbc_t *c, void *arg)
{
	struct record_ctx *x = arg;
	return notify_store_record(c, x->id, x->channel, x->outcome, x->attempts, x->next_at, clock_now_ms());
}

/* When attempt number `attempts` (1, 2, …) having failed with rc, the
 * message is tried again: a time, or 0 for never. */
static int64_t retry_at(int rc, int attempts, int64_t now)
{
	static const int64_t waits[] = NOTIFY_RETRY_MS;
	if (rc != NOTIFY_RETRY || attempts >= NOTIFY_ATTEMPTS)
		return 0;
	size_t i = (size_t)attempts - 1;
	return now + waits[i < sizeof waits / sizeof waits[0] ? i : sizeof waits / sizeof waits[0] - 1];
}

int notify_job_deliver(store_t *st)
{
	int sent = 0;
	notify_pending_t *rows = nsenders ? xcalloc(BATCH, sizeof *rows) : NULL;
	for (int k = 0; k < nsenders; k++) {
		const sender_t *snd = &senders[k];
		int n = notify_store_pending(store_reader(st), snd->channel, clock_now_ms(), rows, BATCH);
		int in_a_row = 0;   /* passing failures one after another: the channel is down */
		for (int i = 0; i < n; i++) {
			notify_pending_t *p = &rows[i];
			if (in_a_row >= NOTIFY_DOWN_AFTER) {   /* left untried for the next run */
				notify_pending_release(p);
				continue;
			}
			outgoing_t m = {p->id, p->account_id, p->kind, p->title_zh, p->title_en, p->body_zh,
					p->body_en, p->phone, p->email};
			char why[200] = "", outcome[220];
			int rc = snd->send(&m, snd->ctx, why, sizeof why);
			in_a_row = rc == NOTIFY_RETRY ? in_a_row + 1 : 0;
			if (rc == NOTIFY_SENT) {
				snprintf(outcome, sizeof outcome, "sent");
				sent++;
			} else {
				/* a gateway's reason may quote the number it refused: kept masked */
				char masked[sizeof why];
				mask_pii(why, masked, sizeof masked);
				snprintf(outcome, sizeof outcome, "failed: %s", masked);
				log_warn("notify: message %lld on %s, attempt %d: %s", (long long)m.id,
					 snd->channel, p->attempts + 1, outcome);
			}
			struct record_ctx x = {m.id, snd->channel, outcome, p->attempts + 1,
					       retry_at(rc, p->attempts + 1, clock_now_ms())};
			if (store_write(st, record_write, &x) != 0)
				log_error("notify: cannot record delivery of message %lld", (long long)m.id);
			notify_pending_release(p);
		}
	}
	free(rows);
	return sent;
}
