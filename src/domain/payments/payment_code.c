/* payment_code.c — the payment code of a notice (see payment.h): 18 random
 * digits, so that one code says nothing of another and none can be guessed
 * (10^18 of them for a handful in use), then two check digits by ISO 7064
 * MOD 97-10 (the IBAN's), so that a mistyped digit or two swapped ones are
 * refused before anything is looked up. */
#include "domain/payments/payment.h"
#include "base/crypto.h"
#include <string.h>

#define BODY_DIGITS (PAYMENT_CODE_DIGITS - 2)

/* The remainder mod 97 of the digits s[0..n) followed by two zeros. */
static unsigned mod97_shifted(const char *s, size_t n)
{
	unsigned r = 0;
	for (size_t i = 0; i < n; i++)
		r = (r * 10 + (unsigned)(s[i] - '0')) % 97;
	return (r * 100) % 97;
}

void payment_code_make(char out[PAYMENT_CODE_DIGITS + 1])
{
	rand_digits(out, BODY_DIGITS);
	unsigned check = 98 - mod97_shifted(out, BODY_DIGITS);
	out[BODY_DIGITS] = (char)('0' + check / 10);
	out[BODY_DIGITS + 1] = (char)('0' + check % 10);
	out[PAYMENT_CODE_DIGITS] = '\0';
}

bool payment_code_valid(const char *s)
{
	if (!s || strlen(s) != PAYMENT_CODE_DIGITS)
		return false;
	unsigned r = 0;
	for (size_t i = 0; i < PAYMENT_CODE_DIGITS; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		r = (r * 10 + (unsigned)(s[i] - '0')) % 97;
	}
	return r == 1;
}
