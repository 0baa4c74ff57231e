/* jcs.h — the JSON Canonicalization Scheme (RFC 8785): the one byte string a
 * JSON value signs as, so that a verifier who parses and re-serialises a
 * certificate gets the same bytes the department signed.
 *
 * Objects' members sorted by their names' UTF-16 code units, no whitespace,
 * strings with only the escapes RFC 8785 §3.2.2.2 requires (the two-letter
 * ones, other controls as lower-case \u00xx, everything else as UTF-8),
 * numbers as ECMAScript's Number.prototype.toString writes an IEEE double.
 *
 * Numbers: jansson keeps integers as int64; those within ±2^53 are exact in a
 * double and print as their digits. Larger integers have no exact I-JSON form
 * and are refused (NULL), as are NaN and the infinities. Non-integral reals
 * print as the shortest decimal that reads back as the same double, in
 * ECMAScript's layout (1e+21, 1e-7, 0.000001, 123.456); a certificate's own
 * fields are strings and integers, so reals matter only for foreign input. */
#ifndef ONESTOP_JCS_H
#define ONESTOP_JCS_H

#include <jansson.h>
#include <stddef.h>

/* The canonical text of v, newly allocated (NUL-terminated; *len, when not
 * NULL, its length without the NUL — a string member may hold \u0000 escaped,
 * never a raw NUL). NULL when v holds a number with no canonical form. */
char *jcs_encode(const json_t *v, size_t *len);
/* The ECMAScript form of a double into out (at least 32 bytes); -1 for NaN
 * and the infinities. */
int jcs_number(double d, char *out, size_t outlen);

#endif
