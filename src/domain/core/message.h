/* message.h — the notification outbox. Every status change that matters to
 * someone writes a message here in the same transaction; the in-app inbox
 * reads it, and pluggable senders (SMS, email) may deliver it later. */
#ifndef ONESTOP_MESSAGES_H
#define ONESTOP_MESSAGES_H

#include <jansson.h>
#include "domain/core/errcode.h"
#include "store/store.h"

/* Writes one message on the writer's connection; entity and entity_id may be
 * NULL. Returns 0, or -1 on a database error. */
int message_add(dbc_t *c, const char *account_id, const char *kind, const char *title_zh,
		const char *title_en, const char *body_zh, const char *body_en, const char *entity,
		const char *entity_id);
/* The same for one channel only ("sms": a reset code for the phone): the
 * senders of other channels never get it and the in-app inbox never shows it. */
int message_add_on(dbc_t *c, const char *channel, const char *account_id, const char *kind,
		   const char *title_zh, const char *title_en, const char *body_zh, const char *body_en);
/* The same for one channel and one address that is not (yet) the account's
 * (an email code to a new address): the sender uses `to` instead of the
 * account's own address. */
int message_add_to(dbc_t *c, const char *channel, const char *to, const char *account_id, const char *kind,
		   const char *title_zh, const char *title_en, const char *body_zh, const char *body_en);
/* Removes the account's messages of `kind` (and their delivery records): a
 * code's message once the code is used or replaced. 0 or -1. */
int message_erase_kind(dbc_t *c, const char *account_id, const char *kind);
/* Removes the messages of `kind` created before `before_ms` (and their
 * delivery records). How many, < 0 on error. */
int64_t message_purge_kind(dbc_t *c, const char *kind, int64_t before_ms);
/* Removes every message of an account and its channel choices (its erasure). 0 or -1. */
int message_erase_account(dbc_t *c, const char *account_id);
/* The job: removes messages read or delivered and older than their retention
 * (domain/core/retention.h). How many, < 0 on error. */
int message_job_purge(store_t *st);
/* The account's in-app messages as a JSON array (message_read.c), newest first, at
 * most `limit`; before_id > 0 pages back to ids below it. */
json_t *message_list(dbc_t *c, const char *account_id, int64_t before_id, int limit);

/* The account's person has seen its in-app messages up to id `up_to`: they
 * are marked read (once; a read message stays read). E_OK, E_INTERNAL. */
errcode_t message_mark_read(store_t *st, const char *account_id, int64_t up_to);
/* How many of the account's in-app messages are unread (0 on error). */
int64_t message_unread(dbc_t *c, const char *account_id);

#endif
