/* synth.c — a synthetic past through the domain's own functions (see synth.h).
 *
 * Plan of one case (every moment drawn from the PRNG, none after now − 1 min;
 * a case whose next step would fall later stays where it is, as recent cases
 * do): submitted on a day of the range at an office hour (online and mobile
 * also evenings and weekends); an in-person applicant may have booked the
 * hour's slot first (refused when the slot is full: unmet demand); intake a
 * few hours to two days later (an immediate matter is handled at once); some
 * are refused, some sent back for correction and resubmitted; review,
 * approval or denial within about the promised days; the result issued
 * (electronic delivery completes it) or delivered at the window and
 * completed; most completed cases are rated soon after. */
#include "domain/synth.h"
#include "domain/synth_int.h"
#include "domain/appointments/appointment.h"
#include "domain/cases/case.h"
#include "domain/catalog/matter.h"
#include "domain/core/geo.h"
#include "domain/files/file.h"
#include "domain/identity/account.h"
#include "domain/ratings/rating.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/idcheck.h"
#include "base/log.h"
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

#define BATCH 500 /* cases per transaction */
enum { SKIP_CASE = 1, SKIP_COMPLAINT = 2, SKIP_BUNDLE = 4 };

/* ---------------------------------------------------------------- forms */

static void phone_of(rng_t *r, char out[12]) { snprintf(out, 12, "139%08d", between(r, 0, 99999999)); }

static void id_number_of(int i, char out[ID_NUMBER_LEN])
{
	char first[32]; /* 17 characters; room the compiler can see */
	day_t birth = date_from_ymd(1960, 1, 1) + (i / 900) * 7 % 14000;
	int y, m, d;
	date_to_ymd(birth, &y, &m, &d);
	snprintf(first, sizeof first, "310101%04d%02d%02d%03d", y, m, d, 100 + i % 900);
	snprintf(out, ID_NUMBER_LEN, "%.17s%c", first, idnum_check_char(first));
}

static bool credit_of(int i, char out[CREDIT_CODE_LEN])
{
	char first[18];
	snprintf(first, sizeof first, "91310101%09u", (unsigned)(500000000 + i % 400000000));
	char c = credit_code_check_char(first);
	if (!c)
		return false;
	snprintf(out, CREDIT_CODE_LEN, "%s%c", first, c);
	return true;
}

/* A valid value for one field of a matter's form schema. */
static json_t *value_of(rng_t *r, const json_t *f, const applicant_t *who, const char *region)
{
	const char *type = json_string_value(json_object_get(f, "type"));
	const char *binds = json_string_value(json_object_get(f, "binds"));
	json_t *min = json_object_get(f, "min"), *max = json_object_get(f, "max");
	if (binds && !strcmp(binds, "applicant.credit_code"))
		return json_string(who->credit);
	const char *pattern = json_string_value(json_object_get(f, "pattern"));
	if (pattern)
		return json_string(strstr(pattern, "a-f") ? "0123456789abcdef0123456789abcdef"
							  : "2026073100123456");
	if (!strcmp(type, "int") || !strcmp(type, "decimal")) {
		long long lo = min ? (long long)json_number_value(min) : 1,
			  hi = max ? (long long)json_number_value(max) : 100;
		if (hi > lo + 50)
			hi = lo + 50;
		return json_integer(lo + (long long)(rnd(r) % (uint64_t)(hi - lo + 1)));
	}
	if (!strcmp(type, "enum")) {
		json_t *opts = json_object_get(f, "options");
		size_t n = json_array_size(opts);
		return json_deep_copy(json_object_get(json_array_get(opts, n ? rnd(r) % n : 0), "value"));
	}
	if (!strcmp(type, "bool"))
		return json_boolean(chance(r, 50));
	if (!strcmp(type, "date"))
		return json_string(min && json_is_string(min) &&
					   strcmp(json_string_value(min), "2024-01-01") > 0
				       ? json_string_value(min)
				       : "2024-06-01");
	if (!strcmp(type, "phone")) {
		char p[12];
		phone_of(r, p);
		return json_string(p);
	}
	if (!strcmp(type, "id_number")) { /* an enterprise's employee: a valid number of its own */
		char idn[ID_NUMBER_LEN];
		if (!who->id_number[0])
			id_number_of(between(r, 0, 899999), idn);
		return json_string(who->id_number[0] ? who->id_number : idn);
	}
	if (!strcmp(type, "credit_code"))
		return json_string(who->credit[0] ? who->credit : "91310101MA1FPX0Q1Y");
	if (!strcmp(type, "region"))
		return json_string(region);
	if (!strcmp(type, "email"))
		return json_string("synthetic@example.cn");
	if (!strcmp(type, "address"))
		return json_string("上海市黄浦区南京东路100号");
	/* text: four characters, and digits up to the least length */
	char t[160] = "合成数据";
	long long want = json_integer_value(json_object_get(f, "min_len"));
	size_t used = strlen(t);
	for (int k = 4; k < want && k < 60 && used + 1 < sizeof t; k++)
		t[used++] = '0';
	t[used] = '\0';
	return json_string(t);
}

