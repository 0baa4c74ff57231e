/* test_idcheck.c — unit tests of base/idcheck: GB 11643 citizen ID numbers
 * and GB 32100 unified social credit codes.
 *
 * Every check character in the tables was computed outside this code base
 * (a few lines of Python following REFERENCE.md §2.7), and two by hand in
 * the comments below, so the tables do not merely echo idcheck.c. "Today"
 * is fixed at 2026-06-01 so the future-birth-date rows stay stable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/idcheck.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))
#define TODAY 2026, 6, 1

/* 11010519491231002X by hand: digits 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 times
 * weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 give
 * 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 -> 'X'. */
static const struct {
	const char *s;
	const char *normalized;
	int y, m, d;
	bool male, legacy15;
} id_valid_rows[] = {
	{"11010519491231002X", "11010519491231002X", 1949, 12, 31, false, false},
	{"11010519491231002x", "11010519491231002X", 1949, 12, 31, false, false},
	{"440304200002291236", "440304200002291236", 2000, 2, 29, true, false},
	{"310101198001010018", "310101198001010018", 1980, 1, 1, true, false},
	{"650102202012315558", "650102202012315558", 2020, 12, 31, true, false},
	{"510101199912319990", "510101199912319990", 1999, 12, 31, true, false},
	{"210102190012310039", "210102190012310039", 1900, 12, 31, true, false},
	{"710101198001010012", "710101198001010012", 1980, 1, 1, true, false},
	{"910000198001010018", "910000198001010018", 1980, 1, 1, true, false},
	/* born "today": not in the future */
	{"110105202606010018", "110105202606010018", 2026, 6, 1, true, false},
	/* Hong Kong / Macao / Taiwan residence permits */
	{"810000199005150027", "810000199005150027", 1990, 5, 15, false, false},
	{"82000020010101003X", "82000020010101003X", 2001, 1, 1, true, false},
	{"82000020010101003x", "82000020010101003X", 2001, 1, 1, true, false},
	{"830000197506300040", "830000197506300040", 1975, 6, 30, false, false},
	/* legacy 15-digit numbers, upgraded to 18 */
	{"110105491231002", "11010519491231002X", 1949, 12, 31, false, true},
	{"320311770706001", "320311197707060018", 1977, 7, 6, true, true},
};

static void test_id_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(id_valid_rows); i++) {
		idnum_info_t info;
		idnum_status_t st = idnum_check(id_valid_rows[i].s, TODAY, &info);
		if (st != IDNUM_OK)
			fail_msg("%s: %s", id_valid_rows[i].s, idnum_status_code(st));
		assert_string_equal(info.normalized, id_valid_rows[i].normalized);
		assert_int_equal(info.birth_y, id_valid_rows[i].y);
		assert_int_equal(info.birth_m, id_valid_rows[i].m);
		assert_int_equal(info.birth_d, id_valid_rows[i].d);
		assert_int_equal(info.male, id_valid_rows[i].male);
		assert_int_equal(info.legacy15, id_valid_rows[i].legacy15);
		assert_memory_equal(info.region, id_valid_rows[i].s, 6);
		assert_int_equal(info.region[6], '\0');
		assert_int_equal(idnum_check(id_valid_rows[i].s, TODAY, NULL), IDNUM_OK);
	}
}

