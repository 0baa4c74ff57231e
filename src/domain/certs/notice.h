/* notice.h — the sealed notices (文书) of a case: the written documents the
 * Administrative Licensing Law requires, produced by the case hook in the
 * transaction of the step and signed by the department's key exactly as a
 * certificate is (cert_check.h's cert_check_signature):
 *   acceptance  受理通知书          accept, deem_accept, handle_now (Art. 32)
 *   refusal     不予受理决定书      refuse: the ground, the basis, where to
 *                                   apply instead, the remedies (Art. 32)
 *   approval    准予…决定书        approve, handle_now (Arts. 34, 38)
 *   denial      不予…决定书        deny: reasons, basis, and the right to
 *                                   administrative review within 60 days or
 *                                   litigation within 6 months (Art. 38)
 * The decision's name follows the matter (decision_words.h: 准予行政许可决定书,
 * 准予登记决定书, 予以备案决定书 …).
 *
 * A signed notice is {"notice": {...}, "signature": {key_id, algorithm,
 * value}}. Its document has format "onestop-notice/1" and no identifier, so
 * it never passes as a certificate, nor a certificate as a notice. The
 * applicant reads it (and its PDF) through the case; anyone verifies it by
 * its opaque id or by its signed JSON. */
#ifndef ONESTOP_NOTICE_H
#define ONESTOP_NOTICE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "domain/cases/case_hooks.h"
#include "domain/certs/cert_check.h"
#include "domain/core/errcode.h"
#include "store/store.h"

#define NOTICE_FORMAT "onestop-notice/1"

/* The case hook (registry.c's CASE_HOOKS). 0, an errcode_t (E_INTERNAL: no
 * key file, nothing is signed and the step does not happen), or -1. */
int notice_case_hook(const case_change_t *ch);

/* The notices of a case as its view lists them: [{id, kind, title {zh, en},
 * issued_at, pdf, verify}], oldest first. New. */
json_t *notice_of_case(dbc_t *c, const char *case_id);
/* The applicant's account and the department of a notice, for the route's
 * scope; false when the id is unknown. */
bool notice_owner_dept(dbc_t *c, const char *id, char owner[64], char dept[16]);
/* One notice with its signed form: {id, kind, title, case {id, number},
 * issued_at, pdf, verify, signed}. NULL when unknown. New. */
json_t *notice_get(dbc_t *c, const char *id);

/* Whether a signed notice holds against the published keys (pure): valid,
 * else invalid with cert_check's reason codes (malformed, unknown_key,
 * wrong_key, bad_signature, key_not_in_service). */
void notice_check(const json_t *signed_notice, const json_t *keys, cert_check_t *out);
/* The public verify address's answer for an opaque id: status valid,
 * unknown or invalid; for a valid one the kind, title, issuer, date,
 * matter and the applicant's name masked. New. */
json_t *notice_verify_id(dbc_t *c, const char *id);
/* The answer for a signed notice sent to POST /api/v1/notices/verify. New. */
json_t *notice_verify_signed(dbc_t *c, const json_t *signed_notice);

/* The notice as an A4 PDF (notice_pdf.c), with a QR code of its verify
 * address under base_url. E_OK with *pdf (new) and *len; E_NOT_FOUND;
 * E_UNAVAILABLE when no font has Chinese glyphs; E_INTERNAL. */
errcode_t notice_pdf(dbc_t *c, const char *id, const char *base_url, unsigned char **pdf, size_t *len);

#endif
