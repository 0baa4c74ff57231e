/* appointments.c — appointments (预约) over HTTP.
 *   GET    /api/v1/departments/{code}/slots?date=         a day's slots (public)
 *   POST   /api/v1/departments/{code}/slots               publish a slot (dept_head of it, admin)
 *   POST   /api/v1/appointments                           book (person, enterprise)
 *   DELETE /api/v1/appointments/{id}                      cancel (the booker)
 *   POST   /api/v1/appointments/{id}/checkin              check in (window clerk of the department)
 *   GET    /api/v1/me/appointments                        the caller's appointments
 *   GET    /api/v1/departments/{code}/appointments?date=  a day's appointments (department staff; supervisors
 * read) Cancel and check-in honour If-Match when it is sent (409 stale-version on a mismatch); without it
 * they act on the current version. */
#include "api/api.h"
#include "base/clock.h"
#include "base/jsonin.h"
#include "domain/appointments/appointment.h"
#include <limits.h>
#include <string.h>

/* ?date=YYYY-MM-DD, required; replies 422 and returns false otherwise. */
static bool query_date(req_t *r, day_t *day, bool with_who)
{
	static const char *const allowed[] = {"date", NULL}, *const with_q[] = {"date", "q", NULL};
	if (!req_query_only(r, with_who ? with_q : allowed))
		return false;
	const char *d = req_query(r, "date");
	if (d && date_parse(d, day))
		return true;
	errs_t e = ERRS_INIT;
	if (!d)
		errs_add(&e, "date", "required", "请给出日期 date=YYYY-MM-DD", "give date=YYYY-MM-DD");
	else
		errs_add(&e, "date", "invalid_date", "应为有效日期 YYYY-MM-DD", "must be a real date YYYY-MM-DD");
	reply_errors(r, E_VALIDATION, &e);
	errs_clear(&e);
	return false;
}

static void no_department(req_t *r)
{
	reply_problem(r, E_NOT_FOUND, "没有这个部门", "no such department", NULL);
}

void api_slots_list(req_t *r)
{
	day_t day;
	if (!query_date(r, &day, false))
		return;
	json_t *out = NULL;
	errcode_t ec =
	    slot_list_for_day(store_reader(r->store), req_param(r, "code"), day, clock_now_ms(), &out);
	if (ec == E_NOT_FOUND)
		no_department(r);
	else if (ec != E_OK)
		reply_problem(r, ec, NULL, NULL, NULL);
	else
		reply_json(r, 200, out);
}

void api_slots_publish(req_t *r)
{
	const char *code = req_param(r, "code");
	/* A department head publishes for their own department; an administrator for any. */
	if (!(r->actor.roles & ROLE_ADMIN) && !authz_resource(r, NULL, code, true))
		return;
	if (!appointment_department_exists(store_reader(r->store), code)) {
		no_department(r);
		return;
	}
	if (!r->body) {
		reply_problem(r, E_BAD_REQUEST, "需要 JSON 请求体", "a JSON body is required", NULL);
		return;
	}
	const char *date = NULL, *start = NULL, *end = NULL;
	long long capacity = LLONG_MIN;
	jfield_t spec[] = {
		{"date", JF_STRING, true, 1, 32, &date, NULL},
		{"start", JF_STRING, true, 1, 16, &start, NULL},
		{"end", JF_STRING, true, 1, 16, &end, NULL},
		{"capacity", JF_INT, true, 0, 0, &capacity, NULL},
		JF_END,
	};
	errs_t e = ERRS_INIT;
	json_spec_parse(r->body, spec, NULL, &e);
	slot_spec_t s;
	appt_slot_check(date, start, end, capacity, clock_now_ms(), &s, &e);
	if (errs_any(&e)) {
		reply_errors(r, E_VALIDATION, &e);
		errs_clear(&e);
		return;
	}
	char id[APPT_ID_LEN];
	errcode_t ec = slot_publish(r->store, &r->actor, code, &s, id, &e);
	if (ec == E_OK) {
		json_t *out = slot_json(store_reader(r->store), id, clock_now_ms());
		reply_etag(r, 1);
		reply_json(r, 201, out);
	} else if (ec == E_CONFLICT)
		reply_errors(r, ec, &e);
	else if (ec == E_NOT_FOUND)
		no_department(r);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}

