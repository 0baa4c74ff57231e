/* synth_bundles.c — the synthetic seeder's bundle cases (一件事, see synth.h).
 *
 * Beside one case in fifty (SYNTH_BUNDLE_PERCENT), one application for a
 * demo bundle whose every step is a free matter of a department with a clerk
 * and a reviewer, by one of the generated applicants of the kind the bundle
 * takes, online, at an hour of a day of the range; its merged form answered
 * with valid values and each required material uploaded once per applicant
 * and bundle (before the batch, as a person uploads before applying). Inside
 * the batch's write it is filed by bundle_apply_within, and its running steps
 * are moved on by their departments as cases are (handled at once when the
 * matter is immediate; else accepted, reviewed, approved and the result
 * issued, which the platform delivers electronically), each a few working
 * hours after the last: the bundle's own case hook starts the steps that
 * become ready (the registration's credit code filling the later forms) and
 * ends the bundle. A bundle whose next step would fall after now − 1 min
 * stays where it is. Its draws come from its own PRNG. */
#include "domain/synth_int.h"
#include "domain/bundles/bundle.h"
#include "domain/appointments/appointment.h"
#include "domain/bundles/bundle_case.h"
#include "domain/ratings/rating.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BUNDLES 16

static bool free_matter(const synth_t *s, const char *code)
{
	for (int i = 0; i < s->nmatters; i++)
		if (!strcmp(s->matters[i].code, code))
			return true;
	return false;
}

int synth_bundles_setup(synth_t *s)
{
	s->brng.s = (s->o->seed ? s->o->seed : 1) ^ 0xb0b0ULL;
	dbc_t *c = store_reader(s->st);
	json_t *list = bundle_list(c), *it, *fit = json_array();
	size_t i, j;
	json_array_foreach(json_object_get(list, "items"), i, it)
	{
		const char *code = json_string_value(json_object_get(it, "code"));
		json_t *doc = code ? bundle_get(c, code, 0, NULL) : NULL, *m;
		bool ok = doc && json_array_size(fit) < MAX_BUNDLES;
		json_array_foreach(json_object_get(doc, "matters"), j, m) ok =
		    ok && free_matter(s, json_string_value(m));
		if (ok)
			json_array_append(fit, doc);
		json_decref(doc);
	}
	json_decref(list);
	if (!json_array_size(fit)) {
		log_warn("synthetic: no bundle cases (no demo bundle of free matters of known departments)");
		json_decref(fit);
		return -1;
	}
	s->bundles = fit;
	return 0;
}

static bool takes(const json_t *doc, const char *kind)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(doc, "applicants"), i,
			   v) if (!strcmp(json_string_value(v), kind)) return true;
	return false;
}

bool synth_bundle_plan(synth_t *s, synth_bundle_t *b)
{
	rng_t *r = &s->brng;
	memset(b, 0, sizeof *b);
	size_t nb = json_array_size(s->bundles);
	b->doc = json_array_get(s->bundles, rnd(r) % nb);
	const char *code = json_string_value(json_object_get(b->doc, "code"));
	bool person = takes(b->doc, "person");
	/* a person or an enterprise among the generated ones (even indexes persons, odd enterprises) */
	int i = (int)(rnd(r) % (uint64_t)(s->npeople / 2)) * 2 + (person ? 0 : 1);
	b->who = &s->people[i];
	if (!person && !b->who->credit[0])
		return false;
	day_t d = date_from_ms(s->from) + (day_t)(rnd(r) % (uint64_t)s->o->days);
	b->at = appt_local_ms(d, between(r, 8 * 60, 22 * 60));
	b->form = synth_fields(r, json_object_get(b->doc, "form"), b->who, "310101");
	json_t *name = json_object_get(b->form, "enterprise_name");
	if (name) { /* a name of its own: each registration creates an enterprise */
		char nm[80];
		snprintf(nm, sizeof nm, "上海合成%llu号商贸有限公司",
			 (unsigned long long)(rnd(r) % 100000000));
		json_object_set_new(b->form, "enterprise_name", json_string(nm));
	}
	/* the uploads, once per applicant and bundle */
	json_t *held = json_object_get(b->who->files, code);
	if (!held) {
		json_t *arr = json_array(), *m;
		size_t k;
		clock_pin_ms(b->at - between(r, 1, 60) * MIN_MS);
		json_array_foreach(json_object_get(b->doc, "materials"), k, m)
		{
			if (!json_is_true(json_object_get(m, "required")))
				continue;
			const char *key = json_string_value(json_object_get(m, "key"));
			const json_t *mm = json_object_get(json_object_get(b->doc, "material_matters"), key);
			const char *matter =
			    json_string_value(json_is_array(mm) ? json_array_get(mm, 0) : mm);
			json_t *id = synth_upload(s, &b->who->a, matter ? matter : "", key);
			if (!id) {
				json_decref(arr);
				json_decref(b->form);
				b->form = NULL;
				return false;
			}
			json_array_append_new(arr, json_pack("{s:s, s:o}", "key", key, "file", id));
		}
		if (!b->who->files)
			((applicant_t *)b->who)->files = json_object();
		json_object_set_new(b->who->files, code, arr);
		held = arr;
	}
	b->materials = held;
	return true;
}

