/* textcheck.h — formats of everyday contact data: phone numbers and email
 * addresses. Shared by account registration and form validation. */
#ifndef ONESTOP_TEXTCHECK_H
#define ONESTOP_TEXTCHECK_H

#include <stdbool.h>

/* Mobile 1[3-9] + 9 digits, or landline 0 + 2-3 digit area code, optional '-',
 * 7-8 digits, optional "-" extension of 1-6 digits. */
bool phone_ok(const char *p);
/* local@domain.tld, at most 254 characters, no spaces or quotes. */
bool email_ok(const char *e);

#endif
