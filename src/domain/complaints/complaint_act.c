/* complaint_act.c — what each action of the 12345 machine does: one
 * descriptor per action {name, input spec, check, apply}; complaint_flow.c
 * has the table of who may take it from where. Inside the writer the request
 * is re-read, who acts as what is settled, then the version (If-Match), then
 * the table; the effects, the timeline entry, the caller's message and the
 * audit entry are one transaction. */
#include "domain/complaints/complaint.h"
#include "domain/complaints/complaint_flow.h"
#include "domain/complaints/complaint_int.h"
#include "domain/complaints/complaint_rules.h"
#include "domain/complaints/complaint_store.h"
#include "domain/core/audit.h"
#include "domain/core/message.h"
#include "domain/ratings/rating.h"
#include "domain/supervision/supervision.h"
#include "base/clock.h"
#include "base/date.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SPEC(...)                                                                                            \
	do {                                                                                                 \
		jfield_t s_[] = {__VA_ARGS__, JF_END};                                                       \
		memcpy(spec, s_, sizeof s_);                                                                 \
	} while (0)

bool complaint_is_hotline(dbc_t *c, const char *dept)
{
	char kind[32];
	return dept && dept[0] && complaint_dept_kind(c, dept, kind) && !strcmp(kind, "hotline");
}

bool complaint_is_body(dbc_t *c, const char *dept)
{
	char kind[32];
	return dept && complaint_dept_kind(c, dept, kind) &&
	       (!strcmp(kind, "street_office") || !strcmp(kind, "district_government") ||
		!strcmp(kind, "agency"));
}

unsigned complaint_who(dbc_t *c, const actor_t *by, const complaint_row_t *r)
{
	if (by->roles & ROLE_SYSTEM)
		return ROLE_SYSTEM;
	unsigned who = 0;
	if (r->caller_id[0] && by->id[0] && !strcmp(by->id, r->caller_id))
		who |= WF_OWNER;
	if (by->department[0] && r->body[0] && !strcmp(by->department, r->body))
		who |= by->roles & COMPLAINT_BODY_ROLES;
	if ((by->roles & (ROLE_DISPATCHER | ROLE_OPERATOR)) && complaint_is_hotline(c, by->department))
		who |= by->roles & (ROLE_DISPATCHER | ROLE_OPERATOR);
	return who;
}

void complaint_facts(const complaint_row_t *r, int64_t now, complaint_facts_t *f)
{
	f->enquiry = !strcmp(r->kind, "enquiry");
	f->arbitrated = r->arbitrated;
	f->sign_overdue = r->sign_due > 0 && now > r->sign_due;
	f->resolved = r->resolved == 1;
	f->reply_overdue = r->reply_due > 0 && now > r->reply_due;
	f->supervised = r->supervised;
}

/* ---- input checks before the write ---- */

static void check_bodies(dbc_t *c, const complaint_input_t *in, errs_t *e)
{
	if (!complaint_is_body(c, in->body))
		errs_add(e, "body", "not_a_body", "承办单位应为街道办事处、区政府或委办局",
			 "the body is a street office, a district government or a bureau");
	size_t i;
	json_t *b;
	json_array_foreach(in->co_bodies, i, b)
	{
		char p[32];
		snprintf(p, sizeof p, "co_bodies[%zu]", i);
		const char *code = json_string_value(b);
		size_t j;
		json_t *o;
		bool again = false;
		json_array_foreach(in->co_bodies, j, o) if (j < i && json_equal(o, b)) again = true;
		if (!complaint_is_body(c, code))
			errs_add(e, p, "not_a_body", "协办单位应为街道办事处、区政府或委办局",
				 "a co-handler is a street office, a district government or a bureau");
		else if (in->body && !strcmp(code, in->body))
			errs_add(e, p, "is_lead", "承办单位不能同时是协办单位",
				 "the lead body is not also a co-handler");
		else if (again)
			errs_add(e, p, "duplicate", "同一协办单位只能列一次", "a co-handler is named once");
	}
}

static void spec_dispatch(void *input, jfield_t spec[WF_SPEC_MAX])
{
	complaint_input_t *in = input;
	SPEC({"body", JF_STRING, true, 1, 31, &in->body, NULL},
	     {"co_bodies", JF_ARRAY, false, 0, 5, &in->co_bodies, NULL},
	     {"reason", JF_TEXT, false, 0, 1000, &in->reason, NULL});
}

