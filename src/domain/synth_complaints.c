/* synth_complaints.c — the synthetic seeder's 12345 requests (see synth.h).
 *
 * Beside one case in five (SYNTH_COMPLAINT_PERCENT), one request on a day of
 * the range at an hour of the hotline's day: a topic by weight of the demo
 * history (data/demo/complaint_history.json: the category, a place, the
 * caller's words and the body's answer), filed by the hotline's operator with
 * the caller's phone or by one of the generated people online; then, through
 * complaint_create_within and complaint_act_within at their own past moments,
 * signed for by the lead body, in hand, replied (a few after the deadline),
 * called back (a few not resolved: reopened, replied again and called back
 * once more) with a satisfaction level, which is the request's rating. A
 * request whose next step would fall after now − 1 min stays where it is.
 * Its draws come from their own PRNG, so the cases stay as the seed made them. */
#include "domain/synth_int.h"
#include "domain/complaints/complaint.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/embedded.h"
#include "base/log.h"
#include <stdio.h>
#include <string.h>

#define CST_MS (8 * HOUR_MS) /* Asia/Shanghai */

static void find_operator(const account_staff_t *a, void *ctx)
{
	synth_t *s = ctx;
	if (s->has_op || !(a->roles & ROLE_OPERATOR))
		return;
	actor_t *x = &s->op;
	memset(x, 0, sizeof *x);
	snprintf(x->id, sizeof x->id, "%s", a->id);
	snprintf(x->kind, sizeof x->kind, "staff");
	snprintf(x->department, sizeof x->department, "%s", a->department);
	snprintf(x->display_name, sizeof x->display_name, "%s", a->display_name);
	snprintf(x->request_id, sizeof x->request_id, "synthetic");
	x->roles = a->roles;
	s->has_op = true;
}

int synth_complaints_setup(synth_t *s)
{
	s->crng.s = (s->o->seed ? s->o->seed : 1) ^ 0x12345ULL;
	const embedded_file_t *f = embedded_find(embedded_data, "demo/complaint_history.json");
	json_t *doc = f ? json_loadb((const char *)f->data, f->len, 0, NULL) : NULL;
	account_staff_each(store_reader(s->st), NULL, find_operator, s);
	if (!doc || !s->has_op || !json_array_size(json_object_get(doc, "topics"))) {
		log_warn("synthetic: no 12345 requests (the demo's hotline or history data is missing)");
		json_decref(doc);
		return -1;
	}
	s->topics = doc;
	return 0;
}

static const char *pick(rng_t *r, const json_t *arr)
{
	size_t n = json_array_size(arr);
	return n ? json_string_value(json_array_get(arr, rnd(r) % n)) : NULL;
}

static const json_t *topic_of(synth_t *s)
{
	const json_t *topics = json_object_get(s->topics, "topics"), *t;
	int64_t total = 0, x;
	size_t i;
	json_array_foreach(topics, i, t) total += json_integer_value(json_object_get(t, "weight"));
	x = total > 0 ? (int64_t)(rnd(&s->crng) % (uint64_t)total) : 0;
	json_array_foreach(topics, i,
			   t) if ((x -= json_integer_value(json_object_get(t, "weight"))) < 0) return t;
	return json_array_get(topics, 0);
}

/* The lead body's handler (a reviewer, else a clerk or approver), or NULL. */
static const actor_t *handler(synth_t *s, dbc_t *c, const char *id)
{
	actor_t nobody = {0};
	char owner[ACCOUNT_ID_LEN], body[DEPT_CODE_LEN];
	if (!complaint_scope(c, id, &nobody, owner, body))
		return NULL;
	const dept_t *d = synth_dept(s, body);
	return !d                ? NULL
	       : d->has_reviewer ? &d->reviewer
	       : d->has_clerk    ? &d->clerk
	       : d->has_approver ? &d->approver
				 : NULL;
}

/* One step at `at`; false when it is not taken (after the range's end, or refused: logged). */
static bool act(synth_t *s, dbc_t *c, const actor_t *by, const char *id, const char *action, int64_t at,
		const complaint_input_t *in)
{
	if (!by || at > s->now - MIN_MS)
		return false;
	errs_t e = ERRS_INIT;
	clock_pin_ms(at);
	errcode_t ec = complaint_act_within(c, by, id, complaint_action(action), in, &e);
	if (ec != E_OK && s->rep->steps_failed++ < 5)
		log_warn("synthetic: 12345 %s %s: %d %s %s", id, action, (int)ec, e.n ? e.v[0].field : "",
			 e.n ? e.v[0].en : "");
	errs_clear(&e);
	synth_note(s, (int)ec);
	return ec == E_OK;
}

static const char *comment_of(synth_t *s, const char *kind)
{
	return pick(&s->crng, json_object_get(json_object_get(s->topics, "comments"), kind));
}

