/* notify_senders.h — the senders a deployment configures (notify.h): email
 * through an SMTP relay, SMS through an HTTP gateway. Both are off until
 * configured (serve's --smtp-url and --sms-url, docs/operations.md).
 *
 * Email: one RFC 5322 message per message, to the account's address, the
 * subject in 中文 and English (RFC 2047), the body in both, from the
 * configured address; optional credentials (AUTH, STARTTLS required).
 * SMS: a JSON POST to the gateway, {"message_id", "to", "text", "text_en",
 * "kind"}, signed so that the gateway can tell it is us:
 *   X-Onestop-Timestamp: <unix seconds>
 *   X-Onestop-Signature: sha256=<hex HMAC-SHA256(secret, timestamp "." body)>
 *   Idempotency-Key: onestop-message-<id>   (the same on every retry)
 * A 2xx answer is sent; anything else, or no answer within the timeout, is
 * tried again later (notify.h). A message to an account without an address
 * or a phone fails for good. Credentials and the secret are never logged. */
#ifndef ONESTOP_NOTIFY_SENDERS_H
#define ONESTOP_NOTIFY_SENDERS_H

#include <stddef.h>

#define NOTIFY_TIMEOUT_S 15

/* One setting by name: smtp_url, smtp_from, smtp_user, smtp_password,
 * sms_url, sms_secret. 0, or -1 with a reason in 中文 and English. */
int notify_configure(const char *name, const char *value, char *err, size_t errlen);
/* Registers the configured senders (call once at start, after
 * outbound_setup). 0; -1 with a reason when a setting is missing (an SMTP URL
 * without a from address, a gateway without a secret). */
int notify_senders_start(char *err, size_t errlen);

#endif
