/* test_calendar.c — unit tests of domain/calendar: the 2026 national working
 * calendar as loaded from data/calendar/2026.json, deadlines across the
 * holidays and their make-up working days, provisional answers for years not
 * loaded, and the errors of a bad year file.
 *
 * Run from the repository root (the year file is read relative to the cwd).
 * Expected deadlines were computed outside this code base by stepping day by
 * day over the notice's table (REFERENCE.md), and the holiday rows checked
 * by hand against a 2026 wall calendar. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/date.h"
#include "base/errs.h"
#include "domain/calendar/calendar.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))
#define YEAR_FILE_2026 "data/calendar/2026.json"

static day_t D(const char *s)
{
	day_t d;
	if (!date_parse(s, &d))
		fail_msg("bad date in test: %s", s);
	return d;
}

static char *read_file(const char *name, size_t *len)
{
	FILE *f = fopen(name, "rb");
	if (!f)
		fail_msg("cannot open %s (run the tests from the repository root)", name);
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	assert_non_null(buf);
	size_t r;
	while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		assert_true(n < cap);   /* a year file is a few KB */
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Parses a year document and loads it into c; fails the test on any error. */
static void load_json(calendar_t *c, const char *json, size_t len)
{
	errs_t errs = ERRS_INIT;
	calendar_override_t *ov = NULL;
	size_t n = 0;
	int year = 0;
	int rc = calendar_parse_year_json(json, len, &year, &ov, &n, &errs);
	for (size_t i = 0; i < errs.n; i++)
		print_error("%s: %s: %s\n", errs.v[i].field, errs.v[i].code, errs.v[i].en);
	assert_int_equal(rc, 0);
	assert_int_equal(calendar_load_year(c, year, ov, n), 0);
	free(ov);
	errs_clear(&errs);
}

static void load_2026(calendar_t *c)
{
	size_t len;
	char *json = read_file(YEAR_FILE_2026, &len);
	load_json(c, json, len);
	free(json);
}

static int setup_2026(void **state)
{
	calendar_t *c = calendar_new();
	if (!c)
		return -1;
	load_2026(c);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	calendar_free(*state);
	return 0;
}

/* Day-by-day reference built on calendar_is_workday alone, to check the
 * prefix-count and closed-form paths against. */
static day_t ref_add(const calendar_t *c, day_t day, int n, bool *prov)
{
	*prov = false;
	while (n > 0) {
		bool p;
		day++;
		if (calendar_is_workday(c, day, &p))
			n--;
		*prov |= p;
	}
	return day;
}

static int ref_between(const calendar_t *c, day_t a, day_t b, bool *prov)
{
	int n = 0;
	*prov = false;
	for (day_t d = a + 1; d <= b; d++) {
		bool p;
		n += calendar_is_workday(c, d, &p);
		*prov |= p;
	}
	return n;
}

static void test_parse_2026_file(void **state)
{
	(void)state;
	size_t len;
	char *json = read_file(YEAR_FILE_2026, &len);
	errs_t errs = ERRS_INIT;
	calendar_override_t *ov = NULL;
	size_t n = 0;
	int year = 0;
	assert_int_equal(calendar_parse_year_json(json, len, &year, &ov, &n, &errs), 0);
	assert_false(errs_any(&errs));
	assert_int_equal(year, 2026);
	/* 33 days off (3+9+3+5+3+3+7) and 6 make-up working days. */
	assert_int_equal(n, 39);
	size_t work = 0;
	for (size_t i = 0; i < n; i++) {
		work += ov[i].workday;
		if (ov[i].day == D("2026-02-14")) {
			assert_true(ov[i].workday);
			assert_string_equal(ov[i].name, "春节");
		}
		if (ov[i].day == D("2026-10-07")) {
			assert_false(ov[i].workday);
			assert_string_equal(ov[i].name, "国庆节");
		}
	}
	assert_int_equal(work, 6);
	free(ov);
	free(json);
}

