/* retention.h — how long each kind of data is kept once it has served its
 * purpose, and the one table of those periods (RETENTION in retention.c).
 *
 * Each subsystem's purge job asks retention_ms(kind) for its period and
 * removes what is older; docs/operations.md gives each period with its
 * reason. Case records themselves are not here: they are government records
 * kept under the archives rules and never purged by the platform. The login
 * throttle and the abuse-limit counters are forgotten when their window ends
 * (throttle.h, ratelimit.h), which is their whole purpose.
 *
 * The command line changes a period (`--retain NAME=DAYS`, ONESTOP_RETENTION)
 * before serving; DAYS may be 0 (purged at the next run). */
#ifndef ONESTOP_RETENTION_H
#define ONESTOP_RETENTION_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
	RETAIN_SESSIONS,    /* sessions, counted from their expiry */
	RETAIN_RESET_CODES, /* password reset codes (and their messages), from use or expiry */
	RETAIN_DRAFTS,      /* case drafts never submitted, from their last change */
	RETAIN_MESSAGES,    /* outbox messages read or delivered, from their creation */
	RETAIN_UPLOADS,     /* uploads never attached to a case, from their upload */
	RETAIN__KINDS
} retain_kind_t;

/* The period of a kind, in milliseconds. */
int64_t retention_ms(retain_kind_t kind);
/* Sets one period from "NAME=DAYS" (0 <= DAYS <= 36500). 0, or -1 with the reason in err. */
int retention_configure(const char *spec, char *err, size_t errlen);
/* Each "NAME=DAYS" of a comma-separated list. */
int retention_configure_list(const char *list, char *err, size_t errlen);
/* Writes the periods as "NAME=DAYS …" for the start-up log. */
void retention_describe(char *out, size_t n);
/* Puts every period back to its default (for tests). */
void retention_reset(void);

#endif
