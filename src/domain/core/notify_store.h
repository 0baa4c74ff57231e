/* notify_store.h — the SQL of outbox delivery (internal to domain/core). */
#ifndef ONESTOP_NOTIFY_STORE_H
#define ONESTOP_NOTIFY_STORE_H

#include "domain/core/notify.h"

/* One message waiting for a channel, copied out of the statement so that
 * sending happens outside any statement. Release with notify_pending_release. */
typedef struct {
	int64_t id;
	int attempts;   /* made before this one */
	char *account_id, *kind, *title_zh, *title_en, *body_zh, *body_en, *phone, *email;
} notify_pending_t;

/* Fills rows (room for max) with the oldest messages due on `channel` at
 * now_ms — written for that channel, or in-app messages of an account that
 * chose the channel before the message was made; never delivered, or failed
 * with a retry due — with their account's contact data; returns how many. */
int notify_store_pending(dbc_t *c, const char *channel, int64_t now_ms, notify_pending_t *rows, int max);
void notify_pending_release(notify_pending_t *p);
/* Records the outcome of attempt number `attempts`; next_at > 0: tried again
 * then, 0: final. A final record is never overwritten. 0, or -1 on a database error. */
int notify_store_record(dbc_t *c, int64_t message_id, const char *channel, const char *outcome,
			int attempts, int64_t next_at, int64_t now_ms);

/* The channels an account chose (notify_prefs.h): fills sms and email. 0, or -1. */
int notify_store_prefs(dbc_t *c, const char *account_id, bool *sms, bool *email);
/* Whether the account has a phone and an email address. 0, or -1. */
int notify_store_contact(dbc_t *c, const char *account_id, bool *phone, bool *email);
/* Chooses (on) or drops (off) a channel; choosing again keeps the first chosen_at. 0, or -1. */
int notify_store_choose(dbc_t *c, const char *account_id, const char *channel, bool on, int64_t now_ms);

#endif
