/* outbound.h — the platform's outgoing connections, through libcurl: a mail
 * handed to an SMTP relay, and JSON posted to an HTTP endpoint. Both bound
 * their time (connect and whole transfer) and never follow redirects; a
 * reason on failure names what went wrong, never a credential. */
#ifndef ONESTOP_OUTBOUND_H
#define ONESTOP_OUTBOUND_H

#include <stdbool.h>
#include <stddef.h>

/* Once at start, before any thread: curl_global_init. 0, or -1. */
int outbound_setup(void);

typedef struct {
	const char *url;                /* smtp://host[:port] or smtps://host[:port] */
	const char *user, *password;    /* NULL: no AUTH */
	long timeout_s;
} smtp_target_t;

/* Sends `message` (RFC 5322, CRLF lines) from `from` to `to`. With
 * credentials over smtp://, STARTTLS is required (the password never
 * travels in clear); without, it is used when the relay offers it.
 * 0 when the relay took it; -1 with a reason. */
int outbound_smtp(const smtp_target_t *t, const char *from, const char *to, const char *message,
		  char *why, size_t whylen);

/* POSTs `body` as application/json with the extra header lines (NULL-ended).
 * The HTTP status (> 0), or -1 with a reason when no answer came. */
long outbound_post_json(const char *url, const char *const *headers, const char *body, long timeout_s,
			char *why, size_t whylen);

#endif