static void spec_arbitrate(void *input, jfield_t spec[WF_SPEC_MAX])
{
	complaint_input_t *in = input;
	SPEC({"body", JF_STRING, true, 1, 31, &in->body, NULL},
	     {"co_bodies", JF_ARRAY, false, 0, 5, &in->co_bodies, NULL},
	     {"reason", JF_TEXT, true, 2, 1000, &in->reason, NULL});
}

static void check_dispatch(void *cx, const void *input, errs_t *e)
{
	complaint_check_ctx_t *x = cx;
	check_bodies(x->c, input, e);
}

static void spec_return(void *input, jfield_t spec[WF_SPEC_MAX])
{
	complaint_input_t *in = input;
	SPEC({"reason", JF_TEXT, true, 2, 1000, &in->reason, NULL},
	     {"legal_basis", JF_TEXT, true, 2, 1000, &in->legal_basis, NULL});
}

static void spec_answer(void *input, jfield_t spec[WF_SPEC_MAX])
{
	complaint_input_t *in = input;
	SPEC({"answer", JF_TEXT, true, 2, 4000, &in->answer, NULL});
}

static void spec_callback(void *input, jfield_t spec[WF_SPEC_MAX])
{
	complaint_input_t *in = input;
	SPEC({"resolved", JF_BOOL, true, 0, 0, &in->resolved, NULL},
	     {"satisfied", JF_BOOL, true, 0, 0, &in->satisfied, NULL},
	     {"level", JF_INT, false, 1, 5, &in->level, NULL},
	     {"comment", JF_TEXT, false, 0, 1000, &in->comment, NULL});
}

/* The answer is the request's rating (好差评): a level, when given, agrees with
 * "satisfied" — 4 and 5 are satisfied, 1 and 2 are not, 3 (基本满意) either way. */
static void check_callback(void *cx, const void *input, errs_t *e)
{
	const complaint_input_t *in = input;
	if ((in->level >= 4 && !in->satisfied) || (in->level && in->level <= 2 && in->satisfied))
		errs_add(e, "level", "disagrees", "评价等级与“是否满意”不一致（4、5 为满意，1、2 为不满意）",
			 "the level disagrees with satisfied (4 and 5 are satisfied, 1 and 2 are not)");
}

/* The rating the callback gives: its level, or 满意 (4) / 不满意 (2) from the yes or no alone. */
static long long callback_level(const complaint_input_t *in)
{
	return in->level ? in->level : in->satisfied ? 4 : 2;
}

static void spec_merge(void *input, jfield_t spec[WF_SPEC_MAX])
{
	complaint_input_t *in = input;
	SPEC({"into", JF_STRING, true, 1, ENTITY_ID_LEN - 1, &in->into, NULL},
	     {"reason", JF_TEXT, false, 0, 1000, &in->reason, NULL});
}

static complaint_dup_t dup_of(const complaint_row_t *r)
{
	return (complaint_dup_t){r->id, r->category, r->district, r->street, r->status, r->created_at};
}

static const struct {
	const char *code, *zh, *en;
} DUP_WHY[] = {
    [DUP_OK] = {"", "", ""},
    [DUP_SELF] = {"self", "不能与自身合并", "a request is not merged into itself"},
    [DUP_CATEGORY] = {"category", "只能合并同一类别的诉求", "only a request of the same category"},
    [DUP_PLACE] = {"place", "只能合并同一区、同一街道的诉求",
		   "only a request at the same district and street"},
    [DUP_WINDOW] = {"window", "两件诉求的受理时间相差超过 7 天",
		    "the requests were filed more than 7 days apart"},
    [DUP_NOT_IN_HAND] = {"not_in_hand", "只能并入已派单、已签收或办理中的诉求",
			 "only into a request dispatched, signed for or in hand"},
    [DUP_CHAINED] = {"chained", "该诉求本身已并入另一诉求，请并入那一件",
		     "that request is itself merged into another: merge into that one"},
};

static void check_merge(void *cx, const void *input, errs_t *e)
{
	complaint_check_ctx_t *x = cx;
	const complaint_input_t *in = input;
	complaint_row_t dup, lead;
	if (!complaint_load(x->c, x->id, &dup))
		return; /* unknown: the write answers 404 */
	if (!complaint_load(x->c, in->into, &lead))
		errs_add(e, "into", "not_found", "没有这个诉求", "no such request");
	else {
		complaint_dup_t d = dup_of(&dup), l = dup_of(&lead);
		complaint_dup_why_t why = complaint_duplicate_why(&d, &l);
		if (why != DUP_OK)
			errs_add(e, "into", DUP_WHY[why].code, DUP_WHY[why].zh, DUP_WHY[why].en);
		complaint_row_release(&lead);
	}
	complaint_row_release(&dup);
}

