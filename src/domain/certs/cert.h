/* cert.h — electronic certificates (电子证照): issued at a case's `issue`
 * step when the matter's result is a certificate type, signed by the issuing
 * department's key over their canonical JSON (cert_check.h says when one
 * holds), verified by anyone, revoked by the department head.
 *
 * A certificate names its holder — a person by 身份证号, an enterprise by
 * 统一社会信用代码 — so its stored document is sealed at rest (base/seal.h)
 * and found by the holder's account or the blind index; what the public
 * verify answer shows of the holder is the kind and the name masked. */
#ifndef ONESTOP_CERT_H
#define ONESTOP_CERT_H

#include <jansson.h>
#include <stdint.h>
#include "base/errs.h"
#include "base/page.h"
#include "domain/cases/case_hooks.h"
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "domain/core/geo.h"
#include "store/store.h"

#define CERT_ID_LEN 33 /* 32 hex + NUL */
#define CERT_VALID_YEARS 5
#define CERT_REASON_MAX 500

/* The case hook (registry.c's CASE_HOOKS): issues the certificate when a
 * case of a certificate-result matter takes its `issue` step. */
int cert_on_case_change(const case_change_t *ch);

/* What a certificate is issued from (strings and JSON borrowed). */
typedef struct {
	const char *department, *region, *type;
	const json_t *title;               /* {zh, en} */
	const char *holder_account;        /* a person (by ID number) or an enterprise (by credit code) */
	const json_t *fields;              /* NULL: none */
	const char *number;                /* the licence's own number, NULL when none */
	const char *case_id, *case_number; /* NULL when not issued through a case (the demo's) */
	int64_t now;
} cert_issue_t;
/* Issues and signs one certificate inside the caller's write: 0, an
 * errcode_t (E_STATE: the holder has neither ID number nor credit code;
 * E_INTERNAL: no key file), or -1 on a database error. */
int cert_issue(dbc_t *c, const actor_t *by, const cert_issue_t *in);
/* The demo's holdings (the demo person's ID card, the demo enterprise's
 * business licence), issued once; 0 or -1. */
int cert_seed_demo(store_t *st);

/* Revokes a valid certificate with a reason (1..500 characters); version 0
 * takes the current one. E_OK, E_NOT_FOUND, E_STATE (already revoked),
 * E_STALE, E_VALIDATION (errs). The actor's department scope is the caller's check. */
errcode_t cert_revoke(store_t *st, const actor_t *by, const char *id, int64_t version, const char *reason,
		      errs_t *errs);
/* The department of a certificate into out; false when the id is unknown. */
bool cert_department(dbc_t *c, const char *id, char out[16]);
/* Whether a certificate is held by account; its department into dept when so. */
bool cert_held_by(dbc_t *c, const char *id, const char *account, char dept[16]);
/* Retires the department's key in service and makes a new one; *out is the
 * new key's published entry. E_OK, E_NOT_FOUND (unknown department), E_INTERNAL. */
errcode_t cert_rotate(store_t *st, const actor_t *by, const char *department, json_t **out);

/* The published keys: every department key and the revocation list's key. New. */
json_t *cert_published_keys(dbc_t *c);
/* The answer of the public verify address for an opaque id: status valid /
 * revoked / expired / unknown / invalid, and for a known one the type,
 * issuer, dates and the holder's masked name. New. */
json_t *cert_verify_id(dbc_t *c, const char *id, int64_t now);
/* The answer for a signed certificate sent to POST .../verify: the same
 * check as offline, with the database's revocations. New. */
json_t *cert_verify_signed(dbc_t *c, const json_t *signed_cert, int64_t now);
/* A page of the certificates held by an account and by the accounts it acts for (held_by names
 * those), newest first, each with its signed form: {"items", "next_cursor"}. New; NULL on a
 * store error. */
json_t *cert_of_holder(dbc_t *c, const char *account, int64_t now, int limit, const page_cursor_t *after);
/* The certificate a case's material of source certificate:TYPE takes from
 * its applicant (cert_reuse.c): the one named by id when given, else the
 * holder's newest that verifies as valid now. A case_cert_found_t
 * (case_hooks.h), *out the certificate's view on CASE_CERT_OK; -1 on error. */
int cert_for_material(dbc_t *c, const char *holder_account, const char *type, const char *id, int64_t now,
		      json_t **out);
/* The printable A4 PDF of a certificate its holder asks for (cert_pdf.c):
 * the fields, the holder in full, the issuer, the dates, the status when
 * not valid, and a QR code carrying the verify address under base_url
 * (no trailing '/') followed by '#' and the compact signed form — the text
 * `onestop verify-cert` accepts. E_OK with *pdf (new) and *len;
 * E_NOT_FOUND when the id is unknown or not held by account; E_UNAVAILABLE
 * when fontconfig finds no font with Chinese glyphs; E_INTERNAL. */
errcode_t cert_pdf(dbc_t *c, const char *id, const char *account, const char *base_url, int64_t now,
		   unsigned char **pdf, size_t *len);
/* The department's Chinese name (its code when unknown) and region ("" when
 * unknown), from the reference data: the issuer a signed document names. */
void cert_department_facts(dbc_t *c, const char *code, char *name, size_t n, char region[REGION_CODE_LEN]);
/* What a share link (domain/sharing/share.h) shows of a certificate: its
 * verification answer (as the verify address gives it), its fields, and its
 * holder as the certificate type states it publicly: an enterprise's name and
 * 统一社会信用代码 in full (public under GB 32100 and printed on the licence),
 * with the signed form and its compact QR text for offline checking; a
 * person's name and ID number masked, and the signed form withheld (it names
 * the ID number in full and cannot be masked without breaking its
 * signature): {"verification", "certificate", "signed", "compact",
 * "signed_withheld"}. NULL when the id is unknown. New. */
json_t *cert_shared_view(dbc_t *c, const char *id, int64_t now);
/* A page of the certificates a department issued, newest first, for its
 * head to find and revoke: id, identifier, number, type, title, status
 * (valid, revoked, superseded, expired), dates, case number and the holder's
 * kind and masked name; q (NULL: all) matches the identifier or number in part:
 * {"items", "next_cursor"}. New; NULL on a store error. */
json_t *cert_of_department(dbc_t *c, const char *department, const char *q, int64_t now, int limit,
			   const page_cursor_t *after);
/* The signed revocation list. NULL without a key file. New. */
json_t *cert_revocation_list(dbc_t *c, int64_t now);

#endif
