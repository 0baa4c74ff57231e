/* reset.h — a citizen's forgotten password, reset with a one-time code.
 *
 * Two ways to a code, one way to use it. By phone: anyone may ask with a
 * username and a phone number; when they match an active person's or
 * enterprise's account, a code goes to that phone through the outbox ("sms"
 * channel), and the answer is the same whether or not they match. At the
 * window: a clerk who has checked the person's ID card (or the enterprise's
 * licence and its representative) issues a code for the account registered
 * with that number and hands it over. Then reset_confirm sets the new
 * password with the code, ends every session of the account and audits it.
 *
 * A code lives RESET_TTL of its channel, allows RESET_MAX_ATTEMPTS wrong
 * tries, and is stored only as a keyed BLAKE2b (the key from the key file);
 * one live code per account, a new one replaces it. Staff accounts are never
 * reset this way (their security administrator resets them). */
#ifndef ONESTOP_RESET_H
#define ONESTOP_RESET_H

#include <stdint.h>
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "domain/core/ratelimit.h"
#include "base/errs.h"
#include "store/store.h"

#define RESET_MAX_ATTEMPTS 5
#define RESET_CODE_LEN 9 /* the longest code (8 digits) and the NUL */
#define RESET_USERNAME_LEN 65

/* Asks for a code by phone. E_OK whether or not username and phone match an
 * account (nothing tells them apart); E_VALIDATION (errs) for a phone that
 * is no phone number; E_RATE_LIMITED (hit) when the client address asked
 * too often. A matching account past its own limit gets no new code, and the
 * answer is still E_OK. */
errcode_t reset_request_sms(store_t *st, const actor_t *by, const char *username, const char *phone,
			    const char *client_addr, errs_t *errs, limit_hit_t *hit);

/* What the window clerk hands over. */
typedef struct {
	char account_id[ACTOR_ID_LEN];
	char username[RESET_USERNAME_LEN];
	char code[RESET_CODE_LEN];
	int64_t expires_at; /* UTC ms */
} reset_issued_t;

/* The clerk issues a code for the active account registered with exactly one
 * of id_number (a person) or credit_code (an enterprise). E_VALIDATION
 * (errs) for a number that is not one, or for both or neither; E_NOT_FOUND
 * when no active account has it. Audited with the clerk's id. */
errcode_t reset_issue_at_window(store_t *st, const actor_t *clerk, const char *id_number,
				const char *credit_code, errs_t *errs, reset_issued_t *out);

/* Inside a write: issues the claim code of a person's account that a window
 * clerk has just opened for them (walkin.h), and sends it with the username
 * to `phone` through the outbox ("sms" channel). The code is a window code
 * (8 digits) that lives RESET_CLAIM_TTL_MS, used like any other with
 * reset_confirm (the portal's 忘记密码 page). Writes the expiry to *expires_at.
 * Audited with the clerk's id. 0, < 0 on a database error. */
#define RESET_CLAIM_TTL_MS (3LL * 24 * 60 * 60 * 1000)
int reset_claim_code_on(dbc_t *c, const actor_t *clerk, const char *account_id, const char *username,
			const char *name, int64_t now, int64_t *expires_at);

/* Sets the account's password with a live code. E_VALIDATION (errs) for a new
 * password that breaks the registration rules or a code that is not 6 or 8
 * digits; E_RESET_CODE for anything else wrong — an unknown username, no
 * code, a wrong, used or expired code, or too many tries — never saying
 * which. On success every session of the account is ended. */
errcode_t reset_confirm(store_t *st, const actor_t *by, const char *username, const char *code,
			const char *new_password, errs_t *errs);

/* The job: removes codes (and the messages that carried them) used or
 * expired longer ago than their retention. How many, < 0 on error. */
int reset_job_purge(store_t *st);

#endif