/* ---- the effects ---- */

static void put(json_t *o, const char *k, const char *v)
{
	if (v)
		json_object_set_new(o, k, json_string(v));
}

static int to_body(complaint_apply_ctx_t *x, complaint_row_t *r, const complaint_input_t *in, json_t *note)
{
	snprintf(r->body, sizeof r->body, "%s", in->body);
	r->dispatched_at = x->now;
	r->sign_due = x->now + COMPLAINT_SIGN_MS;
	r->signed_at = 0;
	r->escalated = false;
	put(note, "body", in->body);
	put(note, "reason", in->reason);
	if (in->co_bodies)
		json_object_set(note, "co_bodies", in->co_bodies);
	return complaint_bodies_set(x->c, r->id, r->body, in->co_bodies) ? -1 : 0;
}

static int apply_dispatch(void *cx, void *item, const void *input, json_t *note)
{
	return to_body(cx, item, input, note);
}

static int apply_arbitrate(void *cx, void *item, const void *input, json_t *note)
{
	complaint_row_t *r = item;
	r->arbitrated = true;
	return to_body(cx, r, input, note);
}

static int apply_answer_directly(void *cx, void *item, const void *input, json_t *note)
{
	complaint_apply_ctx_t *x = cx;
	complaint_row_t *r = item;
	const complaint_input_t *in = input;
	free(r->answer);
	r->answer = strdup(in->answer);
	r->direct_answer = true;
	r->replied_at = r->closed_at = x->now;
	put(note, "answer", in->answer);
	return 0;
}

static int apply_sign(void *cx, void *item, const void *input, json_t *note)
{
	complaint_apply_ctx_t *x = cx;
	((complaint_row_t *)item)->signed_at = x->now;
	return 0;
}

static int apply_return(void *cx, void *item, const void *input, json_t *note)
{
	complaint_row_t *r = item;
	const complaint_input_t *in = input;
	r->returns++;
	put(note, "reason", in->reason);
	put(note, "legal_basis", in->legal_basis);
	return 0;
}

static int apply_escalate(void *cx, void *item, const void *input, json_t *note)
{
	complaint_row_t *r = item;
	r->escalated = true;
	json_object_set_new(note, "sign_due", json_integer(r->sign_due));
	return 0;
}

static int apply_nothing(void *cx, void *item, const void *input, json_t *note) { return 0; }

static int apply_merge(void *cx, void *item, const void *input, json_t *note)
{
	complaint_apply_ctx_t *x = cx;
	complaint_row_t *r = item, lead;
	const complaint_input_t *in = input;
	if (!complaint_load(x->c, in->into, &lead))
		return E_CONFLICT;
	/* checked before the write; again here, where the other request cannot move meanwhile */
	complaint_dup_t d = dup_of(r), l = dup_of(&lead);
	int rc = complaint_duplicate_why(&d, &l) == DUP_OK ? 0 : E_CONFLICT;
	if (rc == 0) {
		snprintf(r->merged_into, sizeof r->merged_into, "%s", lead.id);
		if (strcmp(r->body, lead.body) != 0) {
			snprintf(r->body, sizeof r->body, "%s", lead.body);
			r->dispatched_at = x->now; /* a dispatch to that body, for 三率 */
		}
		r->escalated = false;
		put(note, "into", lead.number);
		put(note, "body", lead.body);
		put(note, "reason", in->reason);
		rc = complaint_bodies_set(x->c, r->id, lead.body, NULL) ? -1 : 0;
	}
	complaint_row_release(&lead);
	return rc;
}

/* The lead request's reply answers its duplicate too: the same answer, body and
 * timeliness (one handling), so 三率 counts the duplicate as the lead was done. */
static int apply_follow(void *cx, void *item, const void *input, json_t *note)
{
	complaint_apply_ctx_t *x = cx;
	complaint_row_t *r = item;
	const complaint_row_t *lead = ((const complaint_input_t *)input)->lead;
	free(r->answer);
	r->answer = lead->answer ? strdup(lead->answer) : NULL;
	snprintf(r->body, sizeof r->body, "%s", lead->body);
	r->signed_at = lead->signed_at;
	r->sign_due = lead->sign_due;
	r->reply_due = lead->reply_due;
	if (!r->replied_at)
		r->replied_at = x->now;
	put(note, "answer", lead->answer);
	put(note, "from", lead->number);
	return complaint_bodies_set(x->c, r->id, lead->body, NULL) ? -1 : 0;
}

