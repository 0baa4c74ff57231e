/* cert_reuse.c — a held certificate taken for a case's material instead of
 * an upload (免提交; cert_for_material in cert.h, reached by the case code
 * through registry.c's domain_case_certificate). A certificate serves only
 * its own holder, only for its own type, and only while it verifies as
 * valid now: signed by a published key, not revoked, not expired, and its
 * row not anything but 'valid' (a superseded version is not). */
#include "domain/certs/cert.h"
#include "domain/certs/cert_store.h"
#include "base/seal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CANDIDATES 16

struct held {
	const char *type; /* wanted: NULL for any */
	char id[CERT_ID_LEN];
	char holder[64], kind[64], status[16];
	json_t *doc; /* the signed certificate's "certificate" part */
	int n;       /* candidates of the holder */
	char ids[MAX_CANDIDATES][CERT_ID_LEN];
};

static void take_one(const cert_row_t *r, void *ctx)
{
	struct held *h = ctx;
	snprintf(h->id, sizeof h->id, "%s", r->id);
	snprintf(h->holder, sizeof h->holder, "%s", r->holder_account ? r->holder_account : "");
	snprintf(h->kind, sizeof h->kind, "%s", r->type);
	snprintf(h->status, sizeof h->status, "%s", r->status ? r->status : "");
	char *text = seal_open(r->document);
	json_t *signed_cert = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	h->doc = signed_cert ? json_incref(json_object_get(signed_cert, "certificate")) : NULL;
	json_decref(signed_cert);
}

/* The holder's certificates of the type in service, newest first. */
static void take_candidate(const cert_row_t *r, void *ctx)
{
	struct held *h = ctx;
	if (h->n < MAX_CANDIDATES && !strcmp(r->type, h->type) && r->status && !strcmp(r->status, "valid"))
		snprintf(h->ids[h->n++], CERT_ID_LEN, "%s", r->id);
}

/* Whether the certificate verifies as valid now, as a verifier would see it. */
static bool valid_now(dbc_t *c, const struct held *h, int64_t now)
{
	json_t *v = cert_verify_id(c, h->id, now);
	bool ok = !strcmp(h->status, "valid") &&
		  !strcmp(json_string_value(json_object_get(v, "status")) ?: "", "valid");
	json_decref(v);
	return ok;
}

static json_t *view(const json_t *d)
{
	const json_t *issuer = json_object_get(d, "issuer"), *holder = json_object_get(d, "holder");
	return json_pack("{sO sO sO s{sO sO} sO sO sO? s{sO sO sO} sO?}", "id", json_object_get(d, "id"),
			 "type", json_object_get(d, "type"), "name", json_object_get(d, "title"), "issuer",
			 "department", json_object_get(issuer, "department"), "name",
			 json_object_get(issuer, "name"), "issued", json_object_get(d, "issued_on"),
			 "identifier", json_object_get(d, "identifier"), "valid_until",
			 json_object_get(d, "valid_until"), "holder", "kind", json_object_get(holder, "kind"),
			 "id", json_object_get(holder, "id"), "name", json_object_get(holder, "name"),
			 "fields", json_object_get(d, "fields"));
}

int cert_for_material(dbc_t *c, const char *holder_account, const char *type, const char *id, int64_t now,
		      json_t **out)
{
	*out = NULL;
	struct held h = {.type = type};
	if (id) {
		if (strlen(id) != CERT_ID_LEN - 1 || strspn(id, "0123456789abcdef") != CERT_ID_LEN - 1 ||
		    !cert_store_get(c, id, take_one, &h))
			return CASE_CERT_UNKNOWN;
		int rc = CASE_CERT_OK;
		if (strcmp(h.holder, holder_account) != 0)
			rc = CASE_CERT_UNKNOWN; /* another's certificate is told apart from no certificate by
						   nobody */
		else if (strcmp(h.kind, type) != 0)
			rc = CASE_CERT_WRONG_TYPE;
		else if (!h.doc || !valid_now(c, &h, now))
			rc = CASE_CERT_NOT_VALID;
		if (rc == CASE_CERT_OK && !(*out = view(h.doc)))
			rc = -1;
		json_decref(h.doc);
		return rc;
	}
	cert_store_of_holder(c, holder_account, take_candidate, &h);
	for (int i = 0; i < h.n; i++) {
		struct held one = {.type = type};
		if (!cert_store_get(c, h.ids[i], take_one, &one))
			continue;
		bool ok = one.doc && valid_now(c, &one, now);
		if (ok)
			*out = view(one.doc);
		json_decref(one.doc);
		if (ok)
			return *out ? CASE_CERT_OK : -1;
	}
	return CASE_CERT_NONE;
}
