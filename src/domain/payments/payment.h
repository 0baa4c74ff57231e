/* payment.h — fees (缴费): the payment notice (缴款通知书) of a case whose
 * matter charges a fee (docs/payments.md).
 *
 * A notice is issued in the transaction of the case step the matter names
 * (`fee_step`: accept or approve; an immediate matter's handle_now), with a
 * payment code the applicant pays by, and the applicant is told. It is paid
 * once: at the window, where a clerk of the case's department records the
 * money taken, or online, where the payment provider's notification — its
 * exact body signed with the provider's Ed25519 key — confirms it. Either
 * way the notice gets a receipt number. Where the matter makes the result
 * wait for the fee (`fee_before_result`), the case machine's guard
 * (cases/case_flow.c) keeps the result back until the notice is paid. A case
 * that ends without a result (refused, denied, withdrawn) cancels its
 * unpaid notice. */
#ifndef ONESTOP_PAYMENT_H
#define ONESTOP_PAYMENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/errs.h"
#include "domain/cases/case_hooks.h"
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "store/store.h"

#define PAYMENT_CODE_DIGITS 20
#define PAYMENT_PROVIDER_KEY_BYTES 32 /* the provider's Ed25519 public key */
#define PAYMENT_BODY_MAX 4096         /* a provider notification's body */

/* ---- the payment code (payment_code.c, pure) ---- */
/* A fresh code: 18 random digits and 2 check digits (ISO 7064 MOD 97-10);
 * out has PAYMENT_CODE_DIGITS + 1 bytes. */
void payment_code_make(char out[PAYMENT_CODE_DIGITS + 1]);
/* Whether s is 20 digits whose check digits hold (a typing slip fails). */
bool payment_code_valid(const char *s);

/* ---- the case hook (registry.c's CASE_HOOKS) ---- */
/* Issues the notice at the matter's fee step, cancels an unpaid one when the
 * case ends without a result. 0, or -1 on a database error. */
int payment_case_hook(const case_change_t *ch);
/* Whether the case's notice is paid (false when it has none). */
bool payment_case_paid(dbc_t *c, const char *case_id);
/* The case's notice as the case view shows it, new; NULL when it has none. */
json_t *payment_case_json(dbc_t *c, const char *case_id);
/* The department and payer of a case's notice; false when it has none. */
bool payment_case_owner(dbc_t *c, const char *case_id, char *department, size_t dlen, char *payer,
			size_t plen);

/* ---- paying ---- */
typedef struct {
	const char *payment_code; /* as the applicant shows it */
	int64_t amount_fen;       /* the money taken: must be the notice's amount */
	const char *method;       /* cash | card | mobile */
} payment_window_t;
/* A clerk records the money taken at the window for the case's notice
 * (the caller has checked the clerk's department). E_OK, E_NOT_FOUND (no
 * notice), E_STATE (paid or cancelled already), E_VALIDATION (errs: code or
 * amount not the notice's, method). */
errcode_t payment_record_window(store_t *st, const actor_t *by, const char *case_id,
				const payment_window_t *in, errs_t *errs);

/* The provider's notification: body (exactly as received) and its signature
 * (the X-Payment-Signature header: base64 of 64 bytes). The signature is
 * checked with the provider's key over the raw bytes before anything in the
 * body is read; then the body {payment_code, amount_fen, transaction_id,
 * paid_at} must name an issued notice and its amount. The same transaction
 * again answers as the first time (*replayed) and changes nothing.
 * E_OK (*out: the notice's view), E_UNAVAILABLE (no provider key configured),
 * E_BAD_SIGNATURE, E_VALIDATION (errs), E_NOT_FOUND (no such code),
 * E_STATE (cancelled, or paid by another transaction), E_CONFLICT (the
 * transaction paid another notice). Nothing changes unless E_OK and not
 * replayed. The audit log records the payment as the system's, with request_id. */
errcode_t payment_provider_notify(store_t *st, const unsigned char *provider_key, const char *body,
				  size_t len, const char *signature, const char *request_id, errs_t *errs,
				  json_t **out, bool *replayed);

#endif
