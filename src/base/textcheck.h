/* textcheck.h — formats of everyday contact data (phone numbers, email
 * addresses) and the characters a name may not hide. Shared by account
 * registration, case filing and form validation. */
#ifndef ONESTOP_TEXTCHECK_H
#define ONESTOP_TEXTCHECK_H

#include <stdbool.h>

#include <stddef.h>
#include <stdint.h>

/* Mobile 1[3-9] + 9 digits, or landline 0 + 2-3 digit area code, '-',
 * 7-8 digits, optional "-" extension of 1-6 digits. */
bool phone_ok(const char *p);
bool phone_ok_n(const char *s, size_t n);
/* The common dot-atom form, ASCII only: local@domain.tld, at most 254 bytes,
 * the last label letters only. */
bool email_ok(const char *e);
bool email_ok_n(const char *s, size_t n);

/* Bidirectional embeddings and overrides (U+202A-202E), isolates
 * (U+2066-2069), zero-width space, non-joiner and joiner (U+200B-200D) and
 * the byte order mark / zero-width no-break space (U+FEFF): characters that
 * make a name look like another one (a reversed "Trojan Source" name, two
 * accounts whose names differ only invisibly). */
bool text_invisible_cp(uint32_t cp);
/* Whether the string holds one of those characters. Invalid UTF-8 is not
 * this rule's business (callers check it apart): it is skipped byte by byte. */
bool text_has_invisible(const char *s);

#endif