static const struct {
	const char *s;
	idnum_status_t st;
	const char *why;
} id_invalid_rows[] = {
	{"110105194912310021", IDNUM_CHECK_DIGIT, "check should be X"},
	{"110105194912310029", IDNUM_CHECK_DIGIT, "check should be X"},
	{"310101198001010019", IDNUM_CHECK_DIGIT, "check should be 8"},
	{"31010119800101001X", IDNUM_CHECK_DIGIT, "check should be 8"},
	{"110105194902300020", IDNUM_BIRTHDATE, "February 30"},
	{"110105190002290041", IDNUM_BIRTHDATE, "1900 is not a leap year"},
	{"110105189912310031", IDNUM_BIRTHDATE, "before 1900"},
	{"110105202606020013", IDNUM_BIRTHDATE, "tomorrow"},
	{"110105490230002", IDNUM_BIRTHDATE, "legacy, February 30"},
	{"000105194912310024", IDNUM_REGION, "province 00"},
	{"160105194912310029", IDNUM_REGION, "province 16"},
	{"990105194912310023", IDNUM_REGION, "province 99"},
	{"811000199005150028", IDNUM_REGION, "81 must be 810000"},
	{"810000900515002", IDNUM_REGION, "no legacy residence permits"},
	{"000105194902300020", IDNUM_REGION, "region is reported before date"},
	{"1101051949123100X2", IDNUM_CHARSET, "X only in last place"},
	{"11010519491231002Y", IDNUM_CHARSET, "Y"},
	{"11010519491231002 ", IDNUM_CHARSET, "space"},
	{"-11010519491231002", IDNUM_CHARSET, "sign"},
	{"11010549123100X", IDNUM_CHARSET, "legacy has no check character"},
	{"\xef\xbc\x91\xef\xbc\x91\xef\xbc\x90\xef\xbc\x91\xef\xbc\x90\xef\xbc\x95", IDNUM_CHARSET,
	 "full-width digits (18 bytes)"},
	{"", IDNUM_LENGTH, "empty"},
	{"11010519491231002", IDNUM_LENGTH, "17"},
	{"11010519491231002X1", IDNUM_LENGTH, "19"},
	{"1101051949123100", IDNUM_LENGTH, "16"},
	{"11010549123100", IDNUM_LENGTH, "14"},
	{"11010519491231002X11010519491231002X", IDNUM_LENGTH, "36"},
};

static void test_id_invalid(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(id_invalid_rows); i++) {
		idnum_info_t info;
		memset(&info, 0x55, sizeof info);
		idnum_status_t st = idnum_check(id_invalid_rows[i].s, TODAY, &info);
		if (st != id_invalid_rows[i].st)
			fail_msg("%s (%s): got %s, want %s", id_invalid_rows[i].s, id_invalid_rows[i].why,
			         idnum_status_code(st), idnum_status_code(id_invalid_rows[i].st));
		/* No half-filled result is handed back. */
		assert_string_equal(info.normalized, "");
	}
	assert_int_equal(idnum_check(NULL, TODAY, NULL), IDNUM_LENGTH);
}

static const struct {
	const char *first17;
	char check;
} id_char_rows[] = {
	{"11010519491231002", 'X'},
	{"44030420000229123", '6'},
	{"81000019900515002", '7'},
	{"11010519491231002X", 'X'},   /* only 17 characters are read */
	{"1101051949123100a", '\0'},
	{"123", '\0'},                 /* too short: stops at the NUL */
	{"", '\0'},
};

static void test_id_check_char(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(id_char_rows); i++)
		assert_int_equal(idnum_check_char(id_char_rows[i].first17), id_char_rows[i].check);
	assert_int_equal(idnum_check_char(NULL), '\0');
}

static void test_id_status_codes(void **state)
{
	(void)state;
	assert_string_equal(idnum_status_code(IDNUM_OK), "ok");
	assert_string_equal(idnum_status_code(IDNUM_LENGTH), "length");
	assert_string_equal(idnum_status_code(IDNUM_CHARSET), "charset");
	assert_string_equal(idnum_status_code(IDNUM_REGION), "region");
	assert_string_equal(idnum_status_code(IDNUM_BIRTHDATE), "birth_date");
	assert_string_equal(idnum_status_code(IDNUM_CHECK_DIGIT), "check_digit");
}

/* 91350100M000100Y43 by hand: character values 9 1 3 5 0 1 0 0 21(M) 0 0 0 1
 * 0 0 30(Y) 4 times weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
 * give 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640;
 * 1640 mod 31 = 28; 31 - 28 = 3 -> '3'. */