json_t *synth_fields(rng_t *r, const json_t *schema, const applicant_t *who, const char *region)
{
	json_t *form = json_object(), *f;
	size_t i;
	json_array_foreach(json_object_get(schema, "fields"), i, f) json_object_set_new(
	    form, json_string_value(json_object_get(f, "key")), value_of(r, f, who, region));
	return form;
}

json_t *synth_form(synth_t *s, const matter_t *m, const applicant_t *who)
{
	return synth_fields(&s->rng, json_object_get(m->doc, "form"), who, s->region_of[m - s->matters]);
}

/* ---------------------------------------------------------------- materials */

static const char PDF[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/* One upload by `by` for a material of a matter: its file id, NULL on failure. */
json_t *synth_upload(synth_t *s, const actor_t *by, const char *matter, const char *key)
{
	file_upload_t up = {0};
	up.sink = file_sink_open(s->o->files_dir);
	if (!up.sink || !file_sink_write(up.sink, PDF, sizeof PDF - 1)) {
		file_sink_free(up.sink);
		return NULL;
	}
	up.file_parts = 1;
	snprintf(up.raw_name, sizeof up.raw_name, "%s.pdf", key);
	snprintf(up.material, sizeof up.material, "%s", key);
	snprintf(up.matter, sizeof up.matter, "%s", matter);
	up.errs = (errs_t)ERRS_INIT;
	errs_t e = ERRS_INIT;
	json_t *out = NULL;
	errcode_t ec = file_create(s->st, s->o->files_dir, by, &up, &e, &out);
	file_sink_free(up.sink);
	errs_clear(&e);
	errs_clear(&up.errs);
	json_t *id = ec == E_OK ? json_incref(json_object_get(out, "id")) : NULL;
	json_decref(out);
	return id;
}

/* The materials array of a case of matter m filed by `by`: one upload per required material, made once. */
json_t *synth_materials(synth_t *s, const actor_t *by, const matter_t *m)
{
	json_t *arr = json_array(), *def;
	size_t i;
	json_array_foreach(json_object_get(m->doc, "materials"), i, def)
	{
		if (!json_is_true(json_object_get(def, "required")))
			continue;
		const char *key = json_string_value(json_object_get(def, "key"));
		json_t *id = synth_upload(s, by, m->code, key);
		if (!id) {
			json_decref(arr);
			return NULL;
		}
		json_array_append_new(arr, json_pack("{s:s, s:o}", "key", key, "file", id));
	}
	return arr;
}

/* ---------------------------------------------------------------- set-up */

static void staff_of(const account_staff_t *a, void *ctx)
{
	synth_t *s = ctx;
	dept_t *d = NULL;
	for (int i = 0; i < s->ndepts && !d; i++)
		if (!strcmp(s->depts[i].code, a->department))
			d = &s->depts[i];
	if (!d && s->ndepts < MAX_DEPTS) {
		d = &s->depts[s->ndepts++];
		snprintf(d->code, sizeof d->code, "%s", a->department);
	}
	if (!d)
		return;
	actor_t x = {0};
	snprintf(x.id, sizeof x.id, "%s", a->id);
	snprintf(x.kind, sizeof x.kind, "staff");
	snprintf(x.department, sizeof x.department, "%s", a->department);
	snprintf(x.display_name, sizeof x.display_name, "%s", a->display_name);
	snprintf(x.request_id, sizeof x.request_id, "synthetic");
	x.roles = a->roles;
	if ((a->roles & ROLE_WINDOW_CLERK) && !d->has_clerk)
		d->clerk = x, d->has_clerk = true;
	if ((a->roles & ROLE_REVIEWER) && !d->has_reviewer)
		d->reviewer = x, d->has_reviewer = true;
	if ((a->roles & ROLE_APPROVER) && !d->has_approver)
		d->approver = x, d->has_approver = true;
}

static bool in_list(const json_t *arr, const char *v)
{
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x) if (json_is_string(x) && !strcmp(json_string_value(x), v)) return true;
	return false;
}

