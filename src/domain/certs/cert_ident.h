/* cert_ident.h — a certificate's identifier (证照标识) in the structure of
 * GB/T 36904: the certificate type's code, the issuing body's code, a serial
 * number, a version and a check character, read left to right:
 *
 *     TTTT IIIIIIIIIIIIIIIIII SSSSSSSS VV C      (33 characters, no blanks)
 *
 * T: 4 capitals, the type code (the pinyin initials of its Chinese name,
 *    cert_type_code); I: 18 characters, the issuer's code (the department's
 *    统一社会信用代码 where it has one; the demo departments have none, so
 *    "11" + region + the department code padded with '0', cert_issuer_code);
 * S: 8 digits, the department's serial of that type; V: 2 digits, version;
 * C: the check character of ISO 7064 MOD 37,36 over the 32 before it
 *    (alphabet 0-9A-Z), our choice where the standard's own algorithm is not
 *    at hand (docs/security.md).
 *
 * The identifier is for people to read and for the printed form; URLs use
 * the certificate's opaque random id, since serials can be enumerated. */
#ifndef ONESTOP_CERT_IDENT_H
#define ONESTOP_CERT_IDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CERT_IDENT_LEN 34 /* 33 + NUL */
#define CERT_ISSUER_CODE_LEN 19

/* The ISO 7064 MOD 37,36 check character of s (digits and capitals only);
 * '\0' when s holds anything else or is empty. */
char iso7064_mod37_36(const char *s);
/* The 4-letter code of a certificate type ("food_business_licence" → "SPJY");
 * a type the table does not know gets the first four letters of its name, upper-cased. */
void cert_type_code(const char *type, char out[5]);
/* Whether a certificate type is one the table names (a matter's material
 * may take its source only from those: certificate:TYPE). */
bool cert_type_known(const char *type);
/* The issuer's 18-character code of a department in a region. */
void cert_issuer_code(const char *region, const char *department, char out[CERT_ISSUER_CODE_LEN]);
/* Builds the identifier; -1 when a part does not fit its width. */
int cert_ident_make(const char *type_code, const char *issuer_code, int64_t serial, int version,
		    char out[CERT_IDENT_LEN]);
/* Whether text is a well-formed identifier with a matching check character. */
bool cert_ident_valid(const char *text);

#endif
