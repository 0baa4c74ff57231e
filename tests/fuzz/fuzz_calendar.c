/* fuzz_calendar.c — working-calendar year files and the arithmetic on them.
 *
 * calendar_parse_year_json reads a data/calendar/ year file (the input). When it
 * accepts one, the overrides are loaded into a calendar next to the real
 * 2026 file's neighbour years, and calendar_add_workdays / calendar_workdays_between
 * are run from a few start days with a few spans.
 *
 * Besides not crashing, it checks the contracts of calendar.h:
 *   - a file that parses loads (the parser refuses what the loader would);
 *     a file that does not parse gives at least one well-formed error and
 *     no overrides;
 *   - add and between agree: between(a, add(a, n)) == n, the day add
 *     returns is a working day after a, and the day before it is one
 *     working day short;
 *   - an answer that stays inside loaded years is not provisional, and one
 *     that touches an unloaded year is;
 *   - each override is reflected by calendar_is_workday. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/calendar/calendar.h"

#include "check.h"

static bool all_loaded(const calendar_t *c, day_t a, day_t b)
{
	for (int y = date_year(a); y <= date_year(b); y++)
		if (!calendar_year_loaded(c, y))
			return false;
	return true;
}

static void add_and_between(const calendar_t *c, day_t a, int n)
{
	bool prov_add = false, prov_between = false;
	day_t b = calendar_add_workdays(c, a, n, &prov_add);
	if (n <= 0) {
		CHECK(b == a);
		return;
	}
	CHECK(b > a);
	CHECK(calendar_workdays_between(c, a, b, &prov_between) == n);
	CHECK(calendar_is_workday(c, b, NULL));
	CHECK(calendar_workdays_between(c, a, b - 1, NULL) == n - 1);
	CHECK(calendar_workdays_between(c, b, a, NULL) == 0);
	/* Only the days after a are consulted. */
	bool inside = all_loaded(c, a + 1, b);
	CHECK(prov_add == !inside);
	CHECK(prov_between == !inside);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int year = 0;
	calendar_override_t *ov = NULL;
	size_t n = 0;
	errs_t e = ERRS_INIT;
	int rc = calendar_parse_year_json((const char *)data, size, &year, &ov, &n, &e);
	if (rc != 0) {
		CHECK(rc == -1 && e.n > 0 && ov == NULL && n == 0);
		for (size_t i = 0; i < e.n; i++)
			CHECK(e.v[i].field && e.v[i].code && e.v[i].code[0] && e.v[i].zh[0] && e.v[i].en[0]);
		errs_clear(&e);
		return 0;
	}
	CHECK(e.n == 0 && year >= 1900 && year <= 9999);
	CHECK(n == 0 || ov != NULL);

	calendar_t *c = calendar_new();
	CHECK(c);
	CHECK(calendar_load_year(c, year, ov, n) == 0);
	CHECK(calendar_year_loaded(c, year) && calendar_last_loaded_year(c) == year);
	for (size_t i = 0; i < n; i++) {
		bool prov = true;
		CHECK(date_year(ov[i].day) == year);
		CHECK(calendar_is_workday(c, ov[i].day, &prov) == ov[i].workday && !prov);
	}

	day_t first = date_from_ymd(year, 1, 1), last = date_from_ymd(year, 12, 31);
	/* A second loaded year two years on leaves one unloaded year between. */
	if (year + 2 <= 9999)
		CHECK(calendar_load_year(c, year + 2, NULL, 0) == 0);

	/* Start days: before the year, its edges, inside it, and one taken from
	 * the input so that the fuzzer can steer it. */
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	const day_t starts[] = {first - 3, first - 1, first, first + 40, first + 180, last - 10, last,
				 first + (day_t)(h % 400)};
	const int spans[] = {0, 1, 3, 5, 10, 20, 60, 250, 300, 1000};
	for (size_t i = 0; i < sizeof starts / sizeof *starts; i++)
		for (size_t j = 0; j < sizeof spans / sizeof *spans; j++)
			add_and_between(c, starts[i], spans[j]);

	calendar_free(c);
	free(ov);
	errs_clear(&e);
	return 0;
}
