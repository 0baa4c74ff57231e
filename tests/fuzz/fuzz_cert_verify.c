/* fuzz_cert_verify.c — what `onestop verify-cert` reads: a certificate's
 * signed JSON or the text of its QR code (cert_compact.h), which anyone can
 * hand a verifier. The keys are fixed: one Ed25519 key of department amr,
 * made from this harness's seed, in service from 0 to far in the future.
 *
 * Checked, by rules stated apart from the code:
 *   - every input gets an answer, whose status is valid, revoked, expired or
 *     invalid (never a crash, never no answer);
 *   - an answer of valid only for a certificate this harness signed: the
 *     input's certificate, canonicalised, is byte for byte the reference
 *     certificate's canonical form (the signature covers exactly that);
 *   - the reference certificate itself, as JSON and as compact text, is
 *     valid on the first execution and every REF_EVERY-th after it, so that
 *     an input that left state behind (a cache, a key) which breaks honest
 *     certificates is caught; not on every one, as two signature checks an
 *     execution would be nine tenths of the run. */
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/jcs.h"
#include "base/sign.h"
#include "domain/certs/cert_check.h"
#include "domain/certs/cert_compact.h"
#include "domain/certs/cert_ident.h"
#include "domain/certs/cert_key.h"

#include "check.h"

#define NOW 1795000000000LL
#define REF_EVERY 256

static json_t *KEYS, *REF;
static char *REF_CANON, *REF_JSON, *REF_COMPACT;

static void init(void)
{
	if (KEYS)
		return;
	CHECK(sodium_init() >= 0);
	sign_key_t k = {.alg = SIGN_ED25519, .pub_len = 32, .priv_len = 32};
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	memset(k.priv, 0x42, 32);
	crypto_sign_seed_keypair(k.pub, sk, k.priv);
	char *pub = cert_b64url(k.pub, 32);
	KEYS = json_pack("{s[{ss ss ss ss ss sI sI sn}]}", "keys", "id", "amr-fuzz", "purpose", "certificates",
			 "department", "amr", "algorithm", "Ed25519", "public_key", pub, "not_before", (json_int_t)0,
			 "not_after", (json_int_t)4102444800000LL, "retired_at");
	free(pub);
	char ident[CERT_IDENT_LEN];
	CHECK(cert_ident_make("SPJY", "11310000AMR0000000", 1, 1, ident) == 0);
	json_t *doc = json_pack("{ss ss ss s{ss} s{ss ss ss} sI ss ss ss}", "format", "onestop-cert/1", "id",
				"00112233445566778899aabbccddeeff", "identifier", ident, "issuer", "department", "amr",
				"holder", "kind", "enterprise", "id", "91310101MA1FPX0Q1Y", "name", "上海小吃",
				"issued_at", (json_int_t)NOW, "valid_until", "2099-12-31", "key_id", "amr-fuzz",
				"algorithm", "Ed25519");
	REF = cert_sign_document("certificate", doc, &k, "amr-fuzz");
	CHECK(REF);
	REF_CANON = jcs_encode(doc, NULL);
	REF_JSON = json_dumps(REF, 0);
	REF_COMPACT = cert_compact_encode(REF);
	json_decref(doc);
	sign_key_wipe(&k);
}

static const char *status_of(const char *input)
{
	static char status[16];
	json_t *a = cert_verify_offline(input, KEYS, NULL, NOW);
	CHECK(a);
	const char *s = json_string_value(json_object_get(a, "status"));
	CHECK(s && (!strcmp(s, "valid") || !strcmp(s, "revoked") || !strcmp(s, "expired") || !strcmp(s, "invalid")));
	snprintf(status, sizeof status, "%s", s);
	json_decref(a);
	return status;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned long runs;
	init();
	if (runs++ % REF_EVERY == 0) {
		CHECK(!strcmp(status_of(REF_JSON), "valid"));
		CHECK(!strcmp(status_of(REF_COMPACT), "valid"));
	}
	if (size > 100000)
		return 0;
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	if (!strcmp(status_of(text), "valid")) {
		const char *why = "";
		const char *p = text;
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		json_t *v = *p == '{' ? json_loads(p, JSON_REJECT_DUPLICATES, NULL) : cert_compact_decode(p, &why);
		CHECK(v);
		char *canon = jcs_encode(json_object_get(v, "certificate"), NULL);
		CHECK(canon && !strcmp(canon, REF_CANON));
		free(canon);
		json_decref(v);
	}
	free(text);
	return 0;
}