/* The matters a synthetic case may be filed under: active, free of charge,
 * handled by a department with a clerk and a reviewer. */
static int load_matters(synth_t *s)
{
	dbc_t *c = store_reader(s->st);
	account_staff_each(c, NULL, staff_of, s);
	matter_query_t q = {.immediate = -1, .visits = -1, .limit = 100};
	json_t *page = NULL, *it;
	errs_t e = ERRS_INIT;
	if (matter_list(c, &q, &page, &e) != E_OK) {
		errs_clear(&e);
		return -1;
	}
	size_t i;
	json_array_foreach(json_object_get(page, "items"), i, it)
	{
		const char *code = json_string_value(json_object_get(it, "code"));
		int64_t v;
		if (s->nmatters >= MAX_MATTERS || !code || !matter_current_version(c, code, &v))
			continue;
		json_t *doc = matter_doc(c, code, v);
		const char *dept = json_string_value(json_object_get(doc, "department"));
		dept_t *d = NULL;
		for (int k = 0; k < s->ndepts && dept; k++)
			if (!strcmp(s->depts[k].code, dept) && s->depts[k].has_clerk &&
			    s->depts[k].has_reviewer)
				d = &s->depts[k];
		if (!d || json_integer_value(json_object_get(doc, "fee_fen")) > 0) {
			json_decref(doc);
			continue;
		}
		matter_t *m = &s->matters[s->nmatters++];
		snprintf(m->code, sizeof m->code, "%s", code);
		m->doc = doc;
		m->dept = d;
		m->immediate = json_is_true(json_object_get(doc, "immediate"));
		json_t *res = json_object_get(doc, "result");
		m->has_result = json_is_object(res) && json_object_get(res, "name");
		m->electronic = in_list(json_object_get(doc, "delivery"), "electronic");
		m->window = in_list(json_object_get(doc, "delivery"), "window");
		m->enterprise = !in_list(json_object_get(doc, "applicants"), "person");
		m->promised = (int)json_integer_value(json_object_get(doc, "promised_days"));
		char *region = s->region_of[s->nmatters - 1];
		if (!geo_department_region(c, d->code, region) || !region[0])
			snprintf(region, REGION_CODE_LEN, "310101");
	}
	json_decref(page);
	return s->nmatters ? 0 : -1;
}

/* The applicants: persons and enterprises, one precomputed password hash. */
static int make_people(synth_t *s)
{
	int n = (int)(s->o->cases / 40);
	s->npeople = n < 40 ? 40 : n > 20000 ? 20000 : n;
	s->people = calloc((size_t)s->npeople, sizeof *s->people);
	if (!s->people || account_hash_password("Synthetic2026!", s->hash, sizeof s->hash) != 0)
		return -1;
	actor_t sys;
	actor_system(&sys, "synthetic");
	dbc_t *c = store_reader(s->st);
	for (int i = 0; i < s->npeople; i++) {
		applicant_t *p = &s->people[i];
		bool ent = i % 2 == 1;
		char user[40], name[64], phone[12];
		snprintf(user, sizeof user, "syn%llx_%d", (unsigned long long)(s->o->seed & 0xffff), i);
		snprintf(name, sizeof name, ent ? "合成企业%d有限公司" : "合成居民%d", i);
		phone_of(&s->rng, phone);
		if (ent && !credit_of(i + (int)(s->o->seed % 1000) * 100000, p->credit)) {
			ent = false;
		}
		if (!ent) {
			p->credit[0] = 0;
			id_number_of(i + (int)(s->o->seed % 1000) * 100000, p->id_number);
		}
		account_new_t in = {.kind = ent ? "enterprise" : "person",
				    .username = user,
				    .password = "Synthetic2026!",
				    .password_hash = s->hash,
				    .name = name,
				    .id_number = ent ? NULL : p->id_number,
				    .credit_code = ent ? p->credit : NULL,
				    .legal_rep = ent ? "合成法人" : NULL,
				    .phone = phone};
		errs_t e = ERRS_INIT;
		char id[ACCOUNT_ID_LEN] = "";
		errcode_t ec = account_create(s->st, &sys, &in, &e, id);
		errs_clear(&e);
		bool found = ec == E_OK || (ec == E_CONFLICT &&
					    (ent ? account_find_active_by_credit_code(c, p->credit, id)
						 : account_find_active_by_id_number(c, p->id_number, id)));
		if (!found) {
			log_error("synthetic: account %s: error %d", user, (int)ec);
			return -1;
		}
		if (ec == E_OK)
			s->rep->accounts++;
		snprintf(p->a.id, sizeof p->a.id, "%s", id);
		snprintf(p->a.kind, sizeof p->a.kind, "%s", ent ? "enterprise" : "person");
		p->a.roles = ent ? ROLE_ENTERPRISE : ROLE_PERSON;
		snprintf(p->a.display_name, sizeof p->a.display_name, "%s", name);
		snprintf(p->a.request_id, sizeof p->a.request_id, "synthetic");
		p->files = json_object();
	}
	return 0;
}