static const struct {
	const char *day;
	bool workday;
} workday_rows[] = {
	/* 调休 working days, all on a weekend */
	{"2026-01-04", true}, {"2026-02-14", true}, {"2026-02-28", true},
	{"2026-05-09", true}, {"2026-09-20", true}, {"2026-10-10", true},
	/* every day of every holiday */
	{"2026-01-01", false}, {"2026-01-02", false}, {"2026-01-03", false},
	{"2026-02-15", false}, {"2026-02-16", false}, {"2026-02-17", false},
	{"2026-02-18", false}, {"2026-02-19", false}, {"2026-02-20", false},
	{"2026-02-21", false}, {"2026-02-22", false}, {"2026-02-23", false},
	{"2026-04-04", false}, {"2026-04-05", false}, {"2026-04-06", false},
	{"2026-05-01", false}, {"2026-05-02", false}, {"2026-05-03", false},
	{"2026-05-04", false}, {"2026-05-05", false},
	{"2026-06-19", false}, {"2026-06-20", false}, {"2026-06-21", false},
	{"2026-09-25", false}, {"2026-09-26", false}, {"2026-09-27", false},
	{"2026-10-01", false}, {"2026-10-02", false}, {"2026-10-03", false},
	{"2026-10-04", false}, {"2026-10-05", false}, {"2026-10-06", false},
	{"2026-10-07", false},
	/* the days around them, and an ordinary week */
	{"2026-01-05", true}, {"2026-02-13", true}, {"2026-02-24", true},
	{"2026-04-07", true}, {"2026-05-06", true}, {"2026-05-10", false},
	{"2026-06-22", true}, {"2026-09-19", false}, {"2026-09-28", true},
	{"2026-10-08", true}, {"2026-10-11", false},
	{"2026-03-09", true}, {"2026-03-13", true}, {"2026-03-14", false}, {"2026-03-15", false},
};

static void test_is_workday(void **state)
{
	const calendar_t *c = *state;
	for (size_t i = 0; i < N_ROWS(workday_rows); i++) {
		bool prov = true;
		if (calendar_is_workday(c, D(workday_rows[i].day), &prov) != workday_rows[i].workday)
			fail_msg("%s", workday_rows[i].day);
		assert_false(prov);
	}
	/* 261 weekdays - 19 weekday holidays + 6 make-up days. */
	bool prov = true;
	assert_int_equal(calendar_workdays_between(c, D("2025-12-31"), D("2026-12-31"), &prov), 248);
	assert_false(prov);
}

static const struct {
	const char *start;
	int n;
	const char *deadline;
	bool provisional;
} deadline_rows[] = {
	/* 元旦 */
	{"2025-12-31", 1, "2026-01-04", false},   /* only 2026 days are consulted */
	{"2025-12-30", 2, "2026-01-04", true},    /* counts 2025-12-31, not loaded */
	{"2026-01-01", 0, "2026-01-01", false},
	{"2026-01-01", 1, "2026-01-04", false},
	{"2026-01-04", 1, "2026-01-05", false},
	{"2026-01-01", 20, "2026-01-29", false},
	/* 春节 */
	{"2026-02-13", 1, "2026-02-14", false},   /* Saturday, a make-up working day */
	{"2026-02-14", 1, "2026-02-24", false},
	{"2026-02-13", 2, "2026-02-24", false},
	{"2026-02-12", 5, "2026-02-26", false},
	{"2026-02-24", 4, "2026-02-28", false},   /* Saturday, a make-up working day */
	{"2026-02-24", 5, "2026-03-02", false},
	{"2026-02-01", 20, "2026-03-05", false},
	/* 清明节 */
	{"2026-04-03", 1, "2026-04-07", false},
	/* 劳动节 */
	{"2026-04-30", 1, "2026-05-06", false},
	{"2026-05-06", 3, "2026-05-09", false},
	{"2026-05-06", 4, "2026-05-11", false},
	/* 端午节 */
	{"2026-06-18", 1, "2026-06-22", false},
	/* 中秋节 and 国庆节 */
	{"2026-09-18", 1, "2026-09-20", false},   /* Sunday, a make-up working day */
	{"2026-09-24", 1, "2026-09-28", false},
	{"2026-09-30", 1, "2026-10-08", false},
	{"2026-09-30", 3, "2026-10-10", false},   /* Saturday, a make-up working day */
	{"2026-09-15", 20, "2026-10-19", false},  /* a 20-day legal limit across both */
	/* ordinary weeks */
	{"2026-03-02", 1, "2026-03-03", false},
	{"2026-03-06", 1, "2026-03-09", false},
	{"2026-03-07", 1, "2026-03-09", false},
	{"2026-03-02", 5, "2026-03-09", false},
	{"2026-03-02", 20, "2026-03-30", false},
	{"2026-11-02", 20, "2026-11-30", false},
	/* into 2027, not loaded */
	{"2026-12-30", 1, "2026-12-31", false},
	{"2026-12-31", 1, "2027-01-01", true},
	{"2026-12-20", 20, "2027-01-15", true},
	{"2026-01-01", 250, "2027-01-04", true},
};

