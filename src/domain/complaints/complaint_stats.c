/* complaint_stats.c — 三率 per handling body and period, from counters kept
 * in the transaction of each step (complaint_step calls
 * complaint_stats_count), so a report never scans requests:
 *   响应率 response rate     responded / dispatched: signed for within the hour
 *                            and first replied within the time class (a
 *                            duplicate merged into another request counts
 *                            as that request was signed for and replied)
 *   解决率 resolution rate   resolved / callbacks
 *   满意率 satisfaction rate satisfied / callbacks
 * Each count falls on the day (Asia/Shanghai) of the step it counts, under the
 * body that held the request then. */
#include "domain/complaints/complaint.h"
#include "domain/complaints/complaint_flow.h"
#include "domain/complaints/complaint_int.h"
#include "domain/complaints/complaint_store.h"
#include "base/date.h"
#include <string.h>

int complaint_stats_count(dbc_t *c, const complaint_row_t *r, const char *action, const actor_t *by,
			  int64_t now)
{
	char day[DATE_STR_LEN];
	date_format(date_from_ms(now), day);
	if (!strcmp(action, "dispatch") || !strcmp(action, "redispatch") || !strcmp(action, "arbitrate") ||
	    (!strcmp(action, "merge") && r->dispatched_at == now)) /* merged into another body's request */
		return complaint_stats_add(c, r->body, day, 1, 0, 0, 0, 0, 0);
	if ((!strcmp(action, "reply") || !strcmp(action, "follow")) && r->replied_at == now) {
		bool in_time = r->signed_at && r->signed_at <= r->sign_due && now <= r->reply_due;
		return complaint_stats_add(c, r->body, day, 0, in_time, 0, 0, 0, 0);
	}
	if (!strcmp(action, "callback"))
		return complaint_stats_add(c, r->body, day, 0, 0, 1, r->resolved == 1, r->satisfied == 1, 0);
	if (!strcmp(action, "answer_directly") && by->department[0])
		return complaint_stats_add(c, by->department, day, 0, 0, 0, 0, 0, 1);
	return 0;
}

static json_t *rate(json_int_t n, json_int_t d) { return d ? json_real((double)n / (double)d) : json_null(); }

errcode_t complaint_stats(dbc_t *c, const char *from, const char *to, const char *body, json_t **out,
			  errs_t *e)
{
	day_t f, t;
	bool fok = from && date_parse(from, &f), tok = to && date_parse(to, &t);
	if (!fok)
		errs_add(e, "from", "date", "起始日期应为 YYYY-MM-DD", "from is a date YYYY-MM-DD");
	if (!tok)
		errs_add(e, "to", "date", "截止日期应为 YYYY-MM-DD", "to is a date YYYY-MM-DD");
	if (fok && tok && (t < f || t - f > 366))
		errs_add(e, "to", "range", "统计区间应在起始日期之后且不超过 366 天",
			 "to is on or after from, at most 366 days later");
	if (body && !complaint_is_body(c, body))
		errs_add(e, "body", "not_a_body", "没有这个承办单位", "no such handling body");
	if (errs_any(e))
		return E_VALIDATION;
	json_t *items = complaint_view_stats(c, from, to, body);
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		json_int_t d = json_integer_value(json_object_get(it, "dispatched"));
		json_int_t cb = json_integer_value(json_object_get(it, "callbacks"));
		json_object_set_new(it, "response_rate",
				    rate(json_integer_value(json_object_get(it, "responded")), d));
		json_object_set_new(it, "resolution_rate",
				    rate(json_integer_value(json_object_get(it, "resolved")), cb));
		json_object_set_new(it, "satisfaction_rate",
				    rate(json_integer_value(json_object_get(it, "satisfied")), cb));
	}
	*out = json_pack("{ss ss so}", "from", from, "to", to, "items", items);
	return E_OK;
}