/* ---------------------------------------------------------------- one case */

typedef struct {
	const char *action;
	const actor_t *by;
	int64_t at;
	case_input_t in;
} step_t;

typedef struct {
	matter_t *m;
	applicant_t *who;
	const char *channel;
	int64_t at;
	json_t *form, *materials;
	step_t steps[MAX_STEPS];
	int nsteps;
	int rating; /* 0: none */
	int64_t rated_at;
	char id[CASE_ID_LEN];
	bool completed;
	bool has_bundle; /* a bundle case is applied for after this case */
	unsigned skip;   /* SKIP_*: what failed in the batch's first run, left out of the next */
	bool book;       /* booked an appointment before coming (in the batch, before the filing) */
	synth_bundle_t bundle;
} plan_t;

/* A moment `days` days (plus some hours) after t, in office hours on a weekday. */
int64_t synth_later(synth_t *s, rng_t *r, int64_t t, int days)
{
	day_t d = date_from_ms(t) + days;
	while (date_weekday(d) >= 6)
		d++;
	int64_t at = appt_local_ms(d, between(r, 9 * 60, 17 * 60 + 30));
	return at > t ? at : t + between(r, 5, 90) * MIN_MS;
}

static int64_t later(synth_t *s, int64_t t, int days) { return synth_later(s, &s->rng, t, days); }

dept_t *synth_dept(synth_t *s, const char *code)
{
	for (int i = 0; i < s->ndepts; i++)
		if (!strcmp(s->depts[i].code, code))
			return &s->depts[i];
	return NULL;
}

static int hour_of(synth_t *s, bool online, int weekday)
{
	static const int office[] = {9, 9, 10, 10, 10, 11, 11, 13, 14, 14, 15, 15, 16, 16, 17};
	if (online && (weekday >= 6 || chance(&s->rng, 30)))
		return between(&s->rng, 7, 23);
	return office[rnd(&s->rng) % (sizeof office / sizeof office[0])];
}

static void plan_case(synth_t *s, plan_t *p)
{
	memset(p, 0, sizeof *p);
	for (int tries = 0; tries < 8; tries++) {
		p->m = &s->matters[rnd(&s->rng) % (uint64_t)s->nmatters];
		if (p->m->failures < 3)
			break;
	}
	matter_t *m = p->m;
	int pick = between(&s->rng, 0, 99);
	p->channel = pick < 45 ? "online" : pick < 70 ? "mobile" : "window";
	if (!strcmp(p->channel, "window") && !m->dept->has_clerk)
		p->channel = "online";
	/* each matter has its own regulars, about 200 cases each over the range: they upload
	 * their materials once, as a firm that files often does */
	int64_t pool = s->o->cases / ((int64_t)s->nmatters * 200);
	int half = s->npeople / 2, mi = (int)(m - s->matters);
	pool = pool < 4 ? 4 : pool > half ? half : pool;
	int i0 = (int)(((uint64_t)mi * 7919 + rnd(&s->rng) % (uint64_t)pool) % (uint64_t)half) * 2;
	p->who = &s->people[m->enterprise ? i0 + 1 : i0];
	if (m->enterprise && !p->who->credit[0])
		p->who = &s->people[1];
	bool online = strcmp(p->channel, "window") != 0;
	day_t d;
	do {
		d = date_from_ms(s->from) + (day_t)(rnd(&s->rng) % (uint64_t)s->o->days);
	} while (!online && date_weekday(d) >= 6);
	p->at = appt_local_ms(d, hour_of(s, online, date_weekday(d)) * 60 + between(&s->rng, 0, 59));
	const dept_t *dp = m->dept;
	const actor_t *reviewer = &dp->reviewer, *approver = dp->has_approver ? &dp->approver : &dp->reviewer;
	int64_t t = p->at;
#define STEP(name, actor, when)                                                                              \
	do {                                                                                                 \
		p->steps[p->nsteps] = (step_t){name, actor, (when), {0}};                                    \
		t = p->steps[p->nsteps++].at;                                                                \
	} while (0)
	if (m->immediate) {
		STEP("handle_now", &dp->clerk, t + between(&s->rng, 2, 40) * MIN_MS);
	} else if (chance(&s->rng, 3)) {
		STEP("refuse", &dp->clerk, later(s, t, between(&s->rng, 0, 2)));
		p->steps[p->nsteps - 1].in.reason = "materials_incomplete";
	} else {
		if (chance(&s->rng, 12)) {
			STEP("request_correction", &dp->clerk, later(s, t, between(&s->rng, 0, 2)));
			STEP("resubmit", &p->who->a, t + between(&s->rng, 2, 72) * HOUR_MS);
		}
		STEP("accept", &dp->clerk, later(s, t, between(&s->rng, 0, 1)));
		STEP("review", reviewer, later(s, t, between(&s->rng, 0, 2)));
		int days = m->promised > 2 ? between(&s->rng, 0, m->promised + m->promised / 3)
					   : between(&s->rng, 0, 2);
		bool deny = chance(&s->rng, 5);
		STEP(deny ? "deny" : "approve", approver, later(s, t, days));
		if (deny) {
			p->steps[p->nsteps - 1].in.reason = "不符合法定条件";
			STEP("complete", &dp->clerk, later(s, t, 0));
		} else if (m->has_result) {
			STEP("issue", reviewer, t + between(&s->rng, 10, 240) * MIN_MS);
			if (!m->electronic) {
				STEP("deliver", &dp->clerk, later(s, t, between(&s->rng, 0, 3)));
				p->steps[p->nsteps - 1].in.method = "window";
				STEP("complete", &dp->clerk, t + between(&s->rng, 1, 30) * MIN_MS);
			}
		} else {
			STEP("complete", &dp->clerk, later(s, t, 0));
		}
	}
#undef STEP
	static const int levels[] = {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 3, 3, 2, 1};
	if (chance(&s->rng, 60)) {
		p->rating = levels[rnd(&s->rng) % 20];
		p->rated_at = t + between(&s->rng, 10, 4 * 24 * 60) * MIN_MS;
	}
}

