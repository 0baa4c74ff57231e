/* cert_read.c — the JSON views of certificates: the published keys and
 * revocation list, the public verify answers and the holder's wallet. */
#include "domain/certs/cert.h"
#include "domain/certs/cert_check.h"
#include "domain/certs/cert_compact.h"
#include "domain/certs/cert_key.h"
#include "domain/certs/cert_store.h"
#include "domain/identity/agents.h"
#include "base/keystore.h"
#include "base/log.h"
#include "base/date.h"
#include "base/mem.h"
#include "base/seal.h"
#include "base/sign.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The revocation list's Ed25519 key: derived from the certificate key
 * (KEY_CERT_SIGN) and a fixed label, so it is never stored. */
static bool list_key(sign_key_t *k, char id[CERT_KEY_ID_LEN])
{
	if (!keystore_loaded())
		return false;
	unsigned char sub[KEY_BYTES], sk[crypto_sign_SECRETKEYBYTES];
	keystore_derive(KEY_CERT_SIGN, sub);
	memset(k, 0, sizeof *k);
	k->alg = SIGN_ED25519;
	crypto_generichash(k->priv, 32, (const unsigned char *)"onestop revocation list", 23, sub,
			   sizeof sub);
	crypto_sign_seed_keypair(k->pub, sk, k->priv);
	sodium_memzero(sub, sizeof sub);
	sodium_memzero(sk, sizeof sk);
	k->pub_len = k->priv_len = 32;
	char *b = cert_b64url(k->pub, 6);
	snprintf(id, CERT_KEY_ID_LEN, "revocations-%s", b);
	free(b);
	return true;
}

json_t *cert_published_keys(dbc_t *c)
{
	json_t *out = cert_keys_json(c);
	sign_key_t k;
	char id[CERT_KEY_ID_LEN];
	if (list_key(&k, id)) {
		char *pub = cert_b64url(k.pub, k.pub_len);
		json_array_append_new(json_object_get(out, "keys"),
				      json_pack("{ss ss ss ss sI sI sn}", "id", id, "purpose", "revocations",
						"algorithm", "Ed25519", "public_key", pub, "not_before",
						(json_int_t)0, "not_after", (json_int_t)INT64_MAX,
						"retired_at"));
		free(pub);
		sign_key_wipe(&k);
	}
	return out;
}

static void add_revoked(const cert_row_t *r, void *ctx)
{
	if (r->status && !strcmp(r->status, "superseded")) {
		json_t *e = json_pack("{ss ss sI ss}", "id", r->id, "identifier", r->identifier,
				      "superseded_at", (json_int_t)r->superseded_at, "superseded_by",
				      r->superseded_by ? r->superseded_by : "");
		json_array_append_new(ctx, e);
		return;
	}
	json_array_append_new(ctx, json_pack("{ss ss sI ss}", "id", r->id, "identifier", r->identifier,
					     "revoked_at", (json_int_t)r->revoked_at, "reason",
					     r->revoke_reason ? r->revoke_reason : ""));
}

json_t *cert_revocation_list(dbc_t *c, int64_t now)
{
	sign_key_t k;
	char id[CERT_KEY_ID_LEN];
	if (!list_key(&k, id))
		return NULL;
	json_t *revoked = json_array();
	cert_store_revoked_each(c, add_revoked, revoked);
	json_t *list = json_pack("{ss sI so}", "format", "onestop-revocations/1", "issued_at",
				 (json_int_t)now, "revoked", revoked);
	json_t *out = cert_sign_document("revocations", list, &k, id);
	sign_key_wipe(&k);
	json_decref(list);
	return out;
}

static json_t *unknown(void)
{
	return json_pack("{ss ss s{ss ss} sb}", "status", "unknown", "reason", "unknown", "message", "zh",
			 "查无此证照", "en", "No certificate has this id", "revocation_checked", true);
}

struct stored {
	json_t *signed_cert;
	json_t *revoked; /* one entry when revoked */
	json_t *row;     /* the wallet's extra columns */
};

static void take_stored(const cert_row_t *r, void *ctx)
{
	struct stored *s = ctx;
	char *text = seal_open(r->document);
	s->signed_cert = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	s->revoked = json_array();
	if (r->status && (!strcmp(r->status, "revoked") || !strcmp(r->status, "superseded")))
		add_revoked(r, s->revoked);
}

