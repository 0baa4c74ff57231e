/* calendar.c — the working calendar (see calendar.h).
 *
 * Each loaded year keeps a bitmap of its working days and a running count
 * (prefix[i] = working days among the year's first i days), so counting the
 * working days of any stretch inside a year is one subtraction and finding
 * the n-th working day is a binary search over the counts. The years the
 * calendar has not been given are never walked day by day either: between
 * two loaded years (or before the first, or after the last) every Monday to
 * Friday counts, and both the count and its inverse are closed formulas. A
 * computation therefore costs O(loaded years + log 366) whatever its span,
 * and any answer that touched an unloaded day is flagged provisional. */
#include "domain/calendar/calendar.h"
#include "base/mem.h"

#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	CAL_MIN_YEAR = 1900,
	CAL_MAX_YEAR = 9999,
	/* 1970-01-05, a Monday: the origin of the weekday formulas. */
	MONDAY_ANCHOR = 4,
};

typedef struct {
	int year;
	day_t first;               /* 1 January */
	int ndays;                 /* 365 or 366 */
	uint8_t bits[(366 + 7) / 8];
	uint16_t prefix[366 + 1];
} cal_year_t;

struct calendar {
	cal_year_t *years;         /* sorted by year, no duplicates */
	size_t n, cap;
};

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if (a % b != 0 && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* Mondays to Fridays in [MONDAY_ANCHOR, x), negative when x is earlier, so
 * that differences count weekdays in any range. */
static int64_t weekdays_before(int64_t x)
{
	int64_t t = x - MONDAY_ANCHOR;
	int64_t q = floor_div(t, 7);
	int64_t r = t - 7 * q;
	return 5 * q + (r < 5 ? r : 5);
}

/* Mondays to Fridays d with a < d <= b. */
static int64_t weekdays_in(int64_t a, int64_t b)
{
	return weekdays_before(b + 1) - weekdays_before(a + 1);
}

/* The inverse: the day of the weekday with index k (0 = the anchor Monday),
 * i.e. the d with weekdays_before(d) == k that is itself a weekday. */
static int64_t weekday_at(int64_t k)
{
	int64_t q = floor_div(k, 5);
	return MONDAY_ANCHOR + 7 * q + (k - 5 * q);
}

static day_t clamp_day(int64_t d)
{
	if (d > INT32_MAX)
		return INT32_MAX;
	if (d < INT32_MIN)
		return INT32_MIN;
	return (day_t)d;
}

static bool bit_get(const cal_year_t *y, int i)
{
	return (y->bits[i / 8] >> (i % 8)) & 1;
}

static void bit_set(cal_year_t *y, int i, bool on)
{
	if (on)
		y->bits[i / 8] |= (uint8_t)(1u << (i % 8));
	else
		y->bits[i / 8] &= (uint8_t)~(1u << (i % 8));
}

/* Index of the first loaded year >= year (c->n when there is none). */
static size_t lower_bound(const calendar_t *c, int year)
{
	size_t lo = 0, hi = c->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->years[mid].year < year)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const cal_year_t *find_year(const calendar_t *c, int year)
{
	size_t i = lower_bound(c, year);
	return i < c->n && c->years[i].year == year ? &c->years[i] : NULL;
}

calendar_t *calendar_new(void)
{
	return xcalloc(1, sizeof(calendar_t));
}

void calendar_free(calendar_t *c)
{
	if (!c)
		return;
	free(c->years);
	free(c);
}

int calendar_load_year(calendar_t *c, int year, const calendar_override_t *ov, size_t n)
{
	if (!c || year < CAL_MIN_YEAR || year > CAL_MAX_YEAR || (n > 0 && !ov))
		return -1;

	/* Built aside and copied in at the end, so a refused year leaves the
	 * calendar exactly as it was. */
	cal_year_t y;
	memset(&y, 0, sizeof y);
	y.year = year;
	y.first = date_from_ymd(year, 1, 1);
	y.ndays = (int)(date_from_ymd(year + 1, 1, 1) - y.first);
	for (int i = 0; i < y.ndays; i++)
		bit_set(&y, i, date_weekday(y.first + i) <= 5);

	/* 0 = no override yet, 1 = off, 2 = working: the same day named both
	 * ways is a contradiction in the input, not something to resolve by
	 * order. */
	uint8_t seen[366] = {0};
	for (size_t k = 0; k < n; k++) {
		int64_t i = (int64_t)ov[k].day - y.first;
		if (i < 0 || i >= y.ndays)
			return -1;
		uint8_t mark = ov[k].workday ? 2 : 1;
		if (seen[i] && seen[i] != mark)
			return -1;
		seen[i] = mark;
		bit_set(&y, (int)i, ov[k].workday);
	}
	for (int i = 0; i < y.ndays; i++)
		y.prefix[i + 1] = (uint16_t)(y.prefix[i] + bit_get(&y, i));

	size_t at = lower_bound(c, year);
	if (at < c->n && c->years[at].year == year) {
		c->years[at] = y;
		return 0;
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 4;
		c->years = xrealloc(c->years, cap * sizeof *c->years);
		c->cap = cap;
	}
	memmove(&c->years[at + 1], &c->years[at], (c->n - at) * sizeof *c->years);
	c->years[at] = y;
	c->n++;
	return 0;
}

bool calendar_year_loaded(const calendar_t *c, int year)
{
	return c && find_year(c, year) != NULL;
}

int calendar_last_loaded_year(const calendar_t *c)
{
	return c && c->n ? c->years[c->n - 1].year : 0;
}

bool calendar_is_workday(const calendar_t *c, day_t day, bool *provisional)
{
	const cal_year_t *y = c ? find_year(c, date_year(day)) : NULL;
	if (provisional)
		*provisional = y == NULL;
	if (y)
		return bit_get(y, (int)(day - y->first));
	return date_weekday(day) <= 5;
}

day_t calendar_add_workdays(const calendar_t *c, day_t day, int n, bool *provisional)
{
	bool prov = false;
	day_t result = day;
	if (n <= 0 || day == INT32_MAX)
		goto out;

	/* Invariant: the answer lies after cur, `remaining` working days on. */
	int64_t cur = day;
	int64_t remaining = n;
	size_t i = c ? lower_bound(c, date_year(day + 1)) : 0;
	size_t nyears = c ? c->n : 0;
	for (;;) {
		const cal_year_t *y = i < nyears ? &c->years[i] : NULL;
		if (y && y->first <= cur + 1) {
			int start = (int)(cur + 1 - y->first);
			int avail = y->prefix[y->ndays] - y->prefix[start];
			if (avail >= remaining) {
				/* The first k with prefix[k] reaching the target; the
				 * day with index k-1 is the working day that gets there. */
				int target = y->prefix[start] + (int)remaining;
				int lo = start + 1, hi = y->ndays;
				while (lo < hi) {
					int mid = lo + (hi - lo) / 2;
					if (y->prefix[mid] >= target)
						hi = mid;
					else
						lo = mid + 1;
				}
				result = clamp_day(y->first + lo - 1);
				goto out;
			}
			remaining -= avail;
			cur = y->first + y->ndays - 1;
			i++;
			continue;
		}
		/* Not loaded up to the next loaded year (or for ever). */
		prov = true;
		int64_t d = weekday_at(weekdays_before(cur + 1) + remaining - 1);
		if (!y || d < y->first) {
			result = clamp_day(d);
			goto out;
		}
		remaining -= weekdays_in(cur, y->first - 1);
		cur = y->first - 1;
	}
out:
	if (provisional)
		*provisional = prov;
	return result;
}

int calendar_workdays_between(const calendar_t *c, day_t a, day_t b, bool *provisional)
{
	bool prov = false;
	int64_t count = 0;
	if (b <= a)
		goto out;

	int64_t cur = a;
	size_t i = c ? lower_bound(c, date_year(a + 1)) : 0;
	size_t nyears = c ? c->n : 0;
	while (cur < b) {
		const cal_year_t *y = i < nyears ? &c->years[i] : NULL;
		if (y && y->first <= cur + 1) {
			int64_t last = y->first + y->ndays - 1;
			int64_t end = b < last ? b : last;
			count += y->prefix[end - y->first + 1] - y->prefix[cur + 1 - y->first];
			cur = end;
			i++;
		} else {
			int64_t end = y && y->first - 1 < b ? y->first - 1 : b;
			count += weekdays_in(cur, end);
			prov = true;
			cur = end;
		}
	}
out:
	if (provisional)
		*provisional = prov;
	return count > INT_MAX ? INT_MAX : (int)count;
}

/* ---- year files ---------------------------------------------------------- */

enum { MARK_NONE, MARK_OFF, MARK_WORK };

typedef struct {
	errs_t *errs;
	int year;                  /* 0 while the year member is unusable */
	day_t first;
	uint8_t mark[366];
	calendar_override_t *ov;
	size_t n, cap;
} parse_t;

/* Field paths and messages are built into fixed buffers. Nothing in a
 * document jansson accepted makes them overflow, but a cut path or message
 * would mislead, so one that does not fit gives way to `fallback`. */
__attribute__((format(printf, 4, 5)))
static const char *bounded(char *buf, size_t size, const char *fallback, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return r < 0 || (size_t)r >= size ? fallback : buf;
}

#define path(buf, size, ...) bounded(buf, size, "", __VA_ARGS__)

static void add_err(parse_t *p, const char *field, const char *code, const char *zh, const char *en)
{
	errs_add(p->errs, field, code, zh, en);
}

static void push(parse_t *p, day_t day, bool workday, const char *name)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		p->ov = xrealloc(p->ov, cap * sizeof *p->ov);
		p->cap = cap;
	}
	calendar_override_t *o = &p->ov[p->n++];
	memset(o, 0, sizeof *o);
	o->day = day;
	o->workday = workday;
	/* The name's length was checked against the field before. */
	size_t len = strlen(name);
	memcpy(o->name, name, len + 1);
}

