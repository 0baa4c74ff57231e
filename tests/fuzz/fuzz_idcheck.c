/* fuzz_idcheck.c — identity numbers, credit codes and dates from arbitrary bytes.
 *
 * idnum_check and credit_code_check take NUL-terminated strings, so they get
 * an exactly-sized copy (a read past the terminator meets ASan); date_parse_n
 * gets the bytes as a pointer+length view with no terminator at all.
 *
 * Besides not crashing, it checks the promises of idcheck.h and date.h:
 *   - an accepted ID number's normalized form is itself accepted, with the
 *     same birth date, sex and region, and is its own normalized form; a
 *     lower-case 'x' check character is treated as 'X'; the result does not
 *     depend on whether info is asked for;
 *   - an accepted credit code ends in its check character;
 *   - a date accepted by date_parse_n is 10 bytes that date_format gives back
 *     unchanged, and date_parse agrees on the terminated copy;
 *   - the first 8 bytes as a UTC millisecond time give a day that formats to
 *     a string date_parse maps back to the same day (or to "0000-00-00"
 *     outside years 0..9999). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/idcheck.h"

#include "check.h"

/* "Today" for birth dates, as in the unit tests. */
enum { TODAY_Y = 2026, TODAY_M = 11, TODAY_D = 23 };

static void id_number(const char *s)
{
	idnum_info_t info;
	idnum_status_t st = idnum_check(s, TODAY_Y, TODAY_M, TODAY_D, &info);
	CHECK(idnum_check(s, TODAY_Y, TODAY_M, TODAY_D, NULL) == st);
	CHECK(strcmp(idnum_status_code(st), "unknown") != 0);

	size_t len = strlen(s);
	if (len == 18 && s[17] == 'x') {
		char up[19];
		memcpy(up, s, 19);
		up[17] = 'X';
		CHECK(idnum_check(up, TODAY_Y, TODAY_M, TODAY_D, NULL) == st);
	}
	if (st != IDNUM_OK) {
		idnum_info_t zero;
		memset(&zero, 0, sizeof zero);
		CHECK(memcmp(&info, &zero, sizeof info) == 0);
		return;
	}

	CHECK(info.legacy15 == (len == 15));
	CHECK(strlen(info.normalized) == 18 && strlen(info.region) == 6);
	CHECK(memcmp(info.region, s, 6) == 0);
	CHECK(date_valid_ymd(info.birth_y, info.birth_m, info.birth_d) && info.birth_y >= 1900);
	CHECK(idnum_check_char(info.normalized) == info.normalized[17]);

	idnum_info_t again;
	CHECK(idnum_check(info.normalized, TODAY_Y, TODAY_M, TODAY_D, &again) == IDNUM_OK);
	CHECK(!again.legacy15 && again.male == info.male && strcmp(again.region, info.region) == 0);
	CHECK(again.birth_y == info.birth_y && again.birth_m == info.birth_m && again.birth_d == info.birth_d);
	CHECK(strcmp(again.normalized, info.normalized) == 0);
}

static void credit_code(const char *s)
{
	credit_status_t st = credit_code_check(s);
	CHECK(strcmp(credit_status_code(st), "unknown") != 0);
	if (st == CREDIT_OK)
		CHECK(strlen(s) == 18 && credit_code_check_char(s) == s[17]);
}

static void date(const uint8_t *data, size_t size, const char *copy)
{
	day_t day = 0;
	bool ok = date_parse_n((const char *)data, size, &day);
	if (strlen(copy) == size) {
		day_t day2 = 0;
		CHECK(date_parse(copy, &day2) == ok);
		CHECK(!ok || day2 == day);
	}
	if (ok) {
		char back[DATE_STR_LEN];
		date_format(day, back);
		CHECK(size == 10 && memcmp(back, data, 10) == 0);
		int y, m, d;
		date_to_ymd(day, &y, &m, &d);
		CHECK(y >= 1900 && date_valid_ymd(y, m, d) && date_from_ymd(y, m, d) == day);
		CHECK(date_year(day) == y);
	}

	if (size >= 8) {
		int64_t ms;
		memcpy(&ms, data, sizeof ms);
		day_t d = date_from_ms(ms);
		int wd = date_weekday(d);
		CHECK(wd >= 1 && wd <= 7);
		char s[DATE_STR_LEN];
		date_format(d, s);
		CHECK(strlen(s) == 10);
		day_t back;
		if (date_parse(s, &back))
			CHECK(back == d);
		else
			CHECK(strcmp(s, "0000-00-00") == 0 || (s[0] == '1' && s[1] < '9') || s[0] == '0');
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';

	id_number(copy);
	credit_code(copy);
	date(data, size, copy);

	free(copy);
	return 0;
}