/* Called back at `t`: resolved or not, and how satisfied (agreeing: 4–5 satisfied, 1–2 not). */
static bool callback(synth_t *s, dbc_t *c, const actor_t *caller, const char *id, int64_t t, bool resolved,
		     int64_t *closed)
{
	static const int happy[] = {5, 5, 5, 4, 4, 3}, unhappy[] = {2, 2, 1, 3};
	bool satisfied = resolved && chance(&s->crng, 88);
	complaint_input_t in = {.resolved = resolved, .satisfied = satisfied};
	in.level = satisfied ? happy[rnd(&s->crng) % 6] : unhappy[rnd(&s->crng) % 4];
	in.comment = comment_of(s, !resolved ? "unresolved" : satisfied ? "satisfied" : "dissatisfied");
	if (!act(s, c, caller, id, "callback", t, &in))
		return false;
	if (resolved)
		*closed = t;
	return true;
}

/* The request's life after intake at t0. */
static void live(synth_t *s, dbc_t *c, const char *id, const actor_t *caller, int64_t t0, const char *answer)
{
	rng_t *r = &s->crng;
	const actor_t *body = handler(s, c, id);
	int64_t t = t0 + between(r, 3, 50) * MIN_MS, closed = 0;
	if (!act(s, c, body, id, "sign", t, NULL))
		return;
	t += between(r, 10, 24 * 60) * MIN_MS;
	if (!act(s, c, body, id, "start", t, NULL))
		return;
	/* most replies within a few days; some late (the 按时办结率 has something to count) */
	t += (chance(r, 8) ? between(r, 5 * 24, 20 * 24) : between(r, 1, 4 * 24)) * HOUR_MS;
	complaint_input_t reply = {.answer = answer};
	if (!act(s, c, body, id, "reply", t, &reply))
		return;
	bool resolved = !chance(r, 8);
	t += between(r, 2, 30) * HOUR_MS;
	if (!callback(s, c, caller, id, t, resolved, &closed) || resolved)
		goto done;
	complaint_input_t again = {.answer = pick(r, json_object_get(s->topics, "reanswers"))};
	t += between(r, 1, 3) * DAY_MS;
	if (!act(s, c, body, id, "reply", t, again.answer ? &again : &reply))
		return;
	t += between(r, 2, 30) * HOUR_MS;
	callback(s, c, caller, id, t, true, &closed);
done:
	if (closed)
		s->rep->complaints_closed++;
}

void synth_complaint(synth_t *s, dbc_t *c, bool skip)
{
	rng_t *r = &s->crng;
	const json_t *t = topic_of(s), *places = json_object_get(t, "places");
	const json_t *place =
	    json_array_get(places, rnd(r) % (json_array_size(places) ? json_array_size(places) : 1));
	day_t d = date_from_ms(s->from) + (day_t)(rnd(r) % (uint64_t)s->o->days);
	static const int hours[] = {8,  9,  9,  10, 10, 10, 11, 11, 13, 14,
				    14, 15, 15, 16, 17, 18, 19, 20, 21, 22};
	int64_t at =
	    (int64_t)d * DAY_MS - CST_MS + hours[rnd(r) % 20] * HOUR_MS + between(r, 0, 3599) * 1000LL;
	bool hotline = chance(r, 60);
	const applicant_t *who = &s->people[rnd(r) % (uint64_t)s->npeople];
	char phone[12];
	snprintf(phone, sizeof phone, "1380000%04d", between(r, 0, 9999));
	const char *street = json_string_value(json_array_get(place, 1));
	complaint_new_t in = {.kind = json_string_value(json_object_get(t, "kind")),
			      .category = json_string_value(json_object_get(t, "category")),
			      .text = pick(r, json_object_get(t, "texts")),
			      .channel = hotline         ? "hotline"
					 : chance(r, 60) ? "mobile"
							 : "web",
			      .phone = hotline ? phone : NULL,
			      .district = json_string_value(json_array_get(place, 0)),
			      .street = street && street[0] ? street : NULL,
			      .address = json_string_value(json_array_get(place, 2)),
			      .unlimited = true};
	const char *answer = pick(r, json_object_get(t, "answers"));
	const actor_t *by = hotline ? &s->op : &who->a;
	if (at > s->now - MIN_MS || skip) /* skip: it failed in this batch's first run */
		return;
	errs_t e = ERRS_INIT;
	char id[ENTITY_ID_LEN];
	clock_pin_ms(at);
	errcode_t ec = synth_note(s, complaint_create_within(c, by, &in, &e, id));
	if (ec != E_OK) {
		if (s->rep->complaints_failed++ < 3)
			log_warn("synthetic: 12345 %s refused (%d): %s %s", in.category, (int)ec,
				 e.n ? e.v[0].field : "", e.n ? e.v[0].en : "");
		errs_clear(&e);
		return;
	}
	errs_clear(&e);
	s->rep->complaints++;
	live(s, c, id, hotline ? &s->op : &who->a, at, answer ? answer : "已处理。");
}
