/* idcheck.c — form checks of citizen ID numbers and credit codes (see idcheck.h).
 *
 * Checks run in a fixed order — length, characters, region, birth date,
 * check character — so that a number with several faults is reported by
 * the most basic one, which is the one a person typing it should fix first.
 * Nothing here consults a register: a number that passes is well formed,
 * not necessarily issued. */
#include "base/idcheck.h"

#include <string.h>

#include "base/date.h"

/* GB 11643 weights: 2^(17-i) mod 11 for positions i = 0..16. */
static const int id_weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
static const char id_check_chars[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

/* GB 32100 leaves out I, O, S, V and Z, which are easily misread. */
static const char credit_charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/* 3^(i-1) mod 31 for positions 1..17. */
static const int credit_weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

char idnum_check_char(const char *first17)
{
	int sum = 0;
	if (!first17)
		return '\0';
	for (int i = 0; i < 17; i++) {
		if (!is_digit(first17[i]))
			return '\0';
		sum += (first17[i] - '0') * id_weights[i];
	}
	return id_check_chars[sum % 11];
}

/* Province-level prefixes of GB/T 2260 plus the two that only appear on
 * residence permits and foreign-born records. */
static bool province_ok(int p)
{
	return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) ||
	       (p >= 41 && p <= 46) || (p >= 50 && p <= 54) || (p >= 61 && p <= 65) ||
	       p == 71 || p == 81 || p == 82 || p == 83 || p == 91;
}

static bool region_ok(const char *addr, bool legacy15)
{
	int p = num(addr, 2);
	if (!province_ok(p))
		return false;
	if (p >= 81 && p <= 83) {
		/* Hong Kong, Macao and Taiwan residents get a residence-permit
		 * number with the whole region code 810000/820000/830000; these
		 * permits date from 2018, so no 15-digit number carries one. */
		if (legacy15)
			return false;
		return num(addr + 2, 4) == 0;
	}
	return true;
}

idnum_status_t idnum_check(const char *s, int today_y, int today_m, int today_d, idnum_info_t *info)
{
	if (info)
		memset(info, 0, sizeof *info);
	if (!s)
		return IDNUM_LENGTH;

	size_t len = strnlen(s, 19);
	bool legacy = len == 15;
	if (len != 15 && len != 18)
		return IDNUM_LENGTH;

	size_t ndigits = legacy ? 15 : 17;
	for (size_t i = 0; i < ndigits; i++)
		if (!is_digit(s[i]))
			return IDNUM_CHARSET;
	char last = 0;
	if (!legacy) {
		last = s[17];
		if (last == 'x')
			last = 'X';
		if (!is_digit(last) && last != 'X')
			return IDNUM_CHARSET;
	}

	if (!region_ok(s, legacy))
		return IDNUM_REGION;

	int by, bm, bd;
	const char *seq;
	if (legacy) {
		by = 1900 + num(s + 6, 2);
		bm = num(s + 8, 2);
		bd = num(s + 10, 2);
		seq = s + 12;
	} else {
		by = num(s + 6, 4);
		bm = num(s + 10, 2);
		bd = num(s + 12, 2);
		seq = s + 14;
	}
	if (by < 1900 || !date_valid_ymd(by, bm, bd))
		return IDNUM_BIRTHDATE;
	long birth = (long)by * 10000 + bm * 100 + bd;
	long today = (long)today_y * 10000 + today_m * 100 + today_d;
	if (birth > today)
		return IDNUM_BIRTHDATE;

	char norm[19];
	if (legacy) {
		memcpy(norm, s, 6);
		norm[6] = '1';
		norm[7] = '9';
		memcpy(norm + 8, s + 6, 9);
		norm[17] = idnum_check_char(norm);
	} else {
		memcpy(norm, s, 17);
		norm[17] = idnum_check_char(norm);
		if (norm[17] != last)
			return IDNUM_CHECK_DIGIT;
	}
	norm[18] = '\0';

	if (info) {
		info->legacy15 = legacy;
		info->birth_y = by;
		info->birth_m = bm;
		info->birth_d = bd;
		info->male = (seq[2] - '0') % 2 == 1;
		memcpy(info->region, s, 6);
		info->region[6] = '\0';
		memcpy(info->normalized, norm, sizeof norm);
	}
	return IDNUM_OK;
}

const char *idnum_status_code(idnum_status_t st)
{
	switch (st) {
	case IDNUM_OK: return "ok";
	case IDNUM_LENGTH: return "length";
	case IDNUM_CHARSET: return "charset";
	case IDNUM_REGION: return "region";
	case IDNUM_BIRTHDATE: return "birth_date";
	case IDNUM_CHECK_DIGIT: return "check_digit";
	}
	return "unknown";
}

/* Index of c in the credit-code charset, or -1. */
static int credit_value(char c)
{
	if (c == '\0')
		return -1;
	const char *p = strchr(credit_charset, c);
	return p ? (int)(p - credit_charset) : -1;
}

char credit_code_check_char(const char *first17)
{
	int sum = 0;
	if (!first17)
		return '\0';
	for (int i = 0; i < 17; i++) {
		int v = credit_value(first17[i]);
		if (v < 0)
			return '\0';
		sum += v * credit_weights[i];
	}
	int c = 31 - sum % 31;
	return credit_charset[c == 31 ? 0 : c];
}

credit_status_t credit_code_check(const char *s)
{
	if (!s || strnlen(s, 19) != 18)
		return CREDIT_LENGTH;
	for (int i = 0; i < 18; i++)
		if (credit_value(s[i]) < 0)
			return CREDIT_CHARSET;
	if (credit_code_check_char(s) != s[17])
		return CREDIT_CHECK_DIGIT;
	return CREDIT_OK;
}

const char *credit_status_code(credit_status_t st)
{
	switch (st) {
	case CREDIT_OK: return "ok";
	case CREDIT_LENGTH: return "length";
	case CREDIT_CHARSET: return "charset";
	case CREDIT_CHECK_DIGIT: return "check_digit";
	}
	return "unknown";
}