/* Parses a date member that must fall in the file's year. */
static bool parse_day(parse_t *p, const json_t *v, const char *field, day_t *out)
{
	if (!json_is_string(v)) {
		add_err(p, field, "type", "应为日期字符串 YYYY-MM-DD", "must be a date string YYYY-MM-DD");
		return false;
	}
	if (!date_parse_n(json_string_value(v), json_string_length(v), out)) {
		add_err(p, field, "date", "不是有效日期（格式 YYYY-MM-DD）", "not a valid date (YYYY-MM-DD)");
		return false;
	}
	if (p->year && date_year(*out) != p->year) {
		errs_addi(p->errs, field, "not_in_year", "日期不在 %lld 年内", "date is not in the year %lld",
		          p->year);
		return false;
	}
	return true;
}

/* Records one day's status, refusing a day named twice. */
static void mark_day(parse_t *p, day_t day, int mark, const char *field, const char *name)
{
	if (!p->year)
		return;
	int i = (int)(day - p->first);
	if (p->mark[i] != MARK_NONE) {
		char d[DATE_STR_LEN], zh[96], en[96];
		date_format(day, d);
		if (p->mark[i] != mark)
			add_err(p, field, "conflict",
			        bounded(zh, sizeof zh, "既是放假日又是调休上班日", "%s 既是放假日又是调休上班日", d),
			        bounded(en, sizeof en, "both a day off and a working day",
			                "%s is both a day off and a working day", d));
		else
			add_err(p, field, "duplicate", bounded(zh, sizeof zh, "日期重复出现", "%s 重复出现", d),
			        bounded(en, sizeof en, "a date is listed twice", "%s is listed twice", d));
		return;
	}
	p->mark[i] = (uint8_t)mark;
	push(p, day, mark == MARK_WORK, name);
}

