/* notify.h — pluggable senders for the message outbox.
 *
 * Every message is written to the outbox (messages.h) in the transaction of
 * the change it reports; that is the in-app inbox, and the default: nothing
 * else is sent. A deployment that has an SMS gateway or a mail relay
 * registers a sender at start (notify_senders.h: SMTP mail, an SMS gateway);
 * the delivery job then hands each message not yet delivered on that channel
 * to the sender and records the outcome, so each message goes out at most
 * once per channel. A person chooses their channels (notify_prefs.h): the
 * senders get only the messages of accounts that chose their channel, made
 * since they chose it. A message written for one channel (message_add_on: an
 * SMS reset code) goes to that channel's sender whatever was chosen; the
 * others, and the in-app inbox, never see it. A failure the sender calls
 * passing (a gateway down, a non-2xx answer) is tried again later, at growing
 * intervals (NOTIFY_RETRY_MS), NOTIFY_ATTEMPTS times in all; then it stays
 * failed. */
#ifndef ONESTOP_NOTIFY_H
#define ONESTOP_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>
#include "store/store.h"

typedef struct {
	int64_t id;
	const char *account_id, *kind, *title_zh, *title_en, *body_zh, *body_en;
	const char *phone, *email;   /* the account's contact data; NULL when absent */
} outgoing_t;

/* What a sender's send returns. */
enum {
	NOTIFY_SENT = 0,
	NOTIFY_RETRY = -1,   /* failed for now: tried again later */
	NOTIFY_GIVE_UP = 1,  /* cannot succeed (no address): not tried again */
};

/* How many attempts a message gets on a channel, and the waits after each failure. */
#define NOTIFY_ATTEMPTS 6
/* After this many passing failures one after another, a run leaves the
 * channel's other messages untried (a gateway that is down or hangs does not
 * hold the job thread for a whole batch of timeouts); the next run goes on. */
#define NOTIFY_DOWN_AFTER 3
#define NOTIFY_RETRY_MS {60000LL, 300000LL, 1800000LL, 7200000LL, 43200000LL}

typedef struct {
	const char *channel;                         /* "sms", "email" */
	/* Returns NOTIFY_SENT, NOTIFY_RETRY or NOTIFY_GIVE_UP; on failure writes a
	 * reason. Runs outside any transaction. */
	int (*send)(const outgoing_t *m, void *ctx, char *why, size_t whylen);
	void *ctx;
} sender_t;

/* Registers a sender (at most 8); returns false when full. Not thread-safe: call at start. */
bool notify_register(const sender_t *s);
void notify_clear(void);
/* Background job: delivers undelivered messages on every registered channel. */
int notify_job_deliver(store_t *st);

#endif
