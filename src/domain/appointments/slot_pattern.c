/* slot_pattern.c — publishing a pattern of slots at once (see appointment.h):
 * the days from..to of the chosen weekdays × the pattern's times, with one
 * capacity, skipping the days the calendar marks off. The check is pure; the
 * write is one callback, so the pattern is published whole or not at all. */
#include "domain/appointments/appointment.h"
#include "domain/appointments/appointment_store.h"
#include "domain/core/audit.h"
#include "base/clock.h"
#include "base/crypto.h"
#include <limits.h>
#include <stdio.h>
#include <string.h>

#define FIELD_LEN 32
#define CONFLICTS_MAX 5 /* the overlaps named in a refusal */
#define REGION_LEN 16

/* ------------------------------------------------------------ the check */

static void check_times(const char *const *starts, const char *const *ends, size_t ntimes,
			slot_pattern_t *out, errs_t *e)
{
	if (ntimes == 0) {
		errs_add(e, "times", "required", "请至少给出一个时段", "give at least one time");
		return;
	}
	if (ntimes > APPT_PATTERN_TIMES_MAX) {
		errs_addi(e, "times", "too_many", "每天最多 %lld 个时段", "at most %lld times a day",
			  APPT_PATTERN_TIMES_MAX);
		return;
	}
	bool all_ok = true;
	char f[FIELD_LEN];
	for (size_t i = 0; i < ntimes; i++) {
		int s = 0, en = 0;
		bool s_ok = starts[i] && appt_time_parse(starts[i], &s);
		bool e_ok = ends[i] && appt_time_parse(ends[i], &en);
		snprintf(f, sizeof f, "times[%zu].start", i);
		if (!s_ok)
			errs_add(e, f, "invalid_time", "应为 HH:MM（00:00 至 23:59）",
				 "must be HH:MM (00:00 to 23:59)");
		snprintf(f, sizeof f, "times[%zu].end", i);
		if (!e_ok)
			errs_add(e, f, "invalid_time", "应为 HH:MM（00:00 至 23:59）",
				 "must be HH:MM (00:00 to 23:59)");
		else if (s_ok && en <= s)
			errs_add(e, f, "not_after_start", "结束时间应晚于开始时间",
				 "must be after the start");
		all_ok = all_ok && s_ok && e_ok && en > s;
		out->start[i] = s;
		out->end[i] = en;
	}
	out->ntimes = (int)ntimes;
	if (!all_ok)
		return;
	for (size_t i = 0; i < ntimes; i++)
		for (size_t j = 0; j < i; j++)
			if (out->start[i] < out->end[j] && out->start[j] < out->end[i]) {
				snprintf(f, sizeof f, "times[%zu]", i);
				errs_add(e, f, "overlap", "与本次的另一个时段重叠",
					 "overlaps another time of the pattern");
				break;
			}
}

static void check_weekdays(const long long *weekdays, size_t n, slot_pattern_t *out, errs_t *e)
{
	if (n == 0)
		errs_add(e, "weekdays", "required", "请至少选择一个星期几",
			 "choose at least one day of the week");
	for (size_t i = 0; i < n; i++) {
		if (weekdays[i] < 1 || weekdays[i] > 7) {
			errs_add(e, "weekdays", "invalid", "应为 1（星期一）至 7（星期日）",
				 "must be 1 (Monday) to 7 (Sunday)");
			return;
		}
		out->weekdays |= 1u << weekdays[i];
	}
}

/* How many slots the pattern would publish were no day off (an upper bound). */
static long pattern_size(const slot_pattern_t *p)
{
	long days = 0;
	for (day_t d = p->from; d <= p->to; d++)
		days += (p->weekdays >> date_weekday(d)) & 1u;
	return days * p->ntimes;
}

