/* totp.h — the staff second factor: one TOTP secret per staff account
 * (RFC 6238, base/totp.h), enrolled by the security administrator, sealed at
 * rest with the keystore's KEY_TOTP subkey, shown once (as base32 and an
 * otpauth:// URI) and never logged. Login (session.c) asks totp_check
 * whether a code matches, then claims its step with totp_claim inside the
 * login's own write, so that a code accepted once is never accepted again
 * for that account — on any node, even when two requests race. */
#ifndef ONESTOP_TOTP_ACCOUNT_H
#define ONESTOP_TOTP_ACCOUNT_H

#include <stdint.h>
#include "base/totp.h"
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "store/store.h"

#define TOTP_URI_LEN 160

/* Whether `code` is the account's current code (±TOTP_WINDOW steps) and not
 * one already used: E_OK with *step set; E_OTP_NOT_ENROLLED (no secret),
 * E_OTP_REQUIRED (code NULL or ""), E_OTP_INVALID, E_OTP_REUSED, or
 * E_INTERNAL (the secret cannot be opened: another key file). */
errcode_t totp_check(dbc_t *c, const char *account_id, const char *code, int64_t now_ms, int64_t *step);
/* Inside a write: records `step` as the account's last accepted one unless a
 * step at least as late is recorded already. 0 claimed, E_OTP_REUSED, or < 0
 * on a database error. */
int totp_claim(dbc_t *c, const char *account_id, int64_t step, int64_t now_ms);

/* Enrols (or replaces) the second factor of an active staff account: a new
 * random secret, or the given base32 one (the demo seed). `username`, when
 * not NULL, must be that account's (a check against resetting the wrong
 * person). Writes the secret as base32 and its otpauth:// URI to the
 * outputs, for the caller to show once. E_OK, E_NOT_FOUND (no such active
 * staff account), E_VALIDATION (the username differs, or a given secret is
 * not base32 of 20 bytes), E_INTERNAL. Audited, the secret left out. */
errcode_t totp_enrol(store_t *st, const actor_t *by, const char *account_id, const char *username,
		     const char *base32, char secret_out[TOTP_BASE32_LEN], char uri_out[TOTP_URI_LEN]);

#endif
