/* appointment_read.c — the JSON views of appointments (see appointment.h):
 * one appointment, a person's list and a department's day. Rows come typed
 * from appointment_store.c; status labels are given in Chinese and English. */
#include "domain/appointments/appointment.h"
#include "domain/appointments/appointment_store.h"
#include "domain/identity/account.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/idcheck.h"
#include "base/jsonin.h"
#include "base/mem.h"
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *st, *zh, *en;
} STATUS_LABELS[] = {
	{"booked", "已预约", "Booked"},
	{"cancelled", "已取消", "Cancelled"},
	{"checked_in", "已签到", "Checked in"},
};

static const char *status_label(const char *st, bool en)
{
	for (size_t i = 0; i < sizeof STATUS_LABELS / sizeof STATUS_LABELS[0]; i++)
		if (!strcmp(STATUS_LABELS[i].st, st))
			return en ? STATUS_LABELS[i].en : STATUS_LABELS[i].zh;
	return st;
}

static json_t *iso_or_null(int64_t ms)
{
	if (ms < 0)
		return json_null();
	char ts[32];
	clock_format_iso(ms, ts);
	return json_string(ts);
}

static json_t *appt_view(const appt_row_t *r)
{
	json_t *o = json_pack("{ss ss s{ss ss} sI s{ss ss ss ss} s{ss s{ss ss}}}", "id", r->id, "status",
			      r->status, "status_label", "zh", status_label(r->status, false), "en",
			      status_label(r->status, true), "version", (json_int_t)r->version, "slot", "id",
			      r->slot_id, "date", r->day, "start", r->start, "end", r->end, "department",
			      "code", r->department, "name", "zh", r->department_zh, "en", r->department_en);
	if (!r->has_matter)
		json_object_set_new(o, "matter", json_null());
	else
		json_object_set_new(o, "matter",
				    json_pack("{ss s{ss ss}}", "code", r->matter, "name", "zh", r->matter_zh,
					      "en", r->matter_en));
	json_object_set_new(
	    o, "applicant",
	    json_pack("{ss ss ss}", "id", r->account, "name", r->account_name, "kind", r->account_kind));
	json_object_set_new(o, "created_at", iso_or_null(r->created_at));
	json_object_set_new(o, "cancelled_at", iso_or_null(r->cancelled_at));
	json_object_set_new(o, "checked_in_at", iso_or_null(r->checked_in_at));
	return o;
}

static void add_appt(const appt_row_t *r, void *arr) { json_array_append_new(arr, appt_view(r)); }

json_t *appointment_json(dbc_t *c, const char *id)
{
	appt_row_t *r = xmalloc(sizeof *r);
	json_t *o = appointment_store_get(c, id, r) == DB_ROW ? appt_view(r) : NULL;
	free(r);
	return o;
}

json_t *appointment_list_of_account(dbc_t *c, const char *account_id)
{
	json_t *arr = json_array();
	appointment_store_of_account(c, account_id, APPT_LIST_MAX, add_appt, arr);
	return arr;
}

errcode_t appointment_list_for_day(dbc_t *c, const char *department, day_t day, json_t **out)
{
	if (!appointment_store_department_exists(c, department))
		return E_NOT_FOUND;
	char ds[DATE_STR_LEN];
	date_format(day, ds);
	json_t *arr = json_array();
	if (appointment_store_of_day(c, department, ds, APPT_DAY_LIST_MAX, add_appt, arr) != DB_DONE) {
		json_decref(arr);
		return E_INTERNAL;
	}
	*out = json_pack("{ss ss so}", "department", department, "date", ds, "items", arr);
	return E_OK;
}

/* Keeps the appointments of the person the clerk names: a 身份证号 (checked,
 * then found among the accounts; never compared as text) or part of a name. */
errcode_t appointment_keep_who(dbc_t *c, json_t *list, const char *who, errs_t *e)
{
	if (!who)
		return E_OK;
	size_t n = strlen(who);
	char account[ACCOUNT_ID_LEN] = "";
	bool by_id = (n == 15 || n == 18) && strspn(who, "0123456789Xx") == n;
	if (!n || utf8_len(who) > 50) {
		errs_add(e, "q", "invalid", "请填写 1 至 50 个字符的姓名或身份证号",
			 "give a name or an ID number of 1 to 50 characters");
		return E_VALIDATION;
	}
	if (by_id) {
		idnum_info_t info;
		int y, m, d;
		date_to_ymd(date_from_ms(clock_now_ms()), &y, &m, &d);
		if (idnum_check(who, y, m, d, &info) != IDNUM_OK) {
			errs_add(e, "q", "invalid_id", "身份证号码校验不通过", "the ID number does not check out");
			return E_VALIDATION;
		}
		if (!account_find_active_by_id_number(c, info.normalized, account))
			account[0] = '\0';
	}
	json_t *items = json_object_get(list, "items"), *keep = json_array();
	size_t i;
	json_t *a;
	json_array_foreach (items, i, a) {
		json_t *acc = json_object_get(a, "applicant");
		const char *id = json_string_value(json_object_get(acc, "id"));
		const char *name = json_string_value(json_object_get(acc, "name"));
		bool match = by_id ? (account[0] && id && !strcmp(id, account)) : (name && strstr(name, who));
		if (match)
			json_array_append(keep, a);
	}
	json_object_set_new(list, "items", keep);
	return E_OK;
}