bool appt_pattern_check(const char *from, const char *to, const long long *weekdays, size_t nweekdays,
			const char *const *starts, const char *const *ends, size_t ntimes, long long capacity,
			int64_t now_ms, slot_pattern_t *out, errs_t *e)
{
	size_t before = e->n;
	memset(out, 0, sizeof *out);
	day_t today = date_from_ms(now_ms);
	bool from_ok = from && date_parse(from, &out->from), to_ok = to && date_parse(to, &out->to);
	if (from && !from_ok)
		errs_add(e, "from", "invalid_date", "应为有效日期 YYYY-MM-DD",
			 "must be a real date YYYY-MM-DD");
	else if (from_ok && out->from < today)
		errs_add(e, "from", "past", "不能为已经过去的日期发布时段",
			 "must not be a day that has passed");
	if (to && !to_ok)
		errs_add(e, "to", "invalid_date", "应为有效日期 YYYY-MM-DD",
			 "must be a real date YYYY-MM-DD");
	else if (to_ok && from_ok && out->to < out->from)
		errs_add(e, "to", "before_from", "结束日期不能早于开始日期",
			 "must not be before the first day");
	else if (to_ok && from_ok && out->to - out->from >= APPT_PATTERN_DAYS_MAX)
		errs_addi(e, "to", "too_long", "一次最多发布 %lld 天", "may span at most %lld days",
			  APPT_PATTERN_DAYS_MAX);
	else if (to_ok && out->to - today > APPT_DAYS_AHEAD_MAX)
		errs_addi(e, "to", "too_far", "最多提前 %lld 天发布", "may be at most %lld days ahead",
			  APPT_DAYS_AHEAD_MAX);
	check_weekdays(weekdays, nweekdays, out, e);
	check_times(starts, ends, ntimes, out, e);
	if (capacity != LLONG_MIN) {
		if (capacity < 1)
			errs_addi(e, "capacity", "too_small", "不能小于 %lld", "must be at least %lld", 1);
		else if (capacity > APPT_CAPACITY_MAX)
			errs_addi(e, "capacity", "too_large", "不能大于 %lld", "must be at most %lld",
				  APPT_CAPACITY_MAX);
		else
			out->capacity = (int)capacity;
	}
	if (e->n != before)
		return false;
	long size = pattern_size(out);
	if (size == 0)
		errs_add(e, "weekdays", "no_day_in_range", "所选日期范围内没有所选的星期几",
			 "none of the chosen days of the week falls in the range");
	else if (size > APPT_PATTERN_SLOTS_MAX)
		errs_addi(e, "to", "too_many", "一次最多发布 %lld 个时段，请缩短日期范围",
			  "at most %lld slots at once; shorten the range", APPT_PATTERN_SLOTS_MAX);
	/* today's times that have begun: the pattern would publish slots in the past */
	if (((out->weekdays >> date_weekday(out->from)) & 1u) && out->from == today)
		for (int i = 0; i < out->ntimes; i++)
			if (appt_slot_is_past(today, out->start[i], now_ms)) {
				errs_add(e, "from", "past", "今天已开始的时段不能发布，请从明天开始",
					 "some of today's times have begun; start tomorrow");
				break;
			}
	return e->n == before;
}

/* ------------------------------------------------------------ publishing */

struct conflict {
	int time; /* index into the pattern's times */
	char day[DATE_STR_LEN], other[APPT_TIME_LEN];
};

struct pattern_ctx {
	const actor_t *by;
	const char *department;
	const slot_pattern_t *p;
	json_t *ids, *skipped; /* out, set afresh on each call */
	struct conflict conflicts[CONFLICTS_MAX];
	int nconflicts;
};