static void test_deadlines(void **state)
{
	const calendar_t *c = *state;
	for (size_t i = 0; i < N_ROWS(deadline_rows); i++) {
		bool prov = !deadline_rows[i].provisional;
		char got[DATE_STR_LEN];
		day_t start = D(deadline_rows[i].start);
		day_t d = calendar_add_workdays(c, start, deadline_rows[i].n, &prov);
		date_format(d, got);
		if (strcmp(got, deadline_rows[i].deadline) != 0 || prov != deadline_rows[i].provisional)
			fail_msg("%s + %d: got %s%s, want %s%s", deadline_rows[i].start, deadline_rows[i].n,
			         got, prov ? " (provisional)" : "", deadline_rows[i].deadline,
			         deadline_rows[i].provisional ? " (provisional)" : "");
		assert_int_equal(calendar_workdays_between(c, start, d, &prov), deadline_rows[i].n);
		assert_int_equal(prov, deadline_rows[i].provisional);
	}
}

/* add and between are inverse over every start day of 2026, the deadline is
 * the first day that reaches n, and both match the day-by-day reference. */
static void test_add_between_agree(void **state)
{
	const calendar_t *c = *state;
	static const int ns[] = {0, 1, 5, 20, 30};
	for (day_t a = D("2026-01-01"); a <= D("2026-12-31"); a++) {
		for (size_t k = 0; k < N_ROWS(ns); k++) {
			bool p1, p2, p3;
			day_t d = calendar_add_workdays(c, a, ns[k], &p1);
			assert_int_equal(calendar_workdays_between(c, a, d, &p2), ns[k]);
			assert_int_equal(d, ref_add(c, a, ns[k], &p3));
			assert_int_equal(p1, p3);
			assert_int_equal(p2, p3);
			if (ns[k] > 0) {
				assert_true(calendar_is_workday(c, d, NULL));
				assert_int_equal(calendar_workdays_between(c, a, d - 1, NULL), ns[k] - 1);
			}
		}
	}
}

static const char fake_2027[] =
	"{\"year\": 2027, \"source\": \"test fixture, not the State Council notice\","
	" \"holidays\": ["
	"  {\"name\": \"元旦\", \"name_en\": \"New Year's Day\", \"off\": [\"2027-01-01\", \"2027-01-03\"]},"
	"  {\"name\": \"测试假日\", \"name_en\": \"Test holiday\", \"off\": [\"2027-01-04\", \"2027-01-05\"],"
	"   \"workdays\": [\"2027-01-09\"]}"
	"]}";

/* A deadline that runs into a year not loaded is weekends-only and
 * provisional; once the year is loaded, the same question gets a different,
 * final answer. */
