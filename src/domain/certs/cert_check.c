/* cert_check.c — see cert_check.h. Pure: jansson, base/jcs and base/sign. */
#include "domain/certs/cert_check.h"
#include "domain/certs/cert_ident.h"
#include "domain/certs/cert_key.h"
#include "base/date.h"
#include "base/jcs.h"
#include "base/mem.h"
#include "base/sign.h"
#include "domain/certs/cert_compact.h"
#include <stdlib.h>
#include <string.h>

const char *cert_verdict_name(cert_verdict_t v)
{
	switch (v) {
	case CERT_VALID:
		return "valid";
	case CERT_REVOKED:
		return "revoked";
	case CERT_EXPIRED:
		return "expired";
	case CERT_SUPERSEDED:
		return "superseded";
	case CERT_INVALID:
		return "invalid";
	}
	return "invalid";
}

static const json_t *find_key(const json_t *keys, const char *id)
{
	const json_t *arr = json_object_get(keys, "keys");
	for (size_t i = 0; i < json_array_size(arr); i++) {
		const json_t *k = json_array_get(arr, i);
		if (json_is_string(json_object_get(k, "id")) &&
		    !strcmp(json_string_value(json_object_get(k, "id")), id))
			return k;
	}
	return NULL;
}

static const char *str(const json_t *o, const char *name)
{
	const json_t *v = json_object_get(o, name);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Verifies sig over the canonical form of doc with the published key k. */
static bool verify_with(const json_t *k, const json_t *doc, const char *alg_name, const char *sig_b64)
{
	sign_alg_t alg;
	sign_key_t pub;
	unsigned char pk[SIGN_PUB_MAX + 1], sig[SIGN_SIG_MAX + 1];
	const char *kalg = str(k, "algorithm");
	if (!kalg || !alg_name || strcmp(kalg, alg_name) != 0 || !sign_alg_parse(kalg, &alg))
		return false;
	int pn = cert_b64url_decode(str(k, "public_key"), pk, sizeof pk);
	int sn = cert_b64url_decode(sig_b64, sig, sizeof sig);
	if (pn < 0 || sn <= 0 || sign_key_public(alg, pk, (size_t)pn, &pub) != 0)
		return false;
	size_t len;
	char *canon = jcs_encode(doc, &len);
	bool ok = canon && sign_verify(&pub, canon, len, sig, (size_t)sn);
	free(canon);
	return ok;
}

static void fail(cert_check_t *out, const char *code, const char *zh, const char *en)
{
	out->verdict = CERT_INVALID;
	out->reason = code;
	out->reason_zh = zh;
	out->reason_en = en;
}

void cert_check(const json_t *signed_cert, const json_t *keys, const json_t *revoked, int64_t now,
		cert_check_t *out)
{
	memset(out, 0, sizeof *out);
	out->revocation_checked = revoked != NULL;
	const json_t *doc = json_object_get(signed_cert, "certificate");
	const json_t *sig = json_object_get(signed_cert, "signature");
	const char *key_id = str(sig, "key_id"), *alg = str(sig, "algorithm"), *value = str(sig, "value");
	const json_t *issued = json_object_get(doc, "issued_at");
	const json_t *issuer = json_object_get(doc, "issuer");
	if (!json_is_object(signed_cert) || json_object_size(signed_cert) != 2 || !json_is_object(doc) ||
	    !json_is_object(sig) || !key_id || !alg || !value || !json_is_integer(issued) ||
	    !str(doc, "id") || !str(issuer, "department") || !cert_ident_valid(str(doc, "identifier")) ||
	    !str(doc, "key_id") || strcmp(str(doc, "key_id"), key_id) != 0 || !str(doc, "algorithm") ||
	    strcmp(str(doc, "algorithm"), alg)) {
		fail(out, "malformed", "证照格式不正确", "The certificate is malformed");
		return;
	}
	const json_t *k = find_key(keys, key_id);
	if (!k) {
		fail(out, "unknown_key", "签名密钥未公布", "The signing key is not among the published keys");
		return;
	}
	const char *kdept = str(k, "department");
	if (!kdept || strcmp(kdept, str(issuer, "department")) != 0 || !str(k, "purpose") ||
	    strcmp(str(k, "purpose"), "certificates") != 0 || !str(k, "algorithm") ||
	    strcmp(str(k, "algorithm"), alg) != 0) {
		fail(out, "wrong_key", "签名密钥不属于发证部门",
		     "The key does not belong to the issuing department");
		return;
	}
	if (!verify_with(k, doc, alg, value)) {
		fail(out, "bad_signature", "签名验证失败（内容可能被篡改）",
		     "The signature does not verify (the content may have been altered)");
		return;
	}
	int64_t at = json_integer_value(issued);
	const json_t *nb = json_object_get(k, "not_before"), *na = json_object_get(k, "not_after"),
		     *ra = json_object_get(k, "retired_at");
	if (!json_is_integer(nb) || !json_is_integer(na) || at < json_integer_value(nb) ||
	    at >= json_integer_value(na) || (json_is_integer(ra) && at >= json_integer_value(ra))) {
		fail(out, "key_not_in_service", "签发时签名密钥不在有效期内",
		     "The key was not in service when the certificate says it was issued");
		return;
	}
	const char *id = str(doc, "id");
	for (size_t i = 0; i < json_array_size(revoked); i++) {
		const json_t *e = json_array_get(revoked, i);
		if (str(e, "id") && strcmp(str(e, "id"), id) == 0) {
			bool superseded = json_object_get(e, "superseded_at") != NULL;
			out->verdict = superseded ? CERT_SUPERSEDED : CERT_REVOKED;
			out->reason = superseded ? "superseded" : "revoked";
			out->reason_zh = superseded ? "证照已被新版本取代" : "证照已被注销";
			out->reason_en = superseded ? "A newer version of the certificate replaced it"
						    : "The certificate has been revoked";
			out->revocation = e;
			return;
		}
	}
	const char *until = str(doc, "valid_until");
	char today[DATE_STR_LEN];
	date_format(date_from_ms(now), today);
	if (until && strcmp(until, today) < 0) {
		out->verdict = CERT_EXPIRED;
		out->reason = "expired";
		out->reason_zh = "证照已过有效期";
		out->reason_en = "The certificate has expired";
		return;
	}
	out->verdict = CERT_VALID;
	out->reason = "";
	out->reason_zh = "证照有效";
	out->reason_en = "The certificate is valid";
}

json_t *cert_sign_document(const char *name, const json_t *doc, const void *key, const char *key_id)
{
	const sign_key_t *k = key;
	size_t len;
	char *canon = jcs_encode(doc, &len);
	unsigned char sig[SIGN_SIG_MAX];
	size_t n = 0;
	if (!canon || sign_sign(k, canon, len, sig, &n) != 0) {
		free(canon);
		return NULL;
	}
	free(canon);
	char *b64 = cert_b64url(sig, n);
	json_t *out = json_pack("{sO s{ss ss ss}}", name, doc, "signature", "key_id", key_id, "algorithm",
				sign_alg_name(k->alg), "value", b64);
	free(b64);
	return out;
}

bool cert_signed_by_published(const char *name, const json_t *signed_doc, const json_t *keys)
{
	const json_t *doc = json_object_get(signed_doc, name),
		     *sig = json_object_get(signed_doc, "signature");
	const char *key_id = str(sig, "key_id");
	const json_t *k = key_id ? find_key(keys, key_id) : NULL;
	return json_is_object(doc) && k && verify_with(k, doc, str(sig, "algorithm"), str(sig, "value"));
}

/* A name as the public may see it: the first character, and for names of
 * more than four characters the last two, the rest as '*'. */
static char *mask_name(const char *name)
{
	size_t n = 0, len = strlen(name);
	size_t starts[256];
	for (size_t i = 0; i < len && n < 256; i++)
		if (((unsigned char)name[i] & 0xC0) != 0x80)
			starts[n++] = i;
	char *out = xmalloc(len + n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		size_t end = i + 1 < n ? starts[i + 1] : len;
		bool keep = i == 0 || (n > 4 && i >= n - 2);
		if (keep) {
			memcpy(out + o, name + starts[i], end - starts[i]);
			o += end - starts[i];
		} else {
			out[o++] = '*';
		}
	}
	out[o] = '\0';
	return out;
}

char *cert_public_name(const char *name)
{
	return mask_name(name ? name : "");
}

/* The public summary of a certificate: no holder id, the name masked. */
static json_t *summary(const json_t *doc)
{
	const json_t *holder = json_object_get(doc, "holder");
	const char *name = json_string_value(json_object_get(holder, "name"));
	char *masked = mask_name(name ? name : "");
	json_t *out =
	    json_pack("{sO? sO? sO? sO? s{sO? so} sO? sO?}", "id", json_object_get(doc, "id"), "identifier",
		      json_object_get(doc, "identifier"), "type", json_object_get(doc, "type"), "title",
		      json_object_get(doc, "title"), "holder", "kind", json_object_get(holder, "kind"),
		      "name", json_string(masked), "issued_on", json_object_get(doc, "issued_on"),
		      "valid_until", json_object_get(doc, "valid_until"));
	json_t *issuer = json_object_get(doc, "issuer");
	if (issuer)
		json_object_set_new(out, "issuer",
				    json_pack("{sO? sO?}", "department",
					      json_object_get(issuer, "department"), "name",
					      json_object_get(issuer, "name")));
	free(masked);
	return out;
}

json_t *cert_answer_json(const cert_check_t *k, const json_t *doc)
{
	json_t *out = json_pack("{ss ss s{ss ss} sb}", "status", cert_verdict_name(k->verdict), "reason",
				k->reason, "message", "zh", k->reason_zh, "en", k->reason_en,
				"revocation_checked", k->revocation_checked);
	if (k->verdict != CERT_INVALID && doc)
		json_object_set_new(out, "certificate", summary(doc));
	if (k->revocation && k->verdict == CERT_SUPERSEDED) {
		json_object_set(out, "superseded_at", json_object_get(k->revocation, "superseded_at"));
		json_object_set(out, "superseded_by", json_object_get(k->revocation, "superseded_by"));
	} else if (k->revocation) {
		json_object_set(out, "revoked_at", json_object_get(k->revocation, "revoked_at"));
		json_object_set(out, "revoke_reason", json_object_get(k->revocation, "reason"));
	}
	return out;
}

json_t *cert_verify_offline(const char *input, const json_t *keys, const json_t *revocations, int64_t now)
{
	cert_check_t k;
	const char *why = "";
	json_t *signed_cert = NULL;
	const char *p = input;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (*p == '{')
		signed_cert = json_loads(p, JSON_REJECT_DUPLICATES, NULL);
	else
		signed_cert = cert_compact_decode(p, &why);
	const json_t *revoked = NULL;
	bool list_ok = true;
	if (revocations) {
		list_ok = cert_signed_by_published("revocations", revocations, keys);
		revoked = json_object_get(json_object_get(revocations, "revocations"), "revoked");
		if (!json_is_array(revoked))
			list_ok = false;
	}
	if (!list_ok) {
		json_decref(signed_cert);
		return json_pack("{ss ss s{ss ss} sb}", "status", "invalid", "reason", "bad_revocation_list",
				 "message", "zh", "注销列表的签名验证失败", "en",
				 "The revocation list's signature does not verify", "revocation_checked",
				 false);
	}
	cert_check(signed_cert, keys, revoked, now, &k);
	json_t *out = cert_answer_json(&k, json_object_get(signed_cert, "certificate"));
	json_decref(signed_cert);
	return out;
}