/* The appointment an in-person applicant booked before coming: the hour's slot, published on
 * demand with a capacity of 1 or 2 (several asking for one place: the refused are unmet demand). */
static void book(synth_t *s, dbc_t *c, plan_t *p)
{
	day_t d = date_from_ms(p->at);
	int hour = (int)((p->at - appt_local_ms(d, 0)) / HOUR_MS);
	char key[64], day[DATE_STR_LEN];
	date_format(d, day);
	snprintf(key, sizeof key, "%s %s %02d", p->m->dept->code, day, hour);
	const char *slot = json_string_value(json_object_get(s->slots, key));
	char id[APPT_ID_LEN];
	if (!slot) {
		clock_pin_ms(p->at - 6 * DAY_MS);
		slot_spec_t spec = {d, hour * 60, hour * 60 + 60, between(&s->arng, 1, 2)};
		errs_t e = ERRS_INIT;
		errcode_t ec = synth_note(
		    s, slot_publish_within(c, &p->m->dept->clerk, p->m->dept->code, &spec, id, &e));
		errs_clear(&e);
		if (ec != E_OK)
			return;
		json_object_set_new(s->slots, key, json_string(id));
		json_array_append_new(s->slots_new, json_string(key)); /* forgotten if the batch runs again */
		slot = json_string_value(json_object_get(s->slots, key));
	}
	/* the applicant, and sometimes one or two others wanting the same hour (whoever finds it
	 * full is demand the hall did not serve) */
	int others = chance(&s->arng, 35) ? between(&s->arng, 1, 2) : 0;
	for (int k = 0; k <= others; k++) {
		const applicant_t *who = k ? &s->people[rnd(&s->arng) % (uint64_t)s->npeople] : p->who;
		clock_pin_ms(p->at - between(&s->arng, 1, 5 * 24) * HOUR_MS);
		errs_t e = ERRS_INIT;
		errcode_t ec = synth_note(
		    s, appointment_book_within(c, &who->a, slot, p->m->code,
					       chance(&s->arng, 50) ? "online" : "mobile", &e, id));
		errs_clear(&e);
		if (ec == E_OK)
			s->rep->booked++;
		else if (ec == E_SLOT_FULL)
			s->rep->refused++;
	}
}

