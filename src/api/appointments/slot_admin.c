/* slot_admin.c — a department's slots as its head (or the administrator) manages them:
 *   POST   /api/v1/departments/{code}/slots/pattern   publish days × times × capacity at once
 *   PATCH  /api/v1/departments/{code}/slots/{id}      change a slot's capacity (never below its bookings)
 *   DELETE /api/v1/departments/{code}/slots/{id}      withdraw a slot nobody holds
 * A department head acts for their own department, the administrator for any; a slot of another
 * department is 404 under this one. PATCH and DELETE honour If-Match when it is sent. */
#include "api/api.h"
#include "base/clock.h"
#include "base/jsonin.h"
#include "domain/appointments/appointment.h"
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* The caller may manage the department's slots, and it exists; otherwise replies and returns false. */
static bool may_manage(req_t *r, const char *code)
{
	if (!(r->actor.roles & ROLE_ADMIN) && !authz_resource(r, NULL, code, true))
		return false;
	if (!appointment_department_exists(store_reader(r->store), code)) {
		reply_problem(r, E_NOT_FOUND, "没有这个部门", "no such department", NULL);
		return false;
	}
	return true;
}

/* weekdays: integers; times: objects {start, end}. Bad members are named in e. */
static void read_lists(json_t *wd, json_t *times, long long *days, size_t *ndays, const char **starts,
		       const char **ends, size_t *ntimes, errs_t *e)
{
	size_t i;
	json_t *v;
	*ndays = *ntimes = 0;
	json_array_foreach(wd, i, v)
	{
		if (i >= 7 || !json_is_integer(v)) {
			errs_add(e, "weekdays", "invalid", "应为 1（星期一）至 7（星期日），不重复",
				 "must be 1 (Monday) to 7 (Sunday), each once");
			break;
		}
		days[(*ndays)++] = json_integer_value(v);
	}
	json_array_foreach(times, i, v)
	{
		if (i >= APPT_PATTERN_TIMES_MAX)
			break;
		const char *s = NULL, *en = NULL;
		jfield_t spec[] = {
		    {"start", JF_STRING, true, 1, 16, &s, NULL},
		    {"end", JF_STRING, true, 1, 16, &en, NULL},
		    JF_END,
		};
		char prefix[32];
		snprintf(prefix, sizeof prefix, "times[%zu]", i);
		json_spec_parse(v, spec, prefix, e);
		starts[i] = s;
		ends[i] = en;
	}
	*ntimes = json_array_size(times);
}

void api_slots_pattern(req_t *r)
{
	const char *code = req_param(r, "code");
	if (!may_manage(r, code))
		return;
	if (!r->body) {
		reply_problem(r, E_BAD_REQUEST, "需要 JSON 请求体", "a JSON body is required", NULL);
		return;
	}
	const char *from = NULL, *to = NULL;
	json_t *wd = NULL, *times = NULL;
	long long capacity = LLONG_MIN;
	jfield_t spec[] = {
	    {"from", JF_STRING, true, 1, 32, &from, NULL},
	    {"to", JF_STRING, true, 1, 32, &to, NULL},
	    {"weekdays", JF_ARRAY, true, 0, 7, &wd, NULL},
	    {"times", JF_ARRAY, true, 0, APPT_PATTERN_TIMES_MAX, &times, NULL},
	    {"capacity", JF_INT, true, 0, 0, &capacity, NULL},
	    JF_END,
	};
	errs_t e = ERRS_INIT;
	json_spec_parse(r->body, spec, NULL, &e);
	long long days[7];
	const char *starts[APPT_PATTERN_TIMES_MAX] = {0}, *ends[APPT_PATTERN_TIMES_MAX] = {0};
	size_t ndays = 0, ntimes = 0;
	slot_pattern_t p;
	if (!errs_any(&e)) {
		read_lists(wd, times, days, &ndays, starts, ends, &ntimes, &e);
		appt_pattern_check(from, to, days, ndays, starts, ends, ntimes, capacity, clock_now_ms(), &p,
				   &e);
	}
	if (errs_any(&e)) {
		reply_errors(r, E_VALIDATION, &e);
		errs_clear(&e);
		return;
	}
	json_t *out = NULL;
	errcode_t ec = slot_publish_pattern(r->store, &r->actor, code, &p, &out, &e);
	if (ec == E_OK)
		reply_json(r, 201, out);
	else if (ec == E_CONFLICT || ec == E_VALIDATION)
		reply_errors(r, ec, &e);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}

static void not_found(req_t *r)
{
	reply_problem(r, E_NOT_FOUND, "该部门没有这个时段", "the department has no such slot", NULL);
}

static void begun(req_t *r)
{
	reply_problem(r, E_STATE, "时段已经开始，不能再更改",
		      "the slot has begun and can no longer be changed", NULL);
}

void api_slot_withdraw(req_t *r)
{
	const char *code = req_param(r, "code");
	if (!may_manage(r, code))
		return;
	int64_t version, booked = 0;
	if (!req_if_match_optional(r, &version))
		return;
	errcode_t ec = slot_withdraw(r->store, &r->actor, code, req_param(r, "id"), version, &booked);
	if (ec == E_OK)
		reply_no_content(r);
	else if (ec == E_NOT_FOUND)
		not_found(r);
	else if (ec == E_STATE)
		begun(r);
	else if (ec == E_CONFLICT) {
		char zh[200], en[200];
		snprintf(zh, sizeof zh, "此时段已有 %lld 人预约，不能撤回；请保留该时段，或请预约人先取消",
			 (long long)booked);
		snprintf(
		    en, sizeof en,
		    "%lld %s booked this slot, so it cannot be withdrawn; keep it, or ask the %s to cancel",
		    (long long)booked, booked == 1 ? "person has" : "people have",
		    booked == 1 ? "person" : "people");
		reply_problem(r, E_STATE, zh, en, NULL); /* not "already exists": booked, so not now */
	} else
		reply_problem(r, ec, NULL, NULL, NULL);
}

void api_slot_capacity(req_t *r)
{
	const char *code = req_param(r, "code");
	if (!may_manage(r, code))
		return;
	long long capacity = LLONG_MIN;
	jfield_t spec[] = {
	    {"capacity", JF_INT, true, 1, APPT_CAPACITY_MAX, &capacity, NULL},
	    JF_END,
	};
	if (!req_body(r, spec))
		return;
	int64_t version;
	if (!req_if_match_optional(r, &version))
		return;
	errs_t e = ERRS_INIT;
	const char *id = req_param(r, "id");
	errcode_t ec = slot_set_capacity(r->store, &r->actor, code, id, (int)capacity, version, &e);
	if (ec == E_OK) {
		json_t *out = slot_json(store_reader(r->store), id, clock_now_ms());
		reply_etag(r, json_integer_value(json_object_get(out, "version")));
		reply_json(r, 200, out);
	} else if (ec == E_VALIDATION)
		reply_errors(r, ec, &e);
	else if (ec == E_NOT_FOUND)
		not_found(r);
	else if (ec == E_STATE)
		begun(r);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}