static void format_cn_minute(int64_t ms, char out[20])
{
	char day[DATE_STR_LEN];
	date_format(date_from_ms(ms), day);
	int64_t in_day = ((ms + 8 * 3600000LL) % 86400000LL + 86400000LL) % 86400000LL;
	snprintf(out, 20, "%s %02d:%02d", day, (int)(in_day / 3600000), (int)(in_day / 60000 % 60));
}

static int apply_supervise(void *cx, void *item, const void *input, json_t *note)
{
	complaint_apply_ctx_t *x = cx;
	complaint_row_t *r = item;
	char due[20], zh[256], en[256];
	format_cn_minute(r->reply_due, due);
	snprintf(zh, sizeof zh, "12345 诉求 %s 已超过答复期限（%s），请督办。", r->number, due);
	snprintf(en, sizeof en, "12345 request %s is past its reply deadline (%s): supervision order issued.",
		 r->number, due);
	supervision_t sv = {
	    "complaint", r->id, r->body, "督办：诉求超期未答复", "Supervision: request overdue", zh, en};
	bool fresh = false;
	if (supervision_open(x->c, &sv, x->now, &fresh) != 0)
		return -1;
	r->supervised = true;
	json_object_set_new(note, "reply_due", json_integer(r->reply_due));
	put(note, "body", r->body);
	return fresh ? 0 : E_CONFLICT;
}

static int apply_reply(void *cx, void *item, const void *input, json_t *note)
{
	complaint_apply_ctx_t *x = cx;
	complaint_row_t *r = item;
	const complaint_input_t *in = input;
	free(r->answer);
	r->answer = strdup(in->answer);
	if (!r->replied_at)
		r->replied_at = x->now; /* the first reply is what the response rate counts */
	put(note, "answer", in->answer);
	return 0;
}

static int apply_callback(void *cx, void *item, const void *input, json_t *note)
{
	complaint_row_t *r = item;
	const complaint_input_t *in = input;
	r->resolved = in->resolved;
	r->satisfied = in->satisfied;
	json_object_set_new(note, "resolved", json_boolean(in->resolved));
	json_object_set_new(note, "satisfied", json_boolean(in->satisfied));
	put(note, "comment", in->comment);
	return 0;
}

static int apply_close(void *cx, void *item, const void *input, json_t *note)
{
	complaint_apply_ctx_t *x = cx;
	((complaint_row_t *)item)->closed_at = x->now;
	return 0;
}

static int apply_reopen(void *cx, void *item, const void *input, json_t *note)
{
	complaint_row_t *r = item;
	r->reopens++;
	r->resolved = r->satisfied = -1;
	put(note, "body", r->body);
	return 0;
}

const wf_action_t complaint_actions[COMPLAINT_NACTIONS] = {
    {"dispatch", spec_dispatch, check_dispatch, apply_dispatch, 0},
    {"answer_directly", spec_answer, NULL, apply_answer_directly, 0},
    {"sign", NULL, NULL, apply_sign, 0},
    {"return", spec_return, NULL, apply_return, 0},
    {"redispatch", spec_dispatch, check_dispatch, apply_dispatch, 0},
    {"escalate", NULL, NULL, apply_escalate, COMPLAINT_ACT_SYSTEM_ONLY},
    {"start", NULL, NULL, apply_nothing, 0},
    {"reply", spec_answer, NULL, apply_reply, 0},
    {"arbitrate", spec_arbitrate, check_dispatch, apply_arbitrate, 0},
    {"callback", spec_callback, check_callback, apply_callback, 0},
    {"close", NULL, NULL, apply_close, 0},
    {"reopen", NULL, NULL, apply_reopen, 0},
    {"merge", spec_merge, check_merge, apply_merge, 0},
    {"follow", NULL, NULL, apply_follow, COMPLAINT_ACT_SYSTEM_ONLY},
    {"supervise", NULL, NULL, apply_supervise, COMPLAINT_ACT_SYSTEM_ONLY},
};

const wf_action_t *complaint_action(const char *name) { return wf_action(&complaint_machine, name); }

/* ---- one step inside the write ---- */

