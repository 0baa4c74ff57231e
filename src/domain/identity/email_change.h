/* email_change.h — adding or changing an account's email address after
 * registration (我的账户). The new address is used for messages only once its
 * owner has typed the code sent to it:
 *
 *   email_change_request  checks the address, keeps it pending with a new
 *                         6-digit code (replacing any earlier one) and sends
 *                         the code to that address alone, through the outbox
 *                         on the "email" channel;
 *   email_change_confirm  with the right code, live and within its tries,
 *                         makes the pending address the account's.
 *
 * A code lives EMAIL_CODE_TTL_MS and allows EMAIL_CODE_MAX_ATTEMPTS wrong
 * tries (each is counted, and committed, before the code is compared); only
 * a keyed BLAKE2b of it is stored, and it is never logged nor put in the audit
 * log. At most EMAIL_SENDS_PER_HOUR codes an hour per account, so that no one
 * uses the platform to mail strangers. For people and enterprises; staff
 * accounts are kept by their security administrator. */
#ifndef ONESTOP_EMAIL_CHANGE_H
#define ONESTOP_EMAIL_CHANGE_H

#include <jansson.h>
#include <stdint.h>
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "base/errs.h"
#include "store/store.h"

#define EMAIL_CODE_DIGITS 6
#define EMAIL_CODE_TTL_MS (30LL * 60 * 1000)
#define EMAIL_CODE_MAX_ATTEMPTS 5
#define EMAIL_SENDS_PER_HOUR 5

/* E_OK (the code is on its way); E_VALIDATION ("email": not an address, or
 * the account's address already); E_STATE when the platform sends no email
 * (the code could not reach anyone); E_THROTTLED past EMAIL_SENDS_PER_HOUR. */
errcode_t email_change_request(store_t *st, const actor_t *by, const char *email, errs_t *errs);

/* E_OK (the address is the account's now: its version moves on, the code is
 * gone); E_VALIDATION with "code" and why: "format" (not 6 digits), "none"
 * (nothing pending), "expired", "too_many" (tries used up: ask again),
 * "wrong". Only a wrong code's try is kept; nothing else changes. */
errcode_t email_change_confirm(store_t *st, const actor_t *by, const char *code, errs_t *errs);

/* The account's pending change as {"email","expires_at"} (ISO 8601), NULL when
 * none is live. */
json_t *email_change_pending_json(dbc_t *c, const char *account_id, int64_t now_ms);

/* Removes the account's pending change (its erasure). 0 or -1. */
int email_change_erase(dbc_t *c, const char *account_id);

#endif