static const struct {
	const char *first17;
	char check;
} credit_char_rows[] = {
	{"91350100M000100Y4", '3'},
	{"91110000600037341", 'L'},
	{"91310000MA1FL1MMX", 'L'},
	{"12100000400000624", 'D'},
	{"52110000MJ0000000", '3'},
	{"91440300MA5ERHMK6", 'E'},
	{"11100000000013127", 'D'},
	{"Y1110108MD0000000", 'T'},
	{"93350200MA2Y0B1J8", 'X'},
	{"00000000000000000", '0'},   /* 31 - 0 = 31 maps to '0' */
};

static void test_credit_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(credit_char_rows); i++) {
		char code[19];
		char c = credit_code_check_char(credit_char_rows[i].first17);
		assert_int_equal(c, credit_char_rows[i].check);
		memcpy(code, credit_char_rows[i].first17, 17);
		code[17] = c;
		code[18] = '\0';
		if (credit_code_check(code) != CREDIT_OK)
			fail_msg("%s", code);
	}
}

static const struct {
	const char *s;
	credit_status_t st;
} credit_invalid_rows[] = {
	{"91350100M000100Y44", CREDIT_CHECK_DIGIT},
	{"91350100M000100Y4A", CREDIT_CHECK_DIGIT},
	{"91350100M000100Y34", CREDIT_CHECK_DIGIT},   /* transposition */
	/* An early Fujian pilot code: legal, but it fails the check; a caller
	 * that must accept such codes has to list them explicitly. */
	{"91350100M0001TGQXM", CREDIT_CHECK_DIGIT},
	{"91350100I000100Y43", CREDIT_CHARSET},
	{"91350100O000100Y43", CREDIT_CHARSET},
	{"91350100S000100Y43", CREDIT_CHARSET},
	{"91350100V000100Y43", CREDIT_CHARSET},
	{"91350100Z000100Y43", CREDIT_CHARSET},
	{"91350100M000100Y4I", CREDIT_CHARSET},
	{"91350100m000100Y43", CREDIT_CHARSET},       /* lower case is not in the charset */
	{"91350100M000100Y4-", CREDIT_CHARSET},
	{"91350100M000100Y4 ", CREDIT_CHARSET},
	{"", CREDIT_LENGTH},
	{"91350100M000100Y4", CREDIT_LENGTH},
	{"91350100M000100Y431", CREDIT_LENGTH},
};

static void test_credit_invalid(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(credit_invalid_rows); i++) {
		credit_status_t st = credit_code_check(credit_invalid_rows[i].s);
		if (st != credit_invalid_rows[i].st)
			fail_msg("%s: got %s, want %s", credit_invalid_rows[i].s, credit_status_code(st),
			         credit_status_code(credit_invalid_rows[i].st));
	}
	assert_int_equal(credit_code_check(NULL), CREDIT_LENGTH);
	assert_int_equal(credit_code_check_char("91350100I000100Y4"), '\0');
	assert_int_equal(credit_code_check_char("9135"), '\0');
	assert_int_equal(credit_code_check_char(NULL), '\0');
	assert_string_equal(credit_status_code(CREDIT_OK), "ok");
	assert_string_equal(credit_status_code(CREDIT_LENGTH), "length");
	assert_string_equal(credit_status_code(CREDIT_CHARSET), "charset");
	assert_string_equal(credit_status_code(CREDIT_CHECK_DIGIT), "check_digit");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_valid),
		cmocka_unit_test(test_id_invalid),
		cmocka_unit_test(test_id_check_char),
		cmocka_unit_test(test_id_status_codes),
		cmocka_unit_test(test_credit_valid),
		cmocka_unit_test(test_credit_invalid),
	};
	return cmocka_run_group_tests_name("idcheck", tests, NULL, NULL);
}
