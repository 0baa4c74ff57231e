/* idcheck.h — check digits of Chinese identity numbers.
 *
 * GB 11643-1999 citizen ID numbers (公民身份号码): 18 characters, 6-digit
 * address code, 8-digit birth date, 3-digit sequence, ISO 7064 MOD 11-2 check
 * character (0-9 or X). Legacy 15-digit numbers (GB 11643-1989: 6 address,
 * YYMMDD birth date in the 1900s, 3 sequence, no check digit) are recognised.
 * Hong Kong / Macao / Taiwan residence permit numbers use address codes
 * 810000 / 820000 / 830000 and the same check.
 *
 * GB 32100-2015 unified social credit codes (统一社会信用代码): 18 characters
 * from 0-9A-HJ-NPQRTUWXY, weights 3^(i-1) mod 31, check = 31 - sum mod 31.
 *
 * These functions only check form; they never look anything up. */
#ifndef ONESTOP_IDCHECK_H
#define ONESTOP_IDCHECK_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	IDNUM_OK = 0,
	IDNUM_LENGTH,       /* not 15 or 18 characters */
	IDNUM_CHARSET,      /* a character that may not stand there */
	IDNUM_REGION,       /* address code not a plausible province (11..65, 71, 81, 82, 83, 91) */
	IDNUM_BIRTHDATE,    /* not a real date, or in the future, or before 1900 */
	IDNUM_CHECK_DIGIT,  /* check character wrong */
} idnum_status_t;

typedef struct {
	bool legacy15;      /* a 15-digit number */
	int birth_y, birth_m, birth_d;
	bool male;          /* odd sequence */
	char region[7];     /* the 6-digit address code */
	char normalized[19]; /* 18-digit form (upper-case X); for a legacy number, upgraded with 19xx and a
				computed check */
} idnum_info_t;

/* today_y/m/d bound the birth date (a birth date after today is refused). info may be NULL;
 * it is zeroed, and filled only when the result is IDNUM_OK. A lower-case 'x' check
 * character is accepted and normalised to 'X'. Checks run in the order of the enum, and
 * the first failure is returned. 81/82/83 are accepted only as the whole code
 * 810000/820000/830000 and only in 18-character numbers. */
idnum_status_t idnum_check(const char *s, int today_y, int today_m, int today_d, idnum_info_t *info);
/* The MOD 11-2 check character for the first 17 digits ('0'..'9' or 'X'); '\0' if one of
 * them is not a digit. */
char idnum_check_char(const char *first17);
const char *
idnum_status_code(idnum_status_t st); /* "ok", "length", "charset", "region", "birth_date", "check_digit" */

typedef enum {
	CREDIT_OK = 0,
	CREDIT_LENGTH,
	CREDIT_CHARSET,
	CREDIT_CHECK_DIGIT,
} credit_status_t;

credit_status_t credit_code_check(const char *s);
char credit_code_check_char(const char *first17); /* '\0' if a character is outside the charset */
const char *credit_status_code(credit_status_t st); /* "ok", "length", "charset", "check_digit" */

#endif
