/* cert_compact.h — the compact signed form of a certificate that its QR code
 * carries, so a verifier with no network checks it against the published
 * keys: "OS1:" + Base45(zlib(canonical JSON of the signed certificate)), in
 * the manner of the EU digital COVID certificate (HC1: + Base45 + zlib).
 *
 * Base45 rather than Base64URL: QR alphanumeric mode holds Base45's
 * alphabet at 5.5 bits a character, byte mode Base64's at 8, so the same
 * certificate needs a smaller, easier-to-scan code. A text may carry the
 * verify address before the prefix (a QR that a phone opens): everything
 * up to "OS1:" is ignored. */
#ifndef ONESTOP_CERT_COMPACT_H
#define ONESTOP_CERT_COMPACT_H

#include <jansson.h>
#include <stddef.h>

#define CERT_COMPACT_PREFIX "OS1:"
#define CERT_COMPACT_MAX_JSON 65536 /* what a compact form may inflate to */

/* The compact text of a signed certificate, newly allocated; NULL when it
 * has no canonical form. */
char *cert_compact_encode(const json_t *signed_cert);
/* The signed certificate of a compact text (new), or NULL with a reason in
 * why (static text) for anything that does not decode. */
json_t *cert_compact_decode(const char *text, const char **why);

#endif