static void parse_off(parse_t *p, const json_t *off, size_t h, const char *name)
{
	char f[96], f0[96], f1[96];
	const char *field = path(f, sizeof f, "holidays[%zu].off", h);
	if (!off) {
		add_err(p, field, "required", "缺少放假日期范围", "the range of days off is missing");
		return;
	}
	if (!json_is_array(off) || json_array_size(off) != 2) {
		add_err(p, field, "range", "应为起止日期两元素数组 [起, 止]（含两端）",
		        "must be a two-element inclusive range [from, to]");
		return;
	}
	day_t from, to;
	bool ok0 =
		parse_day(p, json_array_get(off, 0), path(f0, sizeof f0, "holidays[%zu].off[0]", h), &from);
	bool ok1 = parse_day(p, json_array_get(off, 1), path(f1, sizeof f1, "holidays[%zu].off[1]", h), &to);
	if (!ok0 || !ok1)
		return;
	if (from > to) {
		add_err(p, field, "order", "起始日期晚于结束日期", "the first date is after the last");
		return;
	}
	for (day_t d = from; d <= to; d++)
		mark_day(p, d, MARK_OFF, field, name);
}

static void parse_workdays(parse_t *p, const json_t *wd, size_t h, const char *name)
{
	char f[96];
	if (!wd)
		return;
	if (!json_is_array(wd)) {
		add_err(p, path(f, sizeof f, "holidays[%zu].workdays", h), "type",
		        "应为日期数组", "must be an array of dates");
		return;
	}
	size_t j;
	const json_t *v;
	json_array_foreach(wd, j, v) {
		const char *field = path(f, sizeof f, "holidays[%zu].workdays[%zu]", h, j);
		day_t d;
		if (!parse_day(p, v, field, &d))
			continue;
		/* 调休 only ever turns a weekend day into a working day; a weekday
		 * here is a typo in the file. */
		if (date_weekday(d) <= 5) {
			add_err(p, field, "not_weekend", "调休上班日应为周六或周日",
			        "a make-up working day must be a Saturday or Sunday");
			continue;
		}
		mark_day(p, d, MARK_WORK, field, name);
	}
}