/* The files a case needs, uploaded (outside the batch) the first time its filer needs them. */
static json_t *materials_for(synth_t *s, plan_t *p)
{
	bool window = !strcmp(p->channel, "window");
	json_t *held = window ? p->m->clerk_files : json_object_get(p->who->files, p->m->code);
	if (held)
		return held;
	clock_pin_ms(p->at - between(&s->rng, 1, 60) * MIN_MS);
	json_t *arr = synth_materials(s, window ? &p->m->dept->clerk : &p->who->a, p->m);
	if (!arr)
		return NULL;
	if (window)
		p->m->clerk_files = arr;
	else
		json_object_set_new(p->who->files, p->m->code, arr);
	return arr;
}

typedef struct {
	synth_t *s;
	plan_t *plans;
	int n;
	int bad, what; /* out: the plan whose case, request or bundle failed (> 0: which) */
} batch_t;

static void file_case(synth_t *s, dbc_t *c, plan_t *p)
{
	bool window = !strcmp(p->channel, "window");
	json_t *applicant = window ? (p->who->credit[0] ? json_pack("{ss}", "credit_code", p->who->credit)
							: json_pack("{ss}", "id_number", p->who->id_number))
				   : NULL;
	json_t *delivery = json_pack("{ss}", "method", p->m->electronic ? "electronic" : "window");
	case_new_t in = {.matter = p->m->code,
			 .channel = p->channel,
			 .form = p->form,
			 .materials = p->materials,
			 .delivery = delivery,
			 .applicant = applicant,
			 .submit = true};
	errs_t e = ERRS_INIT;
	clock_pin_ms(p->at);
	errcode_t ec =
	    synth_note(s, case_create_within(c, window ? &p->m->dept->clerk : &p->who->a, &in, &e, p->id));
	if (ec != E_OK) {
		if (p->m->failures++ < 3)
			log_warn("synthetic: matter %s: filing refused (%d): %s %s", p->m->code, (int)ec,
				 e.n ? e.v[0].field : "", e.n ? e.v[0].en : "");
		p->id[0] = 0;
		s->rep->failed++;
	}
	errs_clear(&e);
	json_decref(applicant);
	json_decref(delivery);
}

int synth_case_step(synth_t *s, dbc_t *c, const actor_t *by, const char *id, const char *action, int64_t at,
		    case_input_t *in)
{
	errs_t e = ERRS_INIT;
	clock_pin_ms(at);
	errcode_t ec = synth_note(s, case_act_within(c, by, id, case_action(action), in, NULL, false, &e));
	if (ec != E_OK && ec != E_FORBIDDEN && s->rep->steps_failed++ < 5)
		log_warn("synthetic: case %s %s: %d %s %s", id, action, (int)ec, e.n ? e.v[0].field : "",
			 e.n ? e.v[0].en : "");
	errs_clear(&e);
	return (int)ec;
}

/* Its steps up to now − 1 min; a step refused leaves it where it is. */
static void move_case(synth_t *s, dbc_t *c, plan_t *p)
{
	int64_t stop = s->now - MIN_MS;
	if (!p->id[0])
		return;
	for (int i = 0; i < p->nsteps && p->id[0]; i++) {
		step_t *st = &p->steps[i];
		if (st->at > stop)
			return; /* a recent case stays where it is */
		json_t *items = NULL;
		if (!strcmp(st->action, "request_correction")) {
			const json_t *f0 =
			    json_array_get(json_object_get(json_object_get(p->m->doc, "form"), "fields"), 0);
			items = json_pack("[{ss ss ss}]", "kind", "field", "key",
					  json_string_value(json_object_get(f0, "key")), "reason",
					  "请核对后重新填写");
			st->in.items = items;
		}
		if (!strcmp(st->action, "issue")) {
			st->in.number = p->id;
			st->in.title = "合成数据结果";
		}
		int ec = synth_case_step(s, c, st->by, p->id, st->action, st->at, &st->in);
		if (ec == E_FORBIDDEN && st->by == &p->m->dept->approver)
			ec = synth_case_step(s, c, &p->m->dept->reviewer, p->id, st->action, st->at, &st->in);
		json_decref(items);
		st->in.items = NULL;
		if (ec == E_FORBIDDEN && s->rep->steps_failed++ < 5)
			log_warn("synthetic: case %s %s: forbidden", p->id, st->action);
		if (ec != E_OK)
			return;
	}
	const char *last = p->nsteps ? p->steps[p->nsteps - 1].action : "";
	p->completed = !strcmp(last, "complete") || !strcmp(last, "handle_now") ||
		       (!strcmp(last, "issue") && p->m->electronic);
	if (p->completed)
		s->rep->completed++;
	if (p->completed && p->rating && p->rated_at <= stop) {
		rating_input_t r = {.level = p->rating};
		errs_t e = ERRS_INIT;
		clock_pin_ms(p->rated_at);
		if (synth_note(s, rating_rate_case_within(c, &p->who->a, p->id, &r, &e)) == E_OK)
			s->rep->rated++;
		errs_clear(&e);
	}
}