static const char *event_role(unsigned who)
{
	return (who & ROLE_SYSTEM)            ? "system"
	       : (who & ROLE_DISPATCHER)      ? "dispatcher"
	       : (who & ROLE_OPERATOR)        ? "operator"
	       : (who & COMPLAINT_BODY_ROLES) ? "body"
					      : "caller";
}

static int notify_caller(dbc_t *c, const complaint_row_t *r)
{
	if (!r->caller_id[0])
		return 0;
	/* what happens next, or what the caller may do */
	static const struct {
		const char *status, *zh, *en;
	} NEXT[] = {
	    {"received", "将派给承办单位办理，可在“12345 诉求”中查看进度。",
	     " It will be passed to the office that handles it; follow it under 12345 requests."},
	    {"dispatched", "承办单位办理后会答复您，无需您操作。",
	     " The office will reply once it has dealt with it; nothing to do for now."},
	    {"signed", "承办单位已接手，答复后会通知您。", " The office has taken it on and will reply."},
	    {"handling", "承办单位正在办理，答复后会通知您。", " The office is dealing with it and will reply."},
	    {"returned", "正在重新派给合适的承办单位，无需您操作。",
	     " It is being passed to the right office; nothing to do for now."},
	    {"merged", "与同一事项的诉求合并办理，答复会一并告知您。",
	     " It is handled with an earlier request on the same matter; you will get the same reply."},
	    {"replied", "请在“12345 诉求”中查看答复，并对办理结果作出评价。",
	     " Read the reply under 12345 requests and rate how it was handled."},
	    {"callback", "感谢您的评价。", " Thank you for your rating."},
	    {"closed", "如问题再次出现，可重新提交诉求。", " If the problem comes back, file a new request."},
	};
	const char *nzh = "", *nen = "";
	for (size_t i = 0; i < sizeof NEXT / sizeof NEXT[0]; i++)
		if (!strcmp(NEXT[i].status, r->status)) {
			nzh = NEXT[i].zh;
			nen = NEXT[i].en;
		}
	char zh[600], en[600];
	snprintf(zh, sizeof zh, "您的 12345 诉求（编号 %s）：%s。%s", r->number,
		 wf_state_zh(&complaint_machine, r->status), nzh);
	snprintf(en, sizeof en, "Your 12345 request %s: %s.%s", r->number,
		 wf_state_en(&complaint_machine, r->status), nen);
	return message_add(c, r->caller_id, "complaint_status", "12345 诉求进度", "12345 request update", zh,
			   en, "complaint", r->id);
}

int complaint_step(complaint_apply_ctx_t *x, complaint_row_t *r, const wf_action_t *a, unsigned who,
		   const complaint_input_t *in)
{
	complaint_facts_t f;
	complaint_facts(r, x->now, &f);
	const wf_row_t *row;
	if (wf_find(&complaint_machine, r->status, a->name, who, &f, &row) != WF_OK)
		return E_STATE;
	json_t *note = json_object();
	int rc = a->apply(x, r, in, note);
	if (rc != 0)
		goto out;
	char from[COMPLAINT_STATUS_LEN];
	snprintf(from, sizeof from, "%s", r->status);
	snprintf(r->status, sizeof r->status, "%s", wf_target(row, from, from));
	int64_t before = r->version;
	int s = complaint_save(x->c, r, before);
	if (s != 0) {
		rc = s > 0 ? E_STALE : -1;
		goto out;
	}
	bool moved = strcmp(from, r->status) != 0;
	const char *role = event_role(who);
	const char *acting_body = !strcmp(role, "body") ? x->by->department : NULL;
	if ((rc = complaint_event_add(x->c, r->id, x->now, a->name, from, r->status,
				      (who & ROLE_SYSTEM) ? NULL : x->by->id, role, acting_body, note)) != 0)
		goto out;
	if ((rc = complaint_stats_count(x->c, r, a->name, x->by, x->now)) != 0)
		goto out;
	if (moved && (rc = notify_caller(x->c, r)) != 0)
		goto out;
	char action[48];
	snprintf(action, sizeof action, "complaint.%s", a->name);
	json_t *detail = json_pack("{ss ss}", "from", from, "to", r->status);
	rc = audit_append(x->c, x->by, action, "complaint", r->id, before, r->version, detail);
	json_decref(detail);
out:
	json_decref(note);
	return rc;
}

