/* cert_check.h — whether a signed certificate holds, from the certificate,
 * the published keys and (when given) a revocation list alone: no database,
 * no network. The same function answers POST /api/v1/certificates/verify,
 * the verify address and `onestop verify-cert`, so online and offline agree.
 *
 * A signed certificate is {"certificate": {...}, "signature": {"key_id",
 * "algorithm", "value"}}; value is base64url of the signature over the
 * certificate's RFC 8785 canonical form. It holds when, in this order:
 *   the shape is right and the identifier's check character matches;
 *   the key id names a published key, of the certificate's issuing
 *   department and of the algorithm both parts name;
 *   the signature verifies;
 *   the key was in service when the certificate says it was issued
 *   (not_before <= issued_at < not_after, and before its retirement).
 * Then it is revoked when the list names it (superseded when the list's entry
 * has superseded_at: a later version replaced it), expired when its valid_until
 * is past, and valid otherwise. Any failure is "invalid" with a reason. */
#ifndef ONESTOP_CERT_CHECK_H
#define ONESTOP_CERT_CHECK_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

typedef enum { CERT_VALID, CERT_REVOKED, CERT_EXPIRED, CERT_INVALID, CERT_SUPERSEDED } cert_verdict_t;

typedef struct {
	cert_verdict_t verdict;
	const char *reason; /* a code: malformed, unknown_key, wrong_key, bad_signature,
			     * key_not_in_service, revoked, superseded, expired; "" when valid */
	const char *reason_zh, *reason_en;
	bool revocation_checked;  /* a revocation list was given */
	const json_t *revocation; /* the list's entry when revoked or superseded (borrowed) */
} cert_check_t;

/* Checks signed against keys ({"keys": [...]} as cert_keys_json publishes
 * them) and revoked (the "revoked" array of a revocation list, or NULL when
 * none is at hand), at now (ms). */
void cert_check(const json_t *signed_cert, const json_t *keys, const json_t *revoked, int64_t now,
		cert_check_t *out);
/* "valid", "revoked", "superseded", "expired", "invalid". */
const char *cert_verdict_name(cert_verdict_t v);
/* Signs a document into {"<name>": doc, "signature": {...}} with a key; NULL
 * when the document has no canonical form or signing fails. New. */
json_t *cert_sign_document(const char *name, const json_t *doc, const void *key /* sign_key_t */,
			   const char *key_id);
/* Whether a document signed by cert_sign_document under name verifies with
 * the key in keys whose id the signature names (any department). */
bool cert_signed_by_published(const char *name, const json_t *signed_doc, const json_t *keys);

/* A holder's name as the public may see it (masked; new string). */
char *cert_public_name(const char *name);
/* The JSON answer of a check: status, reason, message {zh, en},
 * revocation_checked, and unless invalid the certificate's public summary
 * (no holder id; the holder's name masked). New. */
json_t *cert_answer_json(const cert_check_t *k, const json_t *doc);
/* `onestop verify-cert`: input is a signed certificate's JSON text or a
 * compact form (cert_compact.h, a QR's text); keys the published keys;
 * revocations the signed revocation list or NULL (then the answer says
 * revocation_checked false). A list whose signature does not verify against
 * keys makes the answer invalid. New. */
json_t *cert_verify_offline(const char *input, const json_t *keys, const json_t *revocations, int64_t now);

#endif
