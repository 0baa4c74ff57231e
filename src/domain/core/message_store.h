/* message_store.h — the SQL of the outbox (internal to domain/core). */
#ifndef ONESTOP_MESSAGE_STORE_H
#define ONESTOP_MESSAGE_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "store/store.h"

/* One stored message; strings borrowed, valid during the row callback. */
typedef struct {
	int64_t id;
	const char *kind, *title_zh, *title_en, *body_zh, *body_en;
	const char *entity, *entity_id;   /* NULL when the message is about nothing in particular */
	int64_t created_at;
	bool read;
} message_row_t;

int message_store_insert(dbc_t *c, const char *account_id, const char *kind, const char *title_zh,
			 const char *title_en, const char *body_zh, const char *body_en, const char *entity,
			 const char *entity_id, int64_t now_ms);
int message_store_insert_on(dbc_t *c, const char *channel, const char *account_id, const char *kind,
			    const char *title_zh, const char *title_en, const char *body_zh,
			    const char *body_en, int64_t now_ms);
/* One channel, to an address of its own (messages.to_address). */
int message_store_insert_to(dbc_t *c, const char *channel, const char *to, const char *account_id,
			    const char *kind, const char *title_zh, const char *title_en, const char *body_zh,
			    const char *body_en, int64_t now_ms);
/* The account's messages of a kind, with their delivery records. 0 or -1. */
int message_store_erase_kind(dbc_t *c, const char *account_id, const char *kind);
/* Removes the messages of `kind` created before `before_ms`, with their delivery records, found
 * by the index on (kind, created_at): at most 1000 a call (the job runs again). How many, < 0 on
 * error. */
int64_t message_store_purge_kind(dbc_t *c, const char *kind, int64_t before_ms);
/* Where the purge of seen messages stopped: the last message it looked at and kept. */
typedef struct {
	int64_t created_at, id;
} message_purge_at_t;
/* Removes messages created before `before_ms` that were seen (read in the inbox, or delivered on
 * some channel), with their delivery records, looking at no more than 5,000 messages from `at`
 * on, oldest first: unseen messages are kept, so a purge that read from the oldest each time would
 * read them all every run. `at` moves past what was looked at, and back to the start when the
 * messages before `before_ms` run out. How many were removed, < 0 on error. */
int64_t message_store_purge_seen(dbc_t *c, int64_t before_ms, message_purge_at_t *at);
int message_store_erase_account(dbc_t *c, const char *account_id);
/* Marks the account's unread in-app messages with ids up to `up_to` read. 0 or -1. */
int message_store_mark_read(dbc_t *c, const char *account_id, int64_t up_to, int64_t now_ms);
/* How many of the account's in-app messages are unread; < 0 on error. */
int64_t message_store_unread(dbc_t *c, const char *account_id);
void message_store_each(dbc_t *c, const char *account_id, int64_t before_id, int limit,
			void (*fn)(const message_row_t *m, void *ctx), void *ctx);

#endif