static int follow_lead(dbc_t *c, const complaint_row_t *lead, int64_t now, const char *request_id)
{
	json_t *ids = complaint_merged_ids(c, lead->id);
	actor_t sys;
	actor_system(&sys, request_id);
	complaint_apply_ctx_t sx = {c, &sys, now};
	complaint_input_t in = {.lead = lead};
	int rc = 0;
	size_t i;
	json_t *id;
	json_array_foreach(ids, i, id)
	{
		complaint_row_t d;
		if (rc != 0 || !complaint_load(c, json_string_value(id), &d))
			continue;
		rc = complaint_step(&sx, &d, complaint_action("follow"), ROLE_SYSTEM, &in);
		complaint_row_release(&d);
	}
	json_decref(ids);
	return rc;
}

struct act_ctx {
	const actor_t *by;
	const char *id;
	const wf_action_t *action;
	const complaint_input_t *in;
	int64_t if_version;
	json_t *allowed;
};

static int act_write(dbc_t *c, void *arg)
{
	struct act_ctx *x = arg;
	json_decref(x->allowed);
	x->allowed = NULL;
	complaint_row_t r;
	if (!complaint_load(c, x->id, &r))
		return E_NOT_FOUND;
	int rc;
	complaint_apply_ctx_t ax = {c, x->by, clock_now_ms()};
	complaint_facts_t f;
	complaint_facts(&r, ax.now, &f);
	unsigned who = complaint_who(c, x->by, &r);
	const wf_row_t *row;
	wf_result_t found = wf_find(&complaint_machine, r.status, x->action->name, who, &f, &row);
	/* who may act first (403), then the precondition (409 stale), then the state (409) */
	if (found == WF_NO_SUCH_ACTION)
		rc = E_NOT_FOUND;
	else if (found == WF_NEVER_YOURS || found == WF_NOT_YOURS)
		rc = E_FORBIDDEN;
	else if (x->if_version && r.version != x->if_version)
		rc = E_STALE;
	else if (found != WF_OK) {
		x->allowed = wf_allowed(&complaint_machine, r.status, who, &f);
		rc = E_STATE;
	} else
		rc = complaint_step(&ax, &r, x->action, who, x->in);
	/* the callback's answer settles the next step at once: closed, or back to the same body */
	if (rc == 0 && x->action->apply == apply_callback) {
		actor_t sys;
		actor_system(&sys, x->by->request_id);
		complaint_apply_ctx_t sx = {c, &sys, ax.now};
		rc = complaint_step(&sx, &r, complaint_action(r.resolved == 1 ? "close" : "reopen"),
				    ROLE_SYSTEM, NULL);
		/* the callback that closes it is its rating: one record, counted and rectified as any */
		if (rc == 0 && !strcmp(r.status, "closed")) {
			rating_callback_t cb = {.complaint_id = r.id,
						.number = r.number,
						.caller_id = r.caller_id,
						.body = r.body,
						.district = r.district,
						.channel = r.channel,
						.comment = x->in->comment,
						.level = callback_level(x->in),
						.now = ax.now};
			rc = rating_complaint_callback(c, &cb);
		}
	}
	/* a reply answers the duplicates merged into it, in the same transaction */
	if (rc == 0 && x->action->apply == apply_reply)
		rc = follow_lead(c, &r, ax.now, x->by->request_id);
	complaint_row_release(&r);
	return rc;
}

errcode_t complaint_act_within(dbc_t *c, const actor_t *by, const char *id, const wf_action_t *a,
			       const complaint_input_t *in, errs_t *e)
{
	if (a->check) {
		complaint_check_ctx_t cx = {c, by, id};
		a->check(&cx, in, e);
		if (errs_any(e))
			return E_VALIDATION;
	}
	struct act_ctx x = {by, id, a, in, 0, NULL};
	int rc = act_write(c, &x);
	json_decref(x.allowed);
	return rc < 0 ? E_INTERNAL : (errcode_t)rc;
}

errcode_t complaint_act(store_t *st, const actor_t *by, const char *id, const wf_action_t *a,
			int64_t if_version, const complaint_input_t *in, errs_t *e, json_t **allowed)
{
	if (a->check) {
		complaint_check_ctx_t cx = {store_reader(st), by, id};
		a->check(&cx, in, e);
		if (errs_any(e))
			return E_VALIDATION;
	}
	struct act_ctx x = {by, id, a, in, if_version, NULL};
	int rc = store_write(st, act_write, &x);
	if (allowed)
		*allowed = x.allowed;
	else
		json_decref(x.allowed);
	return rc < 0 ? E_INTERNAL : (errcode_t)rc;
}