void api_appointments_create(req_t *r)
{
	const char *slot = NULL, *matter = NULL;
	jfield_t spec[] = {
		{"slot", JF_STRING, true, 1, 64, &slot, NULL},
		{"matter", JF_STRING, false, 1, 32, &matter, NULL},
		JF_END,
	};
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	char id[APPT_ID_LEN];
	errcode_t ec = appointment_book(r->store, &r->actor, slot, matter, "online", &e, id);
	switch (ec) {
	case E_OK: {
		json_t *out = appointment_json(store_reader(r->store), id);
		reply_etag(r, 1);
		reply_json(r, 201, out);
		break;
	}
	case E_VALIDATION:
		reply_errors(r, ec, &e);
		break;
	case E_CONFLICT:
		if (errs_any(&e))
			reply_errors(r, ec, &e);
		else
			reply_problem(r, ec, "您已预约了这个时段", "you already hold this slot", NULL);
		break;
	case E_SLOT_FULL:
		reply_problem(r, ec, "该时段已约满，请选择其他时段", "this slot is fully booked; choose another", NULL);
		break;
	default:
		reply_problem(r, ec, NULL, NULL, NULL);
	}
	errs_clear(&e);
}

/* Cancel and check-in share their answers. */
static void after_change(req_t *r, errcode_t ec, const char *id, bool checkin)
{
	if (ec == E_OK) {
		json_t *out = appointment_json(store_reader(r->store), id);
		reply_etag(r, json_integer_value(json_object_get(out, "version")));
		reply_json(r, 200, out);
	} else if (ec == E_STATE)
		reply_problem(r, ec,
			      checkin ? "只能在预约当天为仍有效的预约签到" : "只能在时段开始前取消仍有效的预约",
			      checkin ? "a booked appointment is checked in on its own day only"
				      : "only a booked appointment can be cancelled, before its slot begins",
			      NULL);
	else if (ec == E_NOT_FOUND)
		reply_problem(r, ec, "没有这个预约", "no such appointment", NULL);
	else if (ec == E_FORBIDDEN)
		reply_problem(r, ec, "这不是您所在部门的预约", "This belongs to another department", NULL);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
}

void api_appointment_cancel(req_t *r)
{
	const char *id = req_param(r, "id");
	char owner[ACCOUNT_ID_LEN], dept[DEPT_CODE_LEN];
	if (!appointment_owner(store_reader(r->store), id, owner, dept)) {
		reply_problem(r, E_NOT_FOUND, "没有这个预约", "no such appointment", NULL);
		return;
	}
	if (!authz_resource(r, owner, dept, true))
		return;
	int64_t version;
	if (!req_if_match_optional(r, &version))
		return;
	after_change(r, appointment_cancel(r->store, &r->actor, id, version), id, false);
}

void api_appointment_checkin(req_t *r)
{
	const char *id = req_param(r, "id");
	char owner[ACCOUNT_ID_LEN], dept[DEPT_CODE_LEN];
	if (!appointment_owner(store_reader(r->store), id, owner, dept)) {
		reply_problem(r, E_NOT_FOUND, "没有这个预约", "no such appointment", NULL);
		return;
	}
	if (!authz_resource(r, NULL, dept, true))
		return;
	if (r->body) {
		jfield_t spec[] = {JF_END};   /* nothing to send; {} is accepted */
		if (!req_body(r, spec))
			return;
	}
	int64_t version;
	if (!req_if_match_optional(r, &version))
		return;
	after_change(r, appointment_checkin(r->store, &r->actor, id, version), id, true);
}

void api_me_appointments(req_t *r)
{
	static const char *const allowed[] = {NULL};
	if (!req_query_only(r, allowed))
		return;
	json_t *items = appointment_list_of_account(store_reader(r->store), r->actor.id);
	reply_json(r, 200, json_pack("{so}", "items", items));
}

void api_department_appointments(req_t *r)
{
	const char *code = req_param(r, "code");
	if (!authz_resource(r, NULL, code, false))
		return;
	day_t day;
	if (!query_date(r, &day, true))
		return;
	json_t *out = NULL;
	errcode_t ec = appointment_list_for_day(store_reader(r->store), code, day, &out);
	errs_t e = ERRS_INIT;
	if (ec == E_OK)
		ec = appointment_keep_who(store_reader(r->store), out, req_query(r, "q"), &e);
	if (ec == E_VALIDATION) {
		json_decref(out);
		reply_errors(r, ec, &e);
		errs_clear(&e);
		return;
	}
	errs_clear(&e);
	if (ec == E_NOT_FOUND)
		no_department(r);
	else if (ec != E_OK)
		reply_problem(r, ec, NULL, NULL, NULL);
	else
		reply_json(r, 200, out);
}