static void parse_holiday(parse_t *p, const json_t *hol, size_t h)
{
	char f[96], fk[160];
	const char *base = path(f, sizeof f, "holidays[%zu]", h);
	if (!json_is_object(hol)) {
		add_err(p, base, "type", "应为对象", "must be an object");
		return;
	}
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)hol, key, v) {
		if (strcmp(key, "name") && strcmp(key, "name_en") && strcmp(key, "off") &&
		    strcmp(key, "workdays")) {
			add_err(p, path(fk, sizeof fk, "%s.%.64s", base, key), "unknown_field",
			        "未知字段", "unknown field");
		}
	}

	const char *name = "";
	const json_t *jn = json_object_get(hol, "name");
	if (!jn) {
		add_err(p, path(fk, sizeof fk, "holidays[%zu].name", h), "required", "缺少节日名称",
		        "the holiday name is missing");
	} else if (!json_is_string(jn) || json_string_length(jn) == 0) {
		add_err(p, path(fk, sizeof fk, "holidays[%zu].name", h), "type", "应为非空字符串",
		        "must be a non-empty string");
	} else if (json_string_length(jn) >= sizeof ((calendar_override_t *)0)->name ||
	           strlen(json_string_value(jn)) != json_string_length(jn)) {
		add_err(p, path(fk, sizeof fk, "holidays[%zu].name", h), "too_long",
		        "名称过长（最多 63 字节）", "the name is too long (at most 63 bytes)");
	} else {
		name = json_string_value(jn);
	}
	const json_t *je = json_object_get(hol, "name_en");
	if (je && !json_is_string(je))
		add_err(p, path(fk, sizeof fk, "holidays[%zu].name_en", h), "type", "应为字符串",
		        "must be a string");

	parse_off(p, json_object_get(hol, "off"), h, name);
	parse_workdays(p, json_object_get(hol, "workdays"), h, name);
}

int calendar_parse_year_json(const char *json, size_t len, int *year, calendar_override_t **ov, size_t *n,
			     errs_t *errs)
{
	size_t errs_before = errs->n;
	parse_t p;
	memset(&p, 0, sizeof p);
	p.errs = errs;
	*ov = NULL;
	*n = 0;
	*year = 0;

	json_error_t jerr;
	json_t *root = json ? json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr) : NULL;
	if (!root) {
		char zh[320], en[320];
		int line = json ? jerr.line : 0;
		const char *why = json ? jerr.text : "no input";
		add_err(&p, "", "invalid_json",
		        bounded(zh, sizeof zh, "不是有效的 JSON", "不是有效的 JSON（第 %d 行）：%s", line, why),
		        bounded(en, sizeof en, "not valid JSON", "not valid JSON (line %d): %s", line, why));
		goto out;
	}
	if (!json_is_object(root)) {
		add_err(&p, "", "type", "应为 JSON 对象", "must be a JSON object");
		goto out;
	}

	const char *key;
	json_t *v;
	json_object_foreach(root, key, v) {
		if (strcmp(key, "year") && strcmp(key, "source") && strcmp(key, "holidays")) {
			char f[80];
			add_err(&p, path(f, sizeof f, "%.64s", key), "unknown_field", "未知字段",
				"unknown field");
		}
	}

	const json_t *jy = json_object_get(root, "year");
	if (!jy) {
		add_err(&p, "year", "required", "缺少年份", "the year is missing");
	} else if (!json_is_integer(jy) || json_integer_value(jy) < CAL_MIN_YEAR ||
	           json_integer_value(jy) > CAL_MAX_YEAR) {
		add_err(&p, "year", "range", "年份应为 1900 至 9999 之间的整数",
		        "the year must be an integer from 1900 to 9999");
	} else {
		p.year = (int)json_integer_value(jy);
		p.first = date_from_ymd(p.year, 1, 1);
	}

	const json_t *js = json_object_get(root, "source");
	if (js && !json_is_string(js))
		add_err(&p, "source", "type", "应为字符串", "must be a string");

	const json_t *jh = json_object_get(root, "holidays");
	if (!jh) {
		add_err(&p, "holidays", "required", "缺少节假日列表", "the list of holidays is missing");
	} else if (!json_is_array(jh)) {
		add_err(&p, "holidays", "type", "应为数组", "must be an array");
	} else {
		size_t h;
		const json_t *hol;
		json_array_foreach(jh, h, hol)
			parse_holiday(&p, hol, h);
	}

out:
	json_decref(root);
	if (errs->n != errs_before) {
		free(p.ov);
		return -1;
	}
	*year = p.year;
	*ov = p.ov;
	*n = p.n;
	return 0;
}
