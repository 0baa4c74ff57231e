/* notify_store.h — the SQL of outbox delivery (internal to domain/core). */
#ifndef ONESTOP_NOTIFY_STORE_H
#define ONESTOP_NOTIFY_STORE_H

#include "domain/core/notify.h"

/* One message waiting for a channel, copied out of the statement so that
 * sending happens outside any statement. Release with notify_pending_release. */
typedef struct {
	int64_t id;
	char *account_id, *kind, *title_zh, *title_en, *body_zh, *body_en, *phone, *email;
} notify_pending_t;

/* Fills rows (room for max) with the oldest messages not yet delivered on
 * `channel`, with their account's contact data; returns how many. */
int notify_store_pending(dbc_t *c, const char *channel, notify_pending_t *rows, int max);
void notify_pending_release(notify_pending_t *p);
/* Records one outcome; a second record of the same message and channel is
 * ignored. Returns 0, or -1 on a database error. */
int notify_store_record(dbc_t *c, int64_t message_id, const char *channel, const char *outcome,
			int64_t now_ms);

#endif
