/* textcheck.h — formats of everyday contact data: phone numbers and email
 * addresses. Shared by account registration and form validation. */
#ifndef ONESTOP_TEXTCHECK_H
#define ONESTOP_TEXTCHECK_H

#include <stdbool.h>

#include <stddef.h>

/* Mobile 1[3-9] + 9 digits, or landline 0 + 2-3 digit area code, '-',
 * 7-8 digits, optional "-" extension of 1-6 digits. */
bool phone_ok(const char *p);
bool phone_ok_n(const char *s, size_t n);
/* The common dot-atom form, ASCII only: local@domain.tld, at most 254 bytes,
 * the last label letters only. */
bool email_ok(const char *e);
bool email_ok_n(const char *s, size_t n);

#endif