/* Each case, request and bundle of the batch in the batch's transaction. A refusal changes nothing
 * and leaves the item where it is; any other failure stops the batch (it is rolled back: > 0) and
 * b->bad names what failed, to be left out when the batch runs again. */
static int batch_write(dbc_t *c, void *arg)
{
	batch_t *b = arg;
	synth_t *s = b->s;
	if (!s->warm) { /* a batch changes thousands of pages: keep them in memory until the commit */
		store_cache_mb(c, 512);
		s->warm = true;
	}
	s->dirty = false;
	for (int i = 0; i < b->n; i++) {
		plan_t *p = &b->plans[i];
		b->bad = i;
		if (p->materials && !(p->skip & SKIP_CASE)) {
			if (p->book)
				book(s, c, p);
			file_case(s, c, p);
			move_case(s, c, p);
			if (s->dirty)
				return b->what = SKIP_CASE;
		}
		if (s->topics && chance(&s->crng, SYNTH_COMPLAINT_PERCENT))
			synth_complaint(s, c, p->skip & SKIP_COMPLAINT);
		if (s->dirty)
			return b->what = SKIP_COMPLAINT;
		if (p->has_bundle)
			synth_bundle(s, c, &p->bundle);
		if (s->dirty)
			return b->what = SKIP_BUNDLE;
	}
	return 0;
}

static void progress(synth_t *s, int64_t done)
{
	if (!s->o->progress)
		return;
	int width = 40, fill = (int)(done * width / (s->o->cases ? s->o->cases : 1));
	double secs = (double)(clock_mono_ns() - (int64_t)s->rep->seconds) / 1e9;
	fprintf(s->o->progress, "\r[%.*s%*s] %lld/%lld  %.0f/s ", fill,
		"########################################", width - fill, "", (long long)done,
		(long long)s->o->cases, secs > 0 ? (double)done / secs : 0.0);
	fflush(s->o->progress);
}

int synth_run(store_t *st, const synth_opts_t *o, synth_report_t *rep)
{
	memset(rep, 0, sizeof *rep);
	synth_t *s = calloc(1, sizeof *s);
	plan_t *plans = calloc(BATCH, sizeof *plans);
	if (!s || !plans) {
		free(s);
		free(plans);
		return -1;
	}
	int64_t t0 = clock_mono_ns();
	rep->seconds = (double)t0; /* the start, for the progress bar; the duration at the end */
	*s = (synth_t){.st = st,
		       .o = o,
		       .rep = rep,
		       .rng = {o->seed ? o->seed : 1},
		       .arng = {(o->seed ? o->seed : 1) ^ 0xa99ULL},
		       .slots = json_object(),
		       .slots_new = json_array()};
	s->now = clock_now_ms();
	s->from = s->now - (int64_t)o->days * DAY_MS;
	int rc = 0;
	if (o->days < 1 || load_matters(s) != 0) {
		log_error("synthetic: no matter to file cases under (load the demo data: seed --demo)");
		rc = -1;
	} else if (make_people(s) != 0)
		rc = -1;
	if (rc == 0 && !o->cases_only) { /* without their demo data there are simply none of them */
		synth_complaints_setup(s);
		synth_bundles_setup(s);
	}
	for (int64_t done = 0; rc == 0 && done < o->cases;) {
		int n = o->cases - done < BATCH ? (int)(o->cases - done) : BATCH;
		for (int i = 0; i < n; i++) {
			plan_t *p = &plans[i];
			plan_case(s, p);
			p->book = !strcmp(p->channel, "window") && chance(&s->rng, 30);
			p->materials = materials_for(s, p);
			p->form = synth_form(s, p->m, p->who);
			if (s->bundles && chance(&s->brng, SYNTH_BUNDLE_PERCENT))
				p->has_bundle = synth_bundle_plan(s, &p->bundle);
		}
		/* a batch that fails is run again without what failed, from the same draws */
		synth_report_t was = *rep;
		rng_t crng = s->crng, brng = s->brng, arng = s->arng;
		json_array_clear(s->slots_new);
		batch_t b = {s, plans, n, 0, 0};
		int w;
		while ((w = store_write(st, batch_write, &b)) > 0) {
			*rep = was;
			s->crng = crng, s->brng = brng, s->arng = arng;
			size_t k;
			json_t *key;
			json_array_foreach(s->slots_new, k, key)
			    json_object_del(s->slots, json_string_value(key));
			json_array_clear(s->slots_new);
			plans[b.bad].skip |= (unsigned)b.what;
			if (plans[b.bad].has_bundle && b.what == SKIP_BUNDLE)
				plans[b.bad].bundle.skip = true;
			rep->failed += b.what == SKIP_CASE;
			rep->complaints_failed += b.what == SKIP_COMPLAINT;
			rep->bundles_failed += b.what == SKIP_BUNDLE;
			was = *rep;
		}
		if (w != 0)
			rc = -1;
		for (int i = 0; i < n; i++) {
			json_decref(plans[i].form);
			json_decref(plans[i].bundle.form);
		}
		done += n;
		rep->cases = done - rep->failed;
		progress(s, done);
	}
	clock_pin_ms(0);
	if (o->progress)
		fputc('\n', o->progress);
	rep->seconds = (double)(clock_mono_ns() - t0) / 1e9;
	for (int i = 0; i < s->nmatters; i++) {
		json_decref(s->matters[i].doc);
		json_decref(s->matters[i].clerk_files);
	}
	for (int i = 0; i < s->npeople; i++)
		json_decref(s->people[i].files);
	free(s->people);
	json_decref(s->slots);
	json_decref(s->slots_new);
	json_decref(s->topics);
	json_decref(s->bundles);
	free(plans);
	free(s);
	return rc;
}