static void test_provisional_then_loaded(void **state)
{
	(void)state;
	calendar_t *c = calendar_new();
	assert_non_null(c);
	load_2026(c);
	assert_int_equal(calendar_last_loaded_year(c), 2026);
	assert_false(calendar_year_loaded(c, 2027));

	bool prov = false;
	char got[DATE_STR_LEN];
	/* 9 working days left in 2026, then 11 Monday-to-Friday days in 2027. */
	day_t before = calendar_add_workdays(c, D("2026-12-20"), 20, &prov);
	date_format(before, got);
	assert_string_equal(got, "2027-01-15");
	assert_true(prov);
	assert_true(calendar_is_workday(c, D("2027-01-01"), &prov));   /* a Friday, as far as we know */
	assert_true(prov);

	load_json(c, fake_2027, sizeof fake_2027 - 1);
	assert_true(calendar_year_loaded(c, 2027));
	assert_int_equal(calendar_last_loaded_year(c), 2027);

	/* 2027-01-01..05 off, 01-09 (Saturday) worked: 9 + 01-06,07,08,09,
	 * 11..15, 18, 19 = 20. */
	day_t after = calendar_add_workdays(c, D("2026-12-20"), 20, &prov);
	date_format(after, got);
	assert_string_equal(got, "2027-01-19");
	assert_false(prov);
	assert_true(after != before);
	assert_false(calendar_is_workday(c, D("2027-01-01"), &prov));
	assert_false(prov);
	/* 9 + 01-06,07,08,09 + 01-11..15 */
	assert_int_equal(calendar_workdays_between(c, D("2026-12-20"), before, &prov), 18);
	assert_false(prov);
	calendar_free(c);
}

static void test_years_before_are_provisional(void **state)
{
	const calendar_t *c = *state;
	bool prov = false;
	/* 2025-10-01 was National Day, but 2025 is not loaded: weekdays only. */
	assert_true(calendar_is_workday(c, D("2025-10-01"), &prov));
	assert_true(prov);
	assert_int_equal(calendar_add_workdays(c, D("2025-09-30"), 1, &prov), D("2025-10-01"));
	assert_true(prov);
	assert_int_equal(calendar_workdays_between(c, D("2025-06-01"), D("2025-06-30"), &prov), 21);
	assert_true(prov);
	assert_int_equal(calendar_workdays_between(c, D("2026-06-01"), D("2026-05-01"), &prov), 0);
	assert_false(prov);
}

/* Spans over several years, loaded and not, and large n: checked against the
 * day-by-day reference from scattered starts. */
static void test_multi_year_spans(void **state)
{
	(void)state;
	calendar_t *c = calendar_new();
	assert_non_null(c);
	assert_int_equal(calendar_last_loaded_year(c), 0);
	load_2026(c);
	/* 2028 and 2030 loaded, 2027 and 2029 left as gaps. */
	calendar_override_t o2028 = {.day = D("2028-03-01"), .workday = false, .name = "test"};
	assert_int_equal(calendar_load_year(c, 2028, &o2028, 1), 0);
	calendar_override_t o2030[2] = {{.day = D("2030-01-01"), .workday = false, .name = ""},
	                           {.day = D("2030-01-05"), .workday = true, .name = ""}};
	assert_int_equal(calendar_load_year(c, 2030, o2030, 2), 0);
	assert_int_equal(calendar_last_loaded_year(c), 2030);

	bool prov;
	day_t d = calendar_add_workdays(c, D("2026-01-01"), 1000, &prov);
	bool rprov;
	assert_int_equal(d, ref_add(c, D("2026-01-01"), 1000, &rprov));
	assert_true(prov && rprov);
	assert_int_equal(calendar_workdays_between(c, D("2026-01-01"), d, &prov), 1000);

	uint32_t seed = 12345;
	for (int iter = 0; iter < 400; iter++) {
		seed = seed * 1103515245u + 12345u;
		day_t a = D("2024-06-01") + (day_t)((seed >> 8) % (8 * 365));
		seed = seed * 1103515245u + 12345u;
		int n = (int)((seed >> 8) % 900);
		bool p1, p2, p3;
		day_t got = calendar_add_workdays(c, a, n, &p1);
		assert_int_equal(got, ref_add(c, a, n, &p2));
		assert_int_equal(p1, p2);
		assert_int_equal(calendar_workdays_between(c, a, got, &p3), n);
		assert_int_equal(p3, p2);
		day_t b = a + n;
		assert_int_equal(calendar_workdays_between(c, a, b, &p1), ref_between(c, a, b, &p2));
		assert_int_equal(p1, p2);
	}
	calendar_free(c);
}