/* Checks a stored certificate as a verifier would, with the database's keys and revocations. */
static json_t *check_stored(dbc_t *c, struct stored *s, int64_t now)
{
	json_t *keys = cert_published_keys(c);
	cert_check_t k;
	cert_check(s->signed_cert, keys, s->revoked, now, &k);
	json_t *out = cert_answer_json(&k, json_object_get(s->signed_cert, "certificate"));
	json_decref(keys);
	return out;
}

json_t *cert_verify_id(dbc_t *c, const char *id, int64_t now)
{
	struct stored s = {0};
	if (strlen(id) != CERT_ID_LEN - 1 || strspn(id, "0123456789abcdef") != CERT_ID_LEN - 1 ||
	    !cert_store_get(c, id, take_stored, &s))
		return unknown();
	json_t *out = check_stored(c, &s, now);
	json_decref(s.signed_cert);
	json_decref(s.revoked);
	return out;
}

json_t *cert_verify_signed(dbc_t *c, const json_t *signed_cert, int64_t now)
{
	json_t *keys = cert_published_keys(c);
	cert_check_t k;
	cert_check(signed_cert, keys, NULL, now, &k);
	json_t *out = NULL;
	const char *id =
	    json_string_value(json_object_get(json_object_get(signed_cert, "certificate"), "id"));
	if (k.verdict != CERT_INVALID && id) {
		/* the signature holds; the database knows whether it was revoked since */
		struct stored s = {0};
		if (cert_store_get(c, id, take_stored, &s)) {
			cert_check(signed_cert, keys, s.revoked, now, &k);
			out = cert_answer_json(&k, json_object_get(signed_cert, "certificate"));
		} else {
			out = unknown();
		}
		json_decref(s.signed_cert);
		json_decref(s.revoked);
	} else {
		out = cert_answer_json(&k, NULL);
	}
	json_decref(keys);
	return out;
}

struct wallet {
	dbc_t *c;
	int64_t now;
	json_t *items;
	const char *owner;
	page_t page;
};

static void add_held(const cert_row_t *r, void *ctx)
{
	struct wallet *w = ctx;
	if (!page_take(&w->page, r->issued_at, r->id))
		return;
	/* held for an account the wallet's owner acts for; NULL: the owner's own */
	const char *held_by = strcmp(r->holder_account, w->owner) != 0 ? r->holder_account : NULL;
	struct stored s = {0};
	take_stored(r, &s);
	json_t *v = check_stored(w->c, &s, w->now);
	json_t *item = json_pack(
	    "{ss ss ss sO? sO? sO? ss sO}", "id", r->id, "identifier", r->identifier, "type", r->type,
	    "title", json_object_get(json_object_get(s.signed_cert, "certificate"), "title"), "issued_on",
	    json_object_get(json_object_get(s.signed_cert, "certificate"), "issued_on"), "valid_until",
	    json_object_get(json_object_get(s.signed_cert, "certificate"), "valid_until"), "department",
	    r->department, "status", json_object_get(v, "status"));
	json_object_set(item, "signed", s.signed_cert ? s.signed_cert : json_null());
	char *compact = s.signed_cert ? cert_compact_encode(s.signed_cert) : NULL;
	json_object_set_new(item, "compact", compact ? json_string(compact) : json_null());
	free(compact);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/certificates/%s/verify", r->id);
	json_object_set_new(item, "verify_path", json_string(path));
	account_brief_t by;
	if (held_by && account_brief(w->c, held_by, &by))
		json_object_set_new(item, "held_by",
				    json_pack("{ss ss ss}", "id", held_by, "name", by.name, "kind", by.kind));
	json_array_append_new(w->items, item);
	json_decref(v);
	json_decref(s.signed_cert);
	json_decref(s.revoked);
}

json_t *cert_of_holder(dbc_t *c, const char *account, int64_t now, int limit, const page_cursor_t *after)
{
	/* the owner's and those of the enterprises the owner acts for (its legal representative's
	 * wallet), one list newest first */
	struct wallet w = {c, now, json_array(), account, page_start(limit)};
	if (cert_store_wallet_page(c, account, after, w.page.limit + 1, add_held, &w) != 0) {
		json_decref(w.items);
		return NULL;
	}
	return page_answer(w.items, &w.page);
}