int synth_demo(store_t *st, const char *files_dir)
{
	synth_opts_t o = {
	    .cases = SYNTH_DEMO_CASES, .seed = 1, .days = 90, .files_dir = files_dir, .cases_only = true};
	char first[40];
	snprintf(first, sizeof first, "syn%llx_0", (unsigned long long)(o.seed & 0xffff));
	if (account_username_taken(store_reader(st), first))
		return 0; /* seeded before */
	synth_report_t r;
	int rc = synth_run(st, &o, &r);
	if (rc == 0)
		log_info("seed: demo history: %lld synthetic cases over 90 days (%lld completed, %lld rated) "
			 "in %.1f s",
			 (long long)r.cases, (long long)r.completed, (long long)r.rated, r.seconds);
	return rc;
}

static bool parse_count(const char *v, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < lo || n > hi)
		return false;
	*out = n;
	return true;
}

/* Takes --synthetic N, --seed S and --days D out of argv (the shared option
 * table has no room for them); false after printing why one is wrong. */
bool synth_args(int *argc, char **argv, synth_opts_t *o)
{
	int k = 1;
	for (int i = 1; i < *argc; i++) {
		const char *names[] = {"--synthetic", "--seed", "--days"};
		int which = -1;
		const char *v = NULL;
		for (int j = 0; j < 3 && which < 0; j++) {
			size_t n = strlen(names[j]);
			if (!strcmp(argv[i], names[j]) && i + 1 < *argc)
				which = j, v = argv[++i];
			else if (!strncmp(argv[i], names[j], n) && argv[i][n] == '=')
				which = j, v = argv[i] + n + 1;
		}
		if (which < 0) {
			argv[k++] = argv[i];
			continue;
		}
		long n;
		long hi[] = {100000000L, 0x7fffffffL, 1096};
		if (!parse_count(v, which == 2 ? 1 : 0, hi[which], &n)) {
			fprintf(stderr, "onestop seed: %s: not a number in range\n", names[which]);
			return false;
		}
		if (which == 0)
			o->cases = n;
		else if (which == 1)
			o->seed = (uint64_t)n;
		else
			o->days = (int)n;
	}
	*argc = k;
	argv[k] = NULL;
	return true;
}

void synth_print(FILE *out, const synth_report_t *r)
{
	fprintf(
	    out,
	    "synthetic: %lld cases (%lld completed, %lld rated), %lld appointments booked and %lld "
	    "refused, %lld 12345 requests (%lld closed with a rating), %lld bundle cases (%lld "
	    "completed), %lld accounts, %lld refused filings, %lld failed steps, in %.1f s: %.0f cases/s\n",
	    (long long)r->cases, (long long)r->completed, (long long)r->rated, (long long)r->booked,
	    (long long)r->refused, (long long)r->complaints, (long long)r->complaints_closed,
	    (long long)r->bundles, (long long)r->bundles_completed, (long long)r->accounts,
	    (long long)(r->failed + r->complaints_failed + r->bundles_failed), (long long)r->steps_failed,
	    r->seconds, r->seconds > 0 ? (double)r->cases / r->seconds : 0.0);
}
