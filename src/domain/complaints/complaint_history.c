/* complaint_history.c — the demo's past (`serve --demo-history`): a few
 * hundred 12345 requests over the weeks before the moment of seeding, each
 * taken by the intake's own write (complaint_intake_write) at a past time and
 * moved on by the machine's own steps (complaint_step) at later past times,
 * one transaction per request. So their numbers, timelines, 三率 counters and
 * hotspot counters are what live traffic would have left; the callers'
 * messages and the audit entries are written too, stamped when they are
 * written (the audit chain is in the order of its writes).
 *
 * What is said and where (topics, places, the callers' words, the bodies'
 * answers, returns and the planted hotspot) is data/demo/complaint_history.json;
 * when each request comes and how far it gets comes from a PRNG with the file's
 * fixed seed. The newest requests are given the open stages in turn (signed
 * for, in hand, escalated unsigned, replied awaiting the callback, reopened,
 * returned), so that each occurs whatever the day of seeding; older ones are
 * mostly closed. The callers are the demo's people and enterprise, anonymous
 * callers with a phone, and the hotline's operator taking calls; the bodies'
 * steps are taken by their demo staff. The abuse limits do not count these
 * intakes: they are not traffic, and a window in the past would hold them for
 * nothing. Nothing is added when any request exists. */
#include "domain/complaints/complaint.h"
#include "domain/complaints/complaint_flow.h"
#include "domain/complaints/complaint_int.h"
#include "domain/complaints/complaint_store.h"
#include "domain/identity/account.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/embedded.h"
#include "base/log.h"
#include "base/seal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_MS (60 * 1000LL)
#define HOUR_MS (60 * MIN_MS)
#define DAY_MS (24 * HOUR_MS)
#define CST_MS (8 * HOUR_MS) /* Asia/Shanghai */
#define MAX_STAFF 64
#define MAX_CALLERS 8
#define REQUEST_ID "demo-history"

enum fate { F_DISPATCHED, F_ESCALATED, F_SIGNED, F_HANDLING, F_REPLIED, F_REOPENED, F_CLOSED, F_DIRECT };
enum ret { R_NONE, R_WAITING, R_REROUTE };
enum { BY_OPERATOR = -1, BY_ANONYMOUS = -2 };
/* Each request's draws, one per decision, made when it is planned. */
enum {
	U_FATE,
	U_RET,
	U_LATE_SIGN,
	U_LATE_REPLY,
	U_REOPEN,
	U_SATISFIED,
	U_ARBITRATE,
	U_CALLS_BACK,
	U_RETURN_AT,
	U_REROUTE_AT,
	U_OVERDUE,
	U_SIGN_AT,
	U_START,
	U_REPLY,
	U_REPLY_MARGIN,
	U_LATE_BY,
	U_CALLBACK1,
	U_COMMENT1,
	U_REPLY2,
	U_REANSWER,
	U_CALLBACK2,
	U_COMMENT2,
	NDRAWS
};

typedef struct {
	int64_t at; /* intake, UTC ms */
	int seq;    /* generation order */
	const char *category, *kind, *district, *street, *address, *text, *answer, *subject;
	const json_t *ret_rule; /* the return this request may meet (returns[]), or NULL */
	int caller;             /* index of callers[], BY_OPERATOR or BY_ANONYMOUS */
	const char *channel;
	char phone[12], tc[16], lead[DEPT_CODE_LEN];
	bool anonymous, late_sign, late_reply, reopen_first, satisfied, arbitrate, caller_calls_back;
	int fate, ret;
	bool assigned;
	double u[NDRAWS]; /* the delays' draws */
} plan_t;

struct hist {
	json_t *doc;
	actor_t staff[MAX_STAFF], callers[MAX_CALLERS], anonymous;
	int nstaff, ncallers;
	const actor_t *op, *dispatcher; /* the hotline's operator and dispatcher */
	uint64_t rng;
	plan_t *plans;
	size_t n, cap;
	int64_t now, limit;
};