static void test_load_year_refuses(void **state)
{
	(void)state;
	calendar_t *c = calendar_new();
	assert_non_null(c);
	load_2026(c);
	calendar_override_t outside = {.day = D("2027-01-01"), .workday = false, .name = ""};
	calendar_override_t both[2] = {{.day = D("2026-03-02"), .workday = false, .name = ""},
	                          {.day = D("2026-03-02"), .workday = true, .name = ""}};
	assert_int_equal(calendar_load_year(c, 2026, &outside, 1), -1);
	assert_int_equal(calendar_load_year(c, 2026, both, 2), -1);
	assert_int_equal(calendar_load_year(c, 1899, NULL, 0), -1);
	assert_int_equal(calendar_load_year(c, 2026, NULL, 1), -1);
	/* A refused load leaves the year as it was. */
	assert_false(calendar_is_workday(c, D("2026-10-01"), NULL));
	assert_true(calendar_is_workday(c, D("2026-03-02"), NULL));

	/* Loading a year again replaces it. */
	assert_int_equal(calendar_load_year(c, 2026, both, 1), 0);
	assert_true(calendar_is_workday(c, D("2026-10-01"), NULL));
	assert_false(calendar_is_workday(c, D("2026-03-02"), NULL));
	assert_int_equal(calendar_last_loaded_year(c), 2026);
	calendar_free(c);
}

typedef struct {
	const char *field;
	const char *code;
} want_err_t;

static const char bad_year_file[] =
	"{\"year\": 2026, \"sauce\": \"x\", \"holidays\": ["
	"  {\"name\": \"甲\", \"off\": [\"2026-01-05\"], \"extra\": 1},"
	"  {\"name\": \"乙\", \"off\": [\"2026-03-10\", \"2026-03-02\"]},"
	"  {\"name\": \"丙\", \"off\": [\"2027-01-01\", \"2026-02-30\"]},"
	"  {\"name\": \"丁\", \"off\": [\"2026-05-01\", \"2026-05-03\"],"
	"   \"workdays\": [\"2026-05-08\", \"2026-05-02\", \"2026-05-09\", \"2026-5-9\", \"2026-05-09\"]},"
	"  {\"off\": [\"2026-06-01\", \"2026-06-01\"], \"workdays\": \"2026-06-06\"},"
	"  {\"name\": \"戊\", \"off\": [\"2026-05-03\", \"2026-05-04\"]},"
	"  7"
	"]}";

static const want_err_t bad_year_errs[] = {
	{"sauce", "unknown_field"},
	{"holidays[0].extra", "unknown_field"},
	{"holidays[0].off", "range"},
	{"holidays[1].off", "order"},
	{"holidays[2].off[0]", "not_in_year"},
	{"holidays[2].off[1]", "date"},
	{"holidays[3].workdays[0]", "not_weekend"},   /* a Friday */
	{"holidays[3].workdays[1]", "conflict"},
	{"holidays[3].workdays[3]", "date"},
	{"holidays[3].workdays[4]", "duplicate"},
	{"holidays[4].name", "required"},
	{"holidays[4].workdays", "type"},
	{"holidays[5].off", "duplicate"},
	{"holidays[6]", "type"},
};