static int publish_day(dbc_t *c, struct pattern_ctx *x, day_t d, int64_t now)
{
	slot_row_t r;
	memset(&r, 0, sizeof r);
	snprintf(r.department, sizeof r.department, "%s", x->department);
	date_format(d, r.day);
	r.capacity = x->p->capacity;
	for (int i = 0; i < x->p->ntimes; i++) {
		appt_time_format(x->p->start[i], r.start);
		appt_time_format(x->p->end[i], r.end);
		char other[APPT_TIME_LEN];
		int rc = appointment_store_slot_overlap(c, r.department, r.day, r.start, r.end, other);
		if (rc == DB_ROW) {
			if (x->nconflicts < CONFLICTS_MAX) {
				struct conflict *k = &x->conflicts[x->nconflicts];
				k->time = i;
				memcpy(k->day, r.day, sizeof k->day);
				memcpy(k->other, other, sizeof k->other);
			}
			x->nconflicts++;
			continue;
		}
		if (rc != DB_DONE)
			return -1;
		id_new(r.id);
		if (appointment_store_slot_insert(c, &r, now, x->by->id) != DB_DONE)
			return -1;
		json_t *detail =
		    json_pack("{ss ss ss ss si sb}", "department", r.department, "date", r.day, "start",
			      r.start, "end", r.end, "capacity", r.capacity, "pattern", 1);
		rc = audit_append(c, x->by, "slot.publish", "slot", r.id, 0, 1, detail);
		json_decref(detail);
		if (rc != 0)
			return -1;
		json_array_append_new(x->ids, json_string(r.id));
	}
	return 0;
}

static int pattern_write(dbc_t *c, void *arg)
{
	struct pattern_ctx *x = arg;
	json_array_clear(x->ids);
	json_array_clear(x->skipped);
	x->nconflicts = 0;
	char region[REGION_LEN];
	if (!appointment_store_department_region(c, x->department, region, sizeof region))
		return E_NOT_FOUND;
	int64_t now = clock_now_ms();
	for (day_t d = x->p->from; d <= x->p->to; d++) {
		if (!((x->p->weekdays >> date_weekday(d)) & 1u))
			continue;
		char ds[DATE_STR_LEN];
		date_format(d, ds);
		if (appointment_store_day_off(c, region, ds)) {
			json_array_append_new(x->skipped,
					      json_pack("{ss ss}", "date", ds, "reason", "day_off"));
			continue;
		}
		if (publish_day(c, x, d, now) != 0)
			return -1;
	}
	if (x->nconflicts)
		return E_CONFLICT;
	return json_array_size(x->ids) ? 0 : E_VALIDATION;
}

static void name_conflicts(const struct pattern_ctx *x, errs_t *errs)
{
	int n = x->nconflicts < CONFLICTS_MAX ? x->nconflicts : CONFLICTS_MAX;
	for (int i = 0; i < n; i++) {
		const struct conflict *k = &x->conflicts[i];
		char f[FIELD_LEN], zh[160], en[160], s[APPT_TIME_LEN];
		appt_time_format(x->p->start[k->time], s);
		snprintf(f, sizeof f, "times[%d]", k->time);
		snprintf(zh, sizeof zh, "%s %s 与该部门 %s 开始的已有时段重叠", k->day, s, k->other);
		snprintf(en, sizeof en, "%s %s overlaps the department's slot starting at %s", k->day, s,
			 k->other);
		errs_add(errs, f, "overlap", zh, en);
	}
}

errcode_t slot_publish_pattern(store_t *st, const actor_t *by, const char *department,
			       const slot_pattern_t *p, json_t **out, errs_t *errs)
{
	struct pattern_ctx x = {
	    .by = by, .department = department, .p = p, .ids = json_array(), .skipped = json_array()};
	int rc = store_write(st, pattern_write, &x);
	if (rc == E_CONFLICT)
		name_conflicts(&x, errs);
	else if (rc == E_VALIDATION)
		errs_add(errs, "weekdays", "no_day", "所选日期均为节假日，没有可发布的工作日",
			 "every chosen day is a day off; there is no working day to publish");
	if (rc != 0) {
		json_decref(x.ids);
		json_decref(x.skipped);
		return rc > 0 ? (errcode_t)rc : E_INTERNAL;
	}
	*out = json_pack("{ss sI so so}", "department", department, "published",
			 (json_int_t)json_array_size(x.ids), "skipped", x.skipped, "slots", x.ids);
	return E_OK;
}