static const char *s(const json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

/* splitmix64: small, fixed, the same everywhere */
static uint64_t next(struct hist *h)
{
	uint64_t z = (h->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double uniform(struct hist *h) { return (double)(next(h) >> 11) / (double)(1ULL << 53); }

static int range(struct hist *h, int lo, int hi) { return lo + (int)(uniform(h) * (hi - lo + 1)); }

static const json_t *pick(struct hist *h, const json_t *arr)
{
	size_t n = json_array_size(arr);
	return n ? json_array_get(arr, (size_t)(uniform(h) * (double)n)) : NULL;
}

static const char *pick_text(struct hist *h, const json_t *arr) { return json_string_value(pick(h, arr)); }

/* The string of arr at the draw u (0 <= u < 1). */
static const char *pick_at(const json_t *arr, double u)
{
	return json_string_value(json_array_get(arr, (size_t)(u * (double)json_array_size(arr))));
}

/* ---- who acts: the demo accounts ---- */

struct staff_find {
	const char *name;
	actor_t *out;
	bool found;
};

static void staff_match(const account_staff_t *a, void *ctx)
{
	struct staff_find *f = ctx;
	if (f->found || strcmp(a->display_name, f->name) != 0)
		return;
	memset(f->out, 0, sizeof *f->out);
	snprintf(f->out->id, sizeof f->out->id, "%s", a->id);
	snprintf(f->out->kind, sizeof f->out->kind, "staff");
	f->out->roles = a->roles;
	snprintf(f->out->department, sizeof f->out->department, "%s", a->department);
	snprintf(f->out->display_name, sizeof f->out->display_name, "%s", a->display_name);
	snprintf(f->out->request_id, sizeof f->out->request_id, REQUEST_ID);
	f->found = true;
}

/* The demo accounts of data/demo/accounts.json as actors: every staff member
 * (by department and name) and the callers the history names. false when the
 * database does not hold them (not a demo database). */
static bool load_actors(dbc_t *c, struct hist *h)
{
	const embedded_file_t *f = embedded_find(embedded_data, "demo/accounts.json");
	json_t *accounts = f ? json_loadb((const char *)f->data, f->len, 0, NULL) : NULL;
	if (!accounts)
		return false;
	size_t i;
	json_t *a;
	json_array_foreach(accounts, i, a)
	{
		const char *dept = s(a, "department"), *user = s(a, "username");
		if (dept && h->nstaff < MAX_STAFF) {
			struct staff_find sf = {s(a, "name"), &h->staff[h->nstaff], false};
			account_staff_each(c, dept, staff_match, &sf);
			if (!sf.found)
				continue;
			if (!strcmp(user, "operator"))
				h->op = &h->staff[h->nstaff];
			else if (!strcmp(user, "dispatcher"))
				h->dispatcher = &h->staff[h->nstaff];
			h->nstaff++;
			continue;
		}
		size_t j;
		json_t *u;
		json_array_foreach(json_object_get(h->doc, "callers"), j, u)
		{
			if (strcmp(json_string_value(u), user) != 0 || h->ncallers >= MAX_CALLERS)
				continue;
			bool person = !strcmp(s(a, "kind"), "person");
			char id[ACCOUNT_ID_LEN];
			if (!(person ? account_find_active_by_id_number(c, s(a, "id_number"), id)
				     : account_find_active_by_credit_code(c, s(a, "credit_code"), id)))
				continue;
			actor_t *x = &h->callers[h->ncallers++];
			memset(x, 0, sizeof *x);
			snprintf(x->id, sizeof x->id, "%s", id);
			snprintf(x->kind, sizeof x->kind, "%s", s(a, "kind"));
			x->roles = person ? ROLE_PERSON : ROLE_ENTERPRISE;
			snprintf(x->display_name, sizeof x->display_name, "%s", s(a, "name"));
			snprintf(x->request_id, sizeof x->request_id, REQUEST_ID);
		}
	}
	json_decref(accounts);
	snprintf(h->anonymous.request_id, sizeof h->anonymous.request_id, REQUEST_ID);
	return h->op && h->dispatcher && h->ncallers > 0;
}

/* A staff member of the body who handles its requests (a reviewer when it has one), or NULL. */
static const actor_t *handler_of(const struct hist *h, const char *body)
{
	const actor_t *any = NULL;
	for (int i = 0; i < h->nstaff; i++) {
		const actor_t *a = &h->staff[i];
		if (strcmp(a->department, body) != 0 || !(a->roles & COMPLAINT_BODY_ROLES))
			continue;
		if (a->roles & ROLE_REVIEWER)
			return a;
		if (!any)
			any = a;
	}
	return any;
}

static const actor_t *caller_of(const struct hist *h, const plan_t *p)
{
	if (p->caller == BY_OPERATOR)
		return h->op;
	return p->caller == BY_ANONYMOUS ? &h->anonymous : &h->callers[p->caller];
}

/* ---- the plan: when each request comes, from whom, about what ---- */

static plan_t *add_plan(struct hist *h, int64_t at)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 256;
		plan_t *grown = realloc(h->plans, h->cap * sizeof *h->plans);
		if (!grown)
			abort();
		h->plans = grown;
	}
	plan_t *p = &h->plans[h->n];
	memset(p, 0, sizeof *p);
	p->at = at;
	p->seq = (int)h->n++;
	for (int i = 0; i < NDRAWS; i++)
		p->u[i] = uniform(h);
	return p;
}

/* Who calls, on which channel: the hotline's operator for most, a caller without an account on the
 * phone app or the portal, or one of the demo's people and enterprise logged in. */
static void set_caller(struct hist *h, plan_t *p, bool hotline_only)
{
	double u = uniform(h);
	if (hotline_only || u < 0.6) {
		p->caller = BY_OPERATOR;
		p->channel = "hotline";
	} else if (u < 0.92) {
		p->caller = BY_ANONYMOUS;
		p->channel = uniform(h) < 0.7 ? "mobile" : "web";
	} else {
		p->caller = (int)(uniform(h) * h->ncallers);
		p->channel = uniform(h) < 0.5 ? "mobile" : "web";
	}
	if (p->caller < 0)
		snprintf(p->phone, sizeof p->phone, "1380000%04d", range(h, 0, 9999));
	p->anonymous = p->caller < 0 && uniform(h) < 0.2;
}

static int hour_of_day(struct hist *h)
{
	static const int W[24] = {1, 1, 0, 0, 0, 1, 2, 4, 7, 9, 9, 8, 7, 8, 8, 8, 7, 7, 6, 6, 6, 5, 4, 2};
	int total = 0;
	for (int i = 0; i < 24; i++)
		total += W[i];
	int x = (int)(uniform(h) * total);
	for (int i = 0; i < 24; i++)
		if ((x -= W[i]) < 0)
			return i;
	return 12;
}

static int64_t midnight(day_t d) { return (int64_t)d * DAY_MS - CST_MS; }

static const json_t *weighted_topic(struct hist *h, const json_t *topics, const json_t *enquiries)
{
	int total = (int)json_integer_value(json_object_get(enquiries, "weight"));
	size_t i;
	json_t *t;
	json_array_foreach(topics, i, t) { total += (int)json_integer_value(json_object_get(t, "weight")); }
	int x = (int)(uniform(h) * total);
	json_array_foreach(topics, i, t)
	{
		if ((x -= (int)json_integer_value(json_object_get(t, "weight"))) < 0)
			return t;
	}
	return enquiries;
}

/* One ordinary request at `at`: a topic by weight (or an enquiry the operator answers), a place of
 * it other than the planted hotspot's, the caller's words. */
static void plan_one(struct hist *h, int64_t at)
{
	const json_t *topics = json_object_get(h->doc, "topics"), *enq = json_object_get(h->doc, "enquiries");
	const json_t *spike = json_object_get(h->doc, "spike");
	const json_t *t = weighted_topic(h, topics, enq);
	plan_t *p = add_plan(h, at);
	if (t == enq) {
		const json_t *qa = pick(h, json_object_get(enq, "qa")),
			     *place = pick(h, json_object_get(enq, "districts"));
		p->category = s(qa, "category");
		p->kind = "enquiry";
		p->text = s(qa, "text");
		p->answer = s(qa, "answer");
		p->district = json_string_value(json_array_get(place, 0));
		p->street = json_string_value(json_array_get(place, 1));
		p->fate = F_DIRECT;
		p->assigned = true;
		set_caller(h, p, true);
		return;
	}
	const json_t *places = json_object_get(t, "places");
	size_t n = json_array_size(places), k = (size_t)(uniform(h) * (double)n);
	const json_t *place = json_array_get(places, k);
	if (!strcmp(s(t, "category"), s(spike, "category")) &&
	    !strcmp(json_string_value(json_array_get(place, 1)), s(spike, "street")))
		place = json_array_get(places, (k + 1) % n); /* that street's quiet week stays quiet */
	p->category = s(t, "category");
	p->kind = s(t, "kind");
	p->district = json_string_value(json_array_get(place, 0));
	p->street = json_string_value(json_array_get(place, 1));
	p->address = json_string_value(json_array_get(place, 2));
	p->text = pick_text(h, json_object_get(t, "texts"));
	p->answer = pick_text(h, json_object_get(t, "answers"));
	if (json_object_get(t, "subjects") && uniform(h) < 0.5)
		p->subject = pick_text(h, json_object_get(t, "subjects"));
	set_caller(h, p, false);
}

/* The planted hotspot: one street × category, a quiet week, then a burst over a few evenings. */
static void plan_spike(struct hist *h, day_t today)
{
	const json_t *sp = json_object_get(h->doc, "spike"), *series = json_object_get(sp, "series");
	size_t len = json_array_size(series);
	day_t last = today - (day_t)json_integer_value(json_object_get(sp, "ending_days_ago"));
	for (size_t k = 0; k < len; k++) {
		day_t d = last - (day_t)(len - 1 - k);
		for (int i = 0; i < (int)json_integer_value(json_array_get(series, k)); i++) {
			int64_t at = midnight(d) + range(h, 18, 23) * HOUR_MS + range(h, 0, 59) * MIN_MS +
				     range(h, 0, 59) * 1000LL;
			if (at >= h->limit)
				continue;
			plan_t *p = add_plan(h, at);
			p->category = s(sp, "category");
			p->kind = "complaint";
			p->district = s(sp, "district");
			p->street = s(sp, "street");
			p->address = s(sp, "address");
			p->text = pick_text(h, json_object_get(sp, "texts"));
			p->answer = pick_text(h, json_object_get(sp, "answers"));
			set_caller(h, p, false);
		}
	}
}

static int by_time(const void *a, const void *b)
{
	const plan_t *x = a, *y = b;
	return x->at != y->at ? (x->at < y->at ? -1 : 1) : x->seq - y->seq;
}

/* The return rule of the lead body for this category (and district), or NULL. */
static const json_t *return_rule(const struct hist *h, const plan_t *p)
{
	size_t i, j;
	json_t *r, *c;
	json_array_foreach(json_object_get(h->doc, "returns"), i, r)
	{
		if (strcmp(s(r, "lead"), p->lead) != 0 ||
		    (s(r, "district") && strcmp(s(r, "district"), p->district)))
			continue;
		json_array_foreach(json_object_get(r, "categories"), j, c)
		{
			if (!strcmp(json_string_value(c), p->category))
				return r;
		}
	}
	return NULL;
}

/* How long a request of the time class usually takes from intake to the callback. */
static int64_t span_of(const char *tc)
{
	return !strcmp(tc, "urgent")    ? 8 * HOUR_MS
	       : !strcmp(tc, "utility") ? 2 * DAY_MS
	       : !strcmp(tc, "complex") ? 16 * DAY_MS
					: 7 * DAY_MS;
}

/* An older request's stage follows its age against its time class; then its incidents. */
static void natural_fate(const struct hist *h, plan_t *p)
{
	int64_t age = h->now - p->at, span = span_of(p->tc);
	double u = p->u[U_FATE];
	if (age < HOUR_MS)
		p->fate = u < 0.5 ? F_DISPATCHED : F_SIGNED;
	else if (age < span / 4)
		p->fate = u < 0.2 ? F_SIGNED : F_HANDLING;
	else if (age < span)
		p->fate = u < 0.35 ? F_REPLIED : u < 0.65 ? F_HANDLING : F_CLOSED;
	else if (age < span + 3 * DAY_MS)
		p->fate = u < 0.1 ? F_REPLIED : F_CLOSED;
	else
		p->fate = F_CLOSED;
	if (p->ret_rule && p->u[U_RET] < 0.12)
		p->ret = R_REROUTE;
	p->late_sign = p->u[U_LATE_SIGN] < 0.05;
	p->late_reply = p->u[U_LATE_REPLY] < 0.06;
	p->reopen_first = p->u[U_REOPEN] < 0.08;
}

/* The open stages given to the newest requests in turn, each to the newest one old enough for it (and
 * for a return, one whose body has a return rule). */
static const struct {
	int fate, ret;
	int64_t min_age;
} HEAD[] = {
    {F_SIGNED, R_NONE, 15 * MIN_MS},      {F_HANDLING, R_NONE, 40 * MIN_MS},
    {F_ESCALATED, R_NONE, 70 * MIN_MS},   {F_REPLIED, R_NONE, 4 * HOUR_MS},
    {F_REOPENED, R_NONE, 12 * HOUR_MS},   {F_DISPATCHED, R_WAITING, HOUR_MS},
    {F_HANDLING, R_REROUTE, 6 * HOUR_MS}, {F_REPLIED, R_NONE, 8 * HOUR_MS},
    {F_ESCALATED, R_NONE, 2 * HOUR_MS},   {F_HANDLING, R_NONE, 12 * HOUR_MS},
    {F_CLOSED, R_REROUTE, 2 * DAY_MS},    {F_REOPENED, R_NONE, DAY_MS},
};

static void assign_fates(struct hist *h)
{
	for (size_t k = 0; k < sizeof HEAD / sizeof HEAD[0]; k++)
		for (size_t i = h->n; i-- > 0;) {
			plan_t *p = &h->plans[i];
			if (p->assigned || h->now - p->at < HEAD[k].min_age || (HEAD[k].ret && !p->ret_rule))
				continue;
			p->fate = HEAD[k].fate;
			p->ret = HEAD[k].ret;
			p->assigned = true;
			break;
		}
	for (size_t i = 0; i < h->n; i++) {
		plan_t *p = &h->plans[i];
		if (!p->assigned)
			natural_fate(h, p);
		p->satisfied = p->u[U_SATISFIED] < 0.9;
		p->arbitrate =
		    p->ret_rule && (!strcmp(s(p->ret_rule, "to"), p->lead) || p->u[U_ARBITRATE] < 0.3);
		p->caller_calls_back = p->caller >= 0 && p->u[U_CALLS_BACK] < 0.6;
	}
}

/* ---- taking the steps ---- */

/* A draw between lo and hi. */
static int64_t between(double u, int64_t lo, int64_t hi) { return lo + (int64_t)(u * (double)(hi - lo)); }

/* The next step `d` after t, but at most a share of what is left before the limit, so that the `left`
 * steps after it fit too. */
static int64_t after(const struct hist *h, int64_t t, int64_t d, int left)
{
	int64_t room = (h->limit - t) / (left + 1);
	return t + (d < room ? d : room > 1000 ? room : 1000);
}

/* Office hours: a step at t outside [from, to) o'clock (Asia/Shanghai) moves into the first half of the
 * next opening day, unless that passes `bound` (a deadline, or the limit). */
static int64_t in_hours(int64_t t, int from, int to, int64_t bound)
{
	int64_t local = t + CST_MS, hour = local % DAY_MS / HOUR_MS;
	if (hour >= from && hour < to)
		return t;
	int64_t spread = t / MIN_MS % ((to - from) * 30) * MIN_MS; /* over the first half of the day */
	int64_t open = local - local % DAY_MS + from * HOUR_MS + spread + (hour >= to ? DAY_MS : 0);
	return open - CST_MS <= bound ? open - CST_MS : t;
}

static int step(dbc_t *c, const actor_t *by, complaint_row_t *r, const char *action, int64_t at,
		const complaint_input_t *in)
{
	const wf_action_t *a = complaint_action(action);
	if (!by)
		return E_FORBIDDEN;
	if (a->check) {
		errs_t e = ERRS_INIT;
		complaint_check_ctx_t cx = {c, by};
		a->check(&cx, in, &e);
		bool bad = errs_any(&e);
		errs_clear(&e);
		if (bad)
			return E_VALIDATION;
	}
	complaint_apply_ctx_t ax = {c, by, at};
	int rc = complaint_step(&ax, r, a, complaint_who(c, by, r), in);
	/* as complaint_act does: the callback's answer closes the request or reopens it at once */
	if (rc == 0 && !strcmp(action, "callback")) {
		actor_t sys;
		actor_system(&sys, REQUEST_ID);
		complaint_apply_ctx_t sx = {c, &sys, at};
		rc = complaint_step(&sx, r, complaint_action(r->resolved == 1 ? "close" : "reopen"),
				    ROLE_SYSTEM, NULL);
	}
	if (rc != 0)
		log_error("seed: demo history: %s of %s at %lld failed (%d)", action, r->number,
			  (long long)at, rc);
	return rc;
}

static int escalate(dbc_t *c, complaint_row_t *r, int64_t at)
{
	actor_t sys;
	actor_system(&sys, REQUEST_ID);
	return step(c, &sys, r, "escalate", at, NULL);
}

/* Reply delays by time class: to starting work, then to the reply. */
static void delays(const char *tc, double u0, double u1, int64_t *to_start, int64_t *to_reply)
{
	if (!strcmp(tc, "urgent")) {
		*to_start = between(u0, 2 * MIN_MS, 15 * MIN_MS);
		*to_reply = between(u1, 10 * MIN_MS, 60 * MIN_MS);
	} else if (!strcmp(tc, "utility")) {
		*to_start = between(u0, 10 * MIN_MS, 2 * HOUR_MS);
		*to_reply = between(u1, HOUR_MS, 16 * HOUR_MS);
	} else if (!strcmp(tc, "complex")) {
		*to_start = between(u0, HOUR_MS, 2 * DAY_MS);
		*to_reply = between(u1, 2 * DAY_MS, 12 * DAY_MS);
	} else {
		*to_start = between(u0, 30 * MIN_MS, DAY_MS);
		*to_reply = between(u1, DAY_MS / 2, 5 * DAY_MS);
	}
}

/* The request's life after intake, as its plan says, each step at its time. */
static int live(dbc_t *c, const struct hist *h, const plan_t *p, complaint_row_t *r)
{
	const json_t *doc = h->doc;
	const double *u = p->u;
	int left = p->fate == F_DISPATCHED  ? 0
		   : p->fate == F_ESCALATED ? 1
		   : p->fate == F_SIGNED    ? 1
		   : p->fate == F_HANDLING  ? 2
		   : p->fate == F_REPLIED   ? 3
					    : 4 + 2 * p->reopen_first;
	int64_t t = r->created_at;
	int rc;
	if (p->ret != R_NONE) {
		complaint_input_t in = {.reason = s(p->ret_rule, "reason"),
					.legal_basis = s(p->ret_rule, "legal_basis")};
		t = after(h, t, between(u[U_RETURN_AT], 10 * MIN_MS, 50 * MIN_MS), left + 2);
		if ((rc = step(c, handler_of(h, r->body), r, "return", t, &in)) != 0)
			return rc;
		if (p->ret == R_WAITING)
			return 0;
		complaint_input_t re = {.body = s(p->ret_rule, "to"),
					.reason =
					    p->arbitrate ? s(doc, "arbitration") : s(doc, "redispatch")};
		t = after(h, t, between(u[U_REROUTE_AT], 20 * MIN_MS, 3 * HOUR_MS), left + 1);
		if ((rc = step(c, h->dispatcher, r, p->arbitrate ? "arbitrate" : "redispatch", t, &re)) != 0)
			return rc;
	}
	if (p->fate == F_DISPATCHED)
		return 0;
	const actor_t *body = handler_of(h, r->body);
	int64_t overdue =
	    r->sign_due + between(u[U_OVERDUE], MIN_MS, 3 * MIN_MS); /* the job runs every minute */
	if (p->fate == F_ESCALATED || !body)
		return overdue < h->limit ? escalate(c, r, overdue) : 0;
	if (p->late_sign && overdue + 6 * HOUR_MS < h->limit && p->fate == F_CLOSED) {
		if ((rc = escalate(c, r, overdue)) != 0)
			return rc;
		t = overdue + between(u[U_SIGN_AT], 5 * MIN_MS, 90 * MIN_MS);
	} else
		t = after(h, t,
			  !strcmp(p->tc, "urgent") ? between(u[U_SIGN_AT], 2 * MIN_MS, 20 * MIN_MS)
						   : between(u[U_SIGN_AT], 3 * MIN_MS, 50 * MIN_MS),
			  left);
	if ((rc = step(c, body, r, "sign", t, NULL)) != 0 || p->fate == F_SIGNED)
		return rc;
	int64_t to_start, to_reply;
	delays(p->tc, u[U_START], u[U_REPLY], &to_start, &to_reply);
	/* the bodies work office hours on requests of days; urgent and utility ones around the clock */
	bool days = !strcmp(p->tc, "general") || !strcmp(p->tc, "complex");
	t = after(h, t, to_start, left - 1);
	if (days)
		t = in_hours(t, 8, 19, h->limit);
	if ((rc = step(c, body, r, "start", t, NULL)) != 0 || p->fate == F_HANDLING)
		return rc;
	int64_t reply = after(h, t, to_reply, left - 2);
	int64_t late = r->reply_due + between(u[U_LATE_BY], HOUR_MS, 2 * DAY_MS);
	if (p->late_reply && p->fate == F_CLOSED && late + 3 * DAY_MS < h->limit)
		reply = late;
	else if (reply > r->reply_due - 5 * MIN_MS) /* on time: within the time class */
		reply = r->reply_due - 5 * MIN_MS > t
			    ? r->reply_due - between(u[U_REPLY_MARGIN], 5 * MIN_MS, 30 * MIN_MS)
			    : t + MIN_MS;
	if (days)
		reply = in_hours(reply, 8, 19,
				 reply > r->reply_due || r->reply_due - 5 * MIN_MS > h->limit
				     ? h->limit
				     : r->reply_due - 5 * MIN_MS);
	if (reply <= t)
		reply = t + MIN_MS;
	complaint_input_t ans = {.answer = p->answer};
	if ((rc = step(c, body, r, "reply", t = reply, &ans)) != 0 || p->fate == F_REPLIED)
		return rc;
	const actor_t *caller = p->caller_calls_back ? &h->callers[p->caller] : h->op;
	const json_t *comments = json_object_get(doc, "comments");
	if (p->fate == F_REOPENED || p->reopen_first) {
		complaint_input_t cb = {.resolved = false,
					.satisfied = false,
					.comment =
					    pick_at(json_object_get(comments, "unresolved"), u[U_COMMENT1])};
		t = in_hours(after(h, t, between(u[U_CALLBACK1], 2 * HOUR_MS, 30 * HOUR_MS), left - 3), 9, 21,
			     h->limit);
		if ((rc = step(c, caller, r, "callback", t, &cb)) != 0 || p->fate == F_REOPENED)
			return rc;
		complaint_input_t again = {.answer =
					       pick_at(json_object_get(doc, "reanswers"), u[U_REANSWER])};
		t = after(h, t, between(u[U_REPLY2], DAY_MS, 3 * DAY_MS), 1);
		if (days)
			t = in_hours(t, 8, 19, h->limit);
		if ((rc = step(c, body, r, "reply", t, &again)) != 0)
			return rc;
	}
	complaint_input_t cb = {
	    .resolved = true,
	    .satisfied = p->satisfied,
	    .comment = pick_at(json_object_get(comments, p->satisfied ? "satisfied" : "dissatisfied"),
			       u[U_COMMENT2])};
	t = in_hours(after(h, t, between(u[U_CALLBACK2], 2 * HOUR_MS, 30 * HOUR_MS), 0), 9, 21, h->limit);
	return step(c, caller, r, "callback", t, &cb);
}

/* ---- the requests, one transaction each ---- */

static void new_of(const plan_t *p, complaint_new_t *in, json_t **subject)
{
	*subject = p->subject ? json_pack("{ss}", "name", p->subject) : NULL;
	*in = (complaint_new_t){.kind = p->kind,
				.category = p->category,
				.text = p->text,
				.channel = p->channel,
				.phone = p->phone[0] ? p->phone : NULL,
				.district = p->district,
				.street = p->street && p->street[0] ? p->street : NULL,
				.address = p->address,
				.answer = p->fate == F_DIRECT ? p->answer : NULL,
				.anonymous = p->anonymous,
				.subject = *subject};
}

struct one {
	const struct hist *h;
	const plan_t *p;
	const complaint_new_t *in;
	const char *sealed;
};

static int history_write(dbc_t *c, void *arg)
{
	struct one *x = arg;
	const plan_t *p = x->p;
	complaint_intake_t ix = {.by = caller_of(x->h, p),
				 .in = x->in,
				 .tc = p->tc,
				 .phone_sealed = x->sealed,
				 .now = p->at,
				 .limit = false};
	int rc = complaint_intake_write(c, &ix);
	if (rc != 0 || p->fate == F_DIRECT)
		return rc;
	complaint_row_t r;
	if (!complaint_load(c, ix.id, &r))
		return -1;
	rc = live(c, x->h, p, &r);
	complaint_row_release(&r);
	return rc;
}

/* What intake checks, the time class, the lead body and its return rule, for every plan. */
static int prepare(dbc_t *c, struct hist *h)
{
	for (size_t i = 0; i < h->n; i++) {
		plan_t *p = &h->plans[i];
		complaint_new_t in;
		json_t *subject;
		new_of(p, &in, &subject);
		errs_t e = ERRS_INIT;
		complaint_check_new(c, caller_of(h, p), &in, p->tc, &e);
		json_decref(subject);
		if (errs_any(&e)) {
			log_error("seed: demo history: %s %s: %s %s", p->category, p->district, e.v[0].field,
				  e.v[0].en);
			errs_clear(&e);
			return -1;
		}
		if (p->fate != F_DIRECT &&
		    complaint_duty_body(c, p->category, p->district, p->street, p->lead) != 0)
			return -1;
		p->ret_rule = p->fate == F_DIRECT ? NULL : return_rule(h, p);
	}
	return 0;
}

static void plan_days(struct hist *h)
{
	day_t today = date_from_ms(h->now);
	int days = (int)json_integer_value(json_object_get(h->doc, "days"));
	for (day_t d = today - days; d <= today; d++) {
		const json_t *n = json_object_get(h->doc, date_weekday(d) >= 6 ? "weekend" : "weekday");
		int count = range(h, (int)json_integer_value(json_array_get(n, 0)),
				  (int)json_integer_value(json_array_get(n, 1)));
		for (int i = 0; i < count; i++) {
			int64_t at = midnight(d) + hour_of_day(h) * HOUR_MS + range(h, 0, 59) * MIN_MS +
				     range(h, 0, 59) * 1000LL;
			if (at < h->limit)
				plan_one(h, at);
		}
	}
	plan_spike(h, today);
	qsort(h->plans, h->n, sizeof *h->plans, by_time);
}

int complaint_seed_history(store_t *st)
{
	dbc_t *c = store_reader(st);
	if (complaint_store_any(c))
		return 0; /* requests exist: a history would be mixed into them */
	const embedded_file_t *f = embedded_find(embedded_data, "demo/complaint_history.json");
	json_error_t je;
	struct hist h = {.doc = f ? json_loadb((const char *)f->data, f->len, JSON_REJECT_DUPLICATES, &je)
				  : NULL};
	if (!h.doc) {
		log_error("seed: demo/complaint_history.json does not load");
		return -1;
	}
	int64_t t0 = clock_mono_ns();
	h.now = clock_now_ms();
	h.limit = h.now - 2 * MIN_MS;
	h.rng = (uint64_t)json_integer_value(json_object_get(h.doc, "seed"));
	int rc = 0;
	if (!load_actors(c, &h)) {
		log_warn("seed: demo history skipped: the demo accounts are not in this database");
		goto out;
	}
	plan_days(&h);
	if ((rc = prepare(c, &h)) != 0)
		goto out;
	assign_fates(&h);
	size_t skipped = 0;
	for (size_t i = 0; i < h.n && rc == 0; i++) {
		const plan_t *p = &h.plans[i];
		complaint_new_t in;
		json_t *subject;
		new_of(p, &in, &subject);
		char *sealed = p->phone[0] ? seal(p->phone) : NULL;
		struct one x = {&h, p, &in, sealed};
		if (p->phone[0] && !sealed)
			rc = -1;
		else
			rc = store_write(st, history_write, &x);
		if (rc > 0) { /* the machine refused a step (logged): that request is left out, whole */
			skipped++;
			rc = 0;
		}
		free(sealed);
		json_decref(subject);
	}
	if (rc == 0)
		log_info("seed: %zu demo 12345 requests over %lld days added (%lld ms)%s", h.n - skipped,
			 (long long)json_integer_value(json_object_get(h.doc, "days")),
			 (long long)((clock_mono_ns() - t0) / 1000000), skipped ? ", some left out" : "");
	else
		log_error("seed: demo history failed (%d)", rc);
out:
	free(h.plans);
	json_decref(h.doc);
	return rc == 0 ? 0 : -1;
}