static const struct {
	const char *json;
	const want_err_t *errs;
	size_t nerrs;
} bad_doc_rows[] = {
	{bad_year_file, bad_year_errs, N_ROWS(bad_year_errs)},
	{"{\"year\": 1899, \"holidays\": []}", (const want_err_t[]){{"year", "range"}}, 1},
	{"{\"year\": \"2026\", \"holidays\": []}", (const want_err_t[]){{"year", "range"}}, 1},
	{"{\"year\": 2026.0, \"holidays\": []}", (const want_err_t[]){{"year", "range"}}, 1},
	{"{\"source\": 5}",
	 (const want_err_t[]){{"year", "required"}, {"source", "type"}, {"holidays", "required"}}, 3},
	{"{\"year\": 2026, \"holidays\": {}}", (const want_err_t[]){{"holidays", "type"}}, 1},
	{"{\"year\": 2026, \"holidays\": [], \"year\": 2027}", (const want_err_t[]){{"", "invalid_json"}}, 1},
	{"{\"year\": 2026, \"holidays\": [}", (const want_err_t[]){{"", "invalid_json"}}, 1},
	{"[2026]", (const want_err_t[]){{"", "type"}}, 1},
	{"", (const want_err_t[]){{"", "invalid_json"}}, 1},
	{"{\"year\": 2026, \"holidays\": [{\"name\": \"一二三四五六七八九十一二三四五六七八九十一二\","
	 " \"off\": [\"2026-03-02\", \"2026-03-02\"]}]}",
	 (const want_err_t[]){{"holidays[0].name", "too_long"}}, 1},
};

static void test_parse_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(bad_doc_rows); i++) {
		errs_t errs = ERRS_INIT;
		calendar_override_t *ov = (calendar_override_t *)&errs;   /* must be reset */
		size_t n = 99;
		int year = 99;
		const char *json = bad_doc_rows[i].json;
		assert_int_equal(calendar_parse_year_json(json, strlen(json), &year, &ov, &n, &errs), -1);
		assert_null(ov);
		assert_int_equal(n, 0);
		for (size_t k = 0; k < bad_doc_rows[i].nerrs; k++)
			if (!errs_has(&errs, bad_doc_rows[i].errs[k].field, bad_doc_rows[i].errs[k].code))
				fail_msg("row %zu: no %s at \"%s\"", i, bad_doc_rows[i].errs[k].code,
				         bad_doc_rows[i].errs[k].field);
		if (errs.n != bad_doc_rows[i].nerrs) {
			for (size_t k = 0; k < errs.n; k++)
				print_error("  %s: %s: %s / %s\n", errs.v[k].field, errs.v[k].code, errs.v[k].zh,
				            errs.v[k].en);
			fail_msg("row %zu: %zu errors, want %zu", i, errs.n, bad_doc_rows[i].nerrs);
		}
		for (size_t k = 0; k < errs.n; k++) {
			assert_true(errs.v[k].zh[0] != '\0');
			assert_true(errs.v[k].en[0] != '\0');
		}
		errs_clear(&errs);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_2026_file),
		cmocka_unit_test_setup_teardown(test_is_workday, setup_2026, teardown),
		cmocka_unit_test_setup_teardown(test_deadlines, setup_2026, teardown),
		cmocka_unit_test_setup_teardown(test_add_between_agree, setup_2026, teardown),
		cmocka_unit_test(test_provisional_then_loaded),
		cmocka_unit_test_setup_teardown(test_years_before_are_provisional, setup_2026, teardown),
		cmocka_unit_test(test_multi_year_spans),
		cmocka_unit_test(test_load_year_refuses),
		cmocka_unit_test(test_parse_errors),
	};
	return cmocka_run_group_tests_name("calendar", tests, NULL, NULL);
}
