/* share.h — share links (授权用证, issue 11 item 6): the holder of a
 * certificate gives a third party a time-limited, revocable link to it.
 *
 * A link is a token of 32 random bytes (libsodium) written as 64 hex
 * characters; it is given to the holder once, when made, and kept only as
 * its BLAKE2b digest. Whoever has the token opens the link with no login and
 * sees what cert_shared_view (certs/cert.h) shows; each opening is recorded
 * in the holder's data-use log (data_use.h) as kind share_view, naming the
 * link and nothing about the viewer. A link lives 1 to 90 days (7 when not
 * said) and ends sooner when its holder revokes it; then it shows nothing. */
#ifndef ONESTOP_SHARE_H
#define ONESTOP_SHARE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "base/errs.h"
#include "base/page.h"
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "store/store.h"

#define SHARE_DAYS_DEFAULT 7
#define SHARE_DAYS_MAX 90
#define SHARE_TOKEN_LEN 65 /* 64 hex + NUL */

/* Makes a link to the caller's certificate for days (when !days_given: the default).
 * E_OK with *out {id, token, created_at, expires_at, status, views} (new);
 * E_NOT_FOUND when the certificate is unknown or not the caller's;
 * E_VALIDATION (errs: days) when days is out of 1..90. */
errcode_t share_create(store_t *st, const actor_t *by, const char *cert_id, bool days_given, int64_t days,
		       json_t **out, errs_t *errs);
/* A page of the links to the caller's certificate, newest first below the cursor, each with its
 * status (active, expired, revoked) and how many times it was opened: {items, next_cursor}; NULL
 * when the certificate is unknown or not the caller's (*failed false) or on a store error (*failed
 * true). New. */
json_t *share_list(dbc_t *c, const actor_t *by, const char *cert_id, int64_t now, int limit,
		   const page_cursor_t *after, bool *failed);
/* Revokes a link of the caller's certificate; version 0 takes the current
 * one. E_OK with *out the link (new); E_NOT_FOUND (certificate or link not
 * the caller's), E_STATE (already revoked), E_STALE. */
errcode_t share_revoke(store_t *st, const actor_t *by, const char *cert_id, const char *share_id,
		       int64_t version, json_t **out);
/* Opens a link by its token, recording the view. E_OK with *out
 * cert_shared_view's answer plus {"share": {expires_at}} (new);
 * E_NOT_FOUND when the token is malformed or names no link; E_GONE when the
 * link has expired or was revoked (*why "expired" or "revoked"). */
errcode_t share_open(store_t *st, const char *token, int64_t now, json_t **out, const char **why);
/* Whether a text has the shape of a link's token (64 lowercase hex). */
bool share_token_wellformed(const char *token);

#endif
