/* payment_notify.c — the payment provider's notification that a notice is
 * paid (see payment.h). Nobody logs in to send it: what makes it true is the
 * provider's Ed25519 signature over the body's exact bytes, checked with the
 * provider's public key from the platform's configuration before a single
 * member of the body is read. Then the body must name an issued notice by
 * its payment code and carry its amount; the provider's transaction id is
 * unique, so a notification the provider sends again (it retries until it
 * hears success) is answered as before and pays nothing twice. */
#include "domain/payments/payment.h"
#include "domain/payments/payment_store.h"
#include "domain/core/audit.h"
#include "base/clock.h"
#include "base/jsonin.h"
#include "base/sign.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define SIG_BYTES 64

/* Whether `signature` (base64, padded) is the provider's signature of body. */
static bool signed_by_provider(const unsigned char *key, const char *body, size_t len, const char *signature)
{
	unsigned char sig[SIG_BYTES + 1];
	size_t n = 0;
	if (!signature ||
	    sodium_base642bin(sig, sizeof sig, signature, strlen(signature), NULL, &n, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    n != SIG_BYTES)
		return false;
	sign_key_t k;
	if (sign_key_public(SIGN_ED25519, key, PAYMENT_PROVIDER_KEY_BYTES, &k) != 0)
		return false;
	return sign_verify(&k, body, len, sig, n);
}

typedef struct {
	const char *code, *txn;
	long long amount;
} notice_in_t;

struct notify_ctx {
	const notice_in_t *in;
	errs_t *errs;
	json_t *out;
	bool replayed;
	const char *request_id;
};

static int notify_write(dbc_t *c, void *arg)
{
	struct notify_ctx *x = arg;
	errs_clear(x->errs);
	json_decref(x->out);
	x->out = NULL;
	x->replayed = false;
	payment_row_t r;
	if (payment_store_by_txn(c, x->in->txn, &r)) {
		if (strcmp(r.code, x->in->code) != 0 || r.amount_fen != x->in->amount)
			return E_CONFLICT; /* the transaction paid another notice, or another sum */
		x->replayed = true;
		x->out = payment_case_json(c, r.case_id);
		return E_OK;
	}
	if (!payment_store_by_code(c, x->in->code, &r))
		return E_NOT_FOUND;
	if (strcmp(r.status, "issued") != 0)
		return E_STATE;
	if (r.amount_fen != x->in->amount) {
		errs_add(x->errs, "amount_fen", "mismatch", "金额与缴款通知书金额不符",
			 "the amount differs from the notice's");
		return E_VALIDATION;
	}
	actor_t provider;
	actor_system(&provider, x->request_id);
	snprintf(r.channel, sizeof r.channel, "provider");
	snprintf(r.txn, sizeof r.txn, "%s", x->in->txn);
	int rc = payment_pay(c, &provider, &r, clock_now_ms());
	if (rc != 0)
		return rc == 1 ? E_STALE : rc;
	x->out = payment_case_json(c, r.case_id);
	return E_OK;
}

errcode_t payment_provider_notify(store_t *st, const unsigned char *provider_key, const char *body,
				  size_t len, const char *signature, const char *request_id, errs_t *errs,
				  json_t **out, bool *replayed)
{
	*out = NULL;
	*replayed = false;
	if (!signature || !*signature)
		return E_BAD_SIGNATURE; /* whatever the configuration: unsigned is never enough */
	if (!provider_key)
		return E_UNAVAILABLE;
	if (!body || len == 0 || len > PAYMENT_BODY_MAX ||
	    !signed_by_provider(provider_key, body, len, signature))
		return E_BAD_SIGNATURE;
	json_t *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
	notice_in_t in = {0};
	const char *paid_at = NULL;
	jfield_t spec[] = {
	    {"payment_code", JF_STRING, true, 1, 32, &in.code, NULL},
	    {"amount_fen", JF_INT, true, 1, 100000000, &in.amount, NULL},
	    {"transaction_id", JF_STRING, true, 1, PAYMENT_TXN_MAX, &in.txn, NULL},
	    {"paid_at", JF_STRING, false, 1, 40, &paid_at, NULL},
	    JF_END,
	};
	if (!doc)
		errs_add(errs, "body", "malformed", "通知内容不是有效的 JSON",
			 "the notification is not valid JSON");
	else
		json_spec_parse(doc, spec, NULL, errs);
	if (in.code && !payment_code_valid(in.code))
		errs_add(errs, "payment_code", "invalid", "缴款码应为 20 位数字且校验位正确",
			 "a payment code is 20 digits with valid check digits");
	if (errs_any(errs)) {
		json_decref(doc);
		return E_VALIDATION;
	}
	struct notify_ctx x = {&in, errs, NULL, false, request_id ? request_id : ""};
	int rc = store_write(st, notify_write, &x);
	json_decref(doc);
	if (rc == 0) {
		*out = x.out;
		*replayed = x.replayed;
	} else
		json_decref(x.out);
	return rc < 0 ? E_INTERNAL : (errcode_t)rc;
}