/* A running step's next action and who takes it; NULL when it has none of ours. */
static const char *next_action(const json_t *doc, const char *matter, const char *status, const dept_t *d,
			       const actor_t **by, const synth_t *s)
{
	const matter_t *m = NULL;
	for (int i = 0; i < s->nmatters && !m; i++)
		if (!strcmp(s->matters[i].code, matter))
			m = &s->matters[i];
	(void)doc;
	if (!m || !d)
		return NULL;
	const actor_t *approver = d->has_approver ? &d->approver : &d->reviewer;
	if (!strcmp(status, "submitted"))
		return *by = &d->clerk, m->immediate ? "handle_now" : "accept";
	if (!strcmp(status, "accepted"))
		return *by = &d->reviewer, "review";
	if (!strcmp(status, "in_review"))
		return *by = approver, "approve";
	if (!strcmp(status, "approved"))
		return m->has_result ? (*by = &d->reviewer, "issue") : (*by = &d->clerk, "complete");
	return NULL;
}

void synth_bundle(synth_t *s, dbc_t *c, synth_bundle_t *b)
{
	rng_t *r = &s->brng;
	const char *code = json_string_value(json_object_get(b->doc, "code"));
	if (b->at > s->now - MIN_MS || b->skip) /* skip: it failed in this batch's first run */
		return;
	bundle_apply_t in = {.channel = chance(r, 70) ? "online" : "mobile",
			     .form = b->form,
			     .materials = b->materials,
			     .submit = true};
	errs_t e = ERRS_INIT;
	char id[BUNDLE_CASE_ID_LEN];
	clock_pin_ms(b->at);
	errcode_t ec = synth_note(s, bundle_apply_within(c, &b->who->a, code, &in, &e, id));
	if (ec != E_OK) {
		if (s->rep->bundles_failed++ < 3)
			log_warn("synthetic: bundle %s refused (%d): %s %s", code, (int)ec,
				 e.n ? e.v[0].field : "", e.n ? e.v[0].en : "");
		errs_clear(&e);
		return;
	}
	errs_clear(&e);
	actor_t sup = {.roles = ROLE_SUPERVISOR};
	snprintf(sup.kind, sizeof sup.kind, "staff");
	int64_t t = b->at;
	bool bad = false, moved = true;
	for (int round = 0; round < 32 && moved && !bad; round++) {
		moved = false;
		json_t *v = bundle_case_json(c, id, &sup), *st;
		size_t i;
		json_array_foreach(json_object_get(v, "steps"), i, st)
		{
			const char *state = json_string_value(json_object_get(st, "state"));
			const char *cid = json_string_value(json_object_get(st, "case_id"));
			const char *cs = json_string_value(json_object_get(st, "case_status"));
			const char *dept = json_string_value(json_object_get(st, "department"));
			const actor_t *by = NULL;
			const char *action =
			    state && cid && cs && !strcmp(state, "running")
				? next_action(b->doc, json_string_value(json_object_get(st, "matter")), cs,
					      dept ? synth_dept(s, dept) : NULL, &by, s)
				: NULL;
			if (!action)
				continue;
			int64_t at = synth_later(s, r, t, chance(r, 70) ? 0 : 1);
			if (at > s->now - MIN_MS)
				continue;
			case_input_t ci = {0};
			if (!strcmp(action, "approve"))
				ci.opinion = "材料齐全，符合条件";
			if (!strcmp(action, "issue"))
				ci.number = cid, ci.title = "合成数据结果";
			int rc = synth_case_step(s, c, by, cid, action, at, &ci); /* notes a failure */
			if (rc == E_FORBIDDEN && by != &synth_dept(s, dept)->reviewer)
				rc = synth_case_step(s, c, &synth_dept(s, dept)->reviewer, cid, action, at,
						     &ci);
			if (rc != E_OK) {
				bad = true;
				break;
			}
			t = at > t ? at : t;
			moved = true;
		}
		json_decref(v);
	}
	s->rep->bundles++; /* a step refused leaves the bundle where it is, as a stalled one stays */
	json_t *v = bundle_case_json(c, id, &sup);
	const char *end = json_string_value(json_object_get(v, "status"));
	bool done = end && (!strcmp(end, "completed") || !strcmp(end, "partially_completed"));
	s->rep->bundles_completed += done;
	json_decref(v);
	/* most applicants rate the bundle soon after */
	static const int levels[] = {5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 3, 2};
	int64_t at = t + between(r, 10, 3 * 24 * 60) * MIN_MS;
	rating_input_t ri = {.level = levels[rnd(r) % 12]};
	if (done && chance(r, 60) && at <= s->now - MIN_MS) {
		clock_pin_ms(at);
		errcode_t rc = synth_note(s, rating_rate_bundle_within(c, &b->who->a, id, &ri, &e));
		errs_clear(&e);
		s->rep->rated += rc == E_OK;
	}
}
