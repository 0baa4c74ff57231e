/* notify_prefs.h — the channels a person chooses for their messages.
 * The in-app inbox always has every message; SMS and email are opt-in, each
 * for an account with a phone or an email address on it. Choosing a channel
 * sends the messages made from then on (not the inbox so far); a message
 * written for one channel (a reset code by SMS) goes whatever is chosen. */
#ifndef ONESTOP_NOTIFY_PREFS_H
#define ONESTOP_NOTIFY_PREFS_H

#include <jansson.h>
#include <stdbool.h>
#include "base/errs.h"
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "store/store.h"

/* {"inapp": true, "sms": bool, "email": bool, "offered": [channels the
 * platform sends on]}; NULL on a database error. */
json_t *notify_prefs_get(dbc_t *c, const char *account_id);

/* Sets the channels given (NULL: left as they are) for the caller's own
 * account, audited. E_OK; E_VALIDATION (errs names "sms" or "email": no phone
 * or no email address on the account) with nothing changed; E_INTERNAL. */
errcode_t notify_prefs_set(store_t *st, const actor_t *who, const bool *sms, const bool *email,
			   errs_t *errs);

/* Whether a sender is registered for the channel (notify.h). */
bool notify_offered(const char *channel);

#endif