json_t *cert_shared_view(dbc_t *c, const char *id, int64_t now)
{
	struct stored s = {0};
	if (!cert_store_get(c, id, take_stored, &s) || !s.signed_cert) {
		json_decref(s.signed_cert);
		json_decref(s.revoked);
		return NULL;
	}
	const json_t *doc = json_object_get(s.signed_cert, "certificate");
	const json_t *holder = json_object_get(doc, "holder");
	const char *kind = json_string_value(json_object_get(holder, "kind"));
	const char *name = json_string_value(json_object_get(holder, "name"));
	const char *hid = json_string_value(json_object_get(holder, "id"));
	bool in_public = kind && !strcmp(kind, "enterprise");
	char *shown_name = in_public ? xstrdup(name ? name : "") : cert_mask_name(name ? name : "");
	char masked_id[64];
	if (in_public)
		snprintf(masked_id, sizeof masked_id, "%s", hid ? hid : "");
	else
		mask_id_number(hid ? hid : "", masked_id, sizeof masked_id);
	json_t *cert = json_pack("{sO? sO? sO? sO? sO? sO? sO? sO? s{sO? ss ss} sO?}", "id",
				 json_object_get(doc, "id"), "identifier", json_object_get(doc, "identifier"),
				 "type", json_object_get(doc, "type"), "title", json_object_get(doc, "title"),
				 "number", json_object_get(doc, "number"), "issuer",
				 json_object_get(doc, "issuer"), "issued_on",
				 json_object_get(doc, "issued_on"), "valid_until",
				 json_object_get(doc, "valid_until"), "holder", "kind",
				 json_object_get(holder, "kind"), "name", shown_name, "id", masked_id,
				 "fields", json_object_get(doc, "fields"));
	free(shown_name);
	json_t *out = json_pack("{so so}", "verification", check_stored(c, &s, now), "certificate", cert);
	char *compact = in_public ? cert_compact_encode(s.signed_cert) : NULL;
	json_object_set(out, "signed", in_public ? s.signed_cert : json_null());
	json_object_set_new(out, "compact", compact ? json_string(compact) : json_null());
	json_object_set_new(out, "signed_withheld", json_boolean(!in_public));
	char path[96];
	snprintf(path, sizeof path, "/api/v1/certificates/%s/verify", id);
	json_object_set_new(out, "verify_path", json_string(path));
	free(compact);
	json_decref(s.signed_cert);
	json_decref(s.revoked);
	return out;
}

struct dept_list {
	int64_t now;
	json_t *items;
	page_t page;
};

static void add_issued(const cert_row_t *r, void *ctx)
{
	struct dept_list *l = ctx;
	if (!page_take(&l->page, r->issued_at, r->id))
		return;
	char *text = seal_open(r->document);
	json_t *signed_cert = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	const json_t *doc = json_object_get(signed_cert, "certificate");
	const json_t *holder = json_object_get(doc, "holder");
	const char *holder_name = json_string_value(json_object_get(holder, "name"));
	char *name = cert_mask_name(holder_name ? holder_name : "");
	const char *status = r->status ? r->status : "valid";
	if (!strcmp(status, "valid") && r->valid_until) {
		char today[16];
		date_format(date_from_ms(l->now), today);
		if (strcmp(r->valid_until, today) < 0)
			status = "expired";
	}
	json_t *item = json_pack("{ss ss ss? ss sO? ss sI sI ss? sO? s{sO? ss}}", "id", r->id, "identifier",
				 r->identifier, "number", r->number, "type", r->type, "title",
				 json_object_get(doc, "title"), "status", status, "issued_at",
				 (json_int_t)r->issued_at, "version", (json_int_t)r->version, "valid_until",
				 r->valid_until, "case_number", json_object_get(doc, "case_number"), "holder",
				 "kind", json_object_get(holder, "kind"), "name", name);
	if (r->revoked_at)
		json_object_set_new(item, "revoked_at", json_integer(r->revoked_at));
	if (r->revoke_reason)
		json_object_set_new(item, "revoke_reason", json_string(r->revoke_reason));
	json_array_append_new(l->items, item);
	free(name);
	json_decref(signed_cert);
}

json_t *cert_of_department(dbc_t *c, const char *department, const char *q, int64_t now, int limit,
			   const page_cursor_t *after)
{
	struct dept_list l = {now, json_array(), page_start(limit)};
	if (cert_store_of_department(c, department, q, after, l.page.limit + 1, add_issued, &l) != 0) {
		json_decref(l.items);
		return NULL;
	}
	return page_answer(l.items, &l.page);
}
