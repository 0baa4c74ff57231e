/* bundle_steps.c — a bundle case's steps, moved on by its sub-cases' changes
 * (the case hook of bundle_case.h): starting the steps that become ready,
 * with their mapped outputs; cancelling dependants of a failed step; the
 * bundle's end. Sub-cases are acted on inside the same transaction as the
 * change that moved them (case_act_within), as their applicant — the
 * applicant's signed application covers every step of the bundle. */
#include "domain/bundles/bundle_steps.h"
#include "domain/bundles/bundle.h"
#include "domain/bundles/bundle_case.h"
#include "domain/bundles/bundle_flow.h"
#include "domain/cases/case.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/idcheck.h"
#include <stdio.h>
#include <string.h>

static const char *str(const json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static int index_of(const json_t *doc, const char *matter)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(doc, "matters"), i,
			   v) if (!strcmp(json_string_value(v), matter)) return (int)i;
	return -1;
}

void bundle_graph(const json_t *doc, bundle_dag_t *g)
{
	memset(g, 0, sizeof *g);
	g->n = (int)json_array_size(json_object_get(doc, "matters"));
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(doc, "dependencies"), i, d) if (g->nedges < BUNDLE_MAX_EDGES)
	    g->e[g->nedges++] =
	    (bundle_edge_t){index_of(doc, str(d, "requires")), index_of(doc, str(d, "matter")),
			    !strcmp(str(d, "join"), "wait") ? JOIN_WAIT : JOIN_COMMITMENT};
}

/* GB 11714 organisation code check character of 8 characters (digits here). */
static char org_check(const char *s)
{
	static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 8; i++)
		sum += (s[i] - '0') * w[i];
	int c = 11 - sum % 11;
	return c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
}

void bundle_new_credit_code(const char *region, char out[19])
{
	char hex[17];
	rand_hex(hex, 8);
	char org[9];
	for (int i = 0; i < 8; i++)
		org[i] = (char)('0' + (hex[i * 2] % 10 + hex[i * 2 + 1]) % 10);
	org[8] = '\0';
	snprintf(out, 19, "91%.6s%.8s%c", region, org, org_check(org));
	out[17] = credit_code_check_char(out);
	out[18] = '\0';
}

static const char *const STATE_NAMES[] = {"pending", "running", "approved", "failed", "cancelled", "blocked"};

static bundle_step_t state_of(const char *s)
{
	for (int i = 0; i < 6; i++)
		if (!strcmp(STATE_NAMES[i], s))
			return (bundle_step_t)i;
	return STEP_PENDING;
}

/* The applicant as the actor of the bundle's own moves. */
static void applicant_actor(const bundle_case_row_t *b, const actor_t *cause, actor_t *a)
{
	actor_system(a, cause->request_id);
	snprintf(a->id, sizeof a->id, "%s", b->applicant_id);
}

static bool undecided(const char *status)
{
	static const char *const S[] = {"draft",    "submitted", "correction",
					"accepted", "in_review", "suspended"};
	for (size_t i = 0; i < sizeof S / sizeof S[0]; i++)
		if (!strcmp(S[i], status))
			return true;
	return false;
}

/* Withdraws a step's sub-case when it is still undecided. */
static int withdraw_case(dbc_t *c, const actor_t *as, const char *case_id, const char *reason)
{
	char status[24] = "", dept[32];
	if (bundle_store_case_status(c, case_id, status, dept) != DB_ROW)
		return -1;
	if (!undecided(status))
		return 0;
	case_input_t in = {.reason = reason};
	errs_t e = ERRS_INIT;
	errcode_t ec = case_act_within(c, as, case_id, case_action("withdraw"), &in, NULL, true, &e);
	errs_clear(&e);
	return ec == E_OK ? 0 : ec == E_INTERNAL ? -1 : (int)ec;
}

/* The bundle's end, once every step has one: the machine's `complete` or
 * `close` (bundle_flow.c), taken by the system. A withdrawn bundle stays
 * withdrawn while its decided steps finish. */
static int settle(dbc_t *c, const bundle_case_row_t *b, const bundle_dag_t *g, const bundle_step_t st[],
		  const char *credit, int64_t now)
{
	bundle_facts_t f = {bundle_dag_done(g, st), true};
	for (int i = 0; i < g->n; i++)
		f.all_approved &= st[i] == STEP_APPROVED;
	const char *to = b->status;
	const wf_row_t *row;
	for (const char *const *a = (const char *const[]){"complete", "close", NULL}; *a; a++)
		if (wf_find(&bundle_machine, b->status, *a, ROLE_SYSTEM, &f, &row) == WF_OK)
			to = wf_target(row, b->status, b->status);
	return bundle_store_case_set(c, b->id, to, credit, now) == DB_DONE ? 0 : -1;
}

/* Appends src to dst (of size n) when the whole of it fits: a message is kept whole or left out. */
static void append_whole(char *dst, size_t n, const char *src)
{
	size_t have = strlen(dst), more = strlen(src);
	if (have + more < n)
		memcpy(dst + have, src, more + 1);
}

/* Why a ready step's submission was refused, in both languages: each problem
 * with its field, as many as fit. */
static void blocked_reason(const errs_t *e, errcode_t ec, char out[512])
{
	char zh[256] = "提交未通过：", en[240] = "submission refused: ", one[200];
	/* a message too long for `one` is left out rather than cut inside a character */
	for (size_t i = 0; i < e->n; i++) {
		if (snprintf(one, sizeof one, "%s%s：%s", i ? "；" : "", e->v[i].field, e->v[i].zh) <
		    (int)sizeof one)
			append_whole(zh, sizeof zh, one);
		if (snprintf(one, sizeof one, "%s%s: %s", i ? "; " : "", e->v[i].field, e->v[i].en) <
		    (int)sizeof one)
			append_whole(en, sizeof en, one);
	}
	if (!e->n) {
		snprintf(one, sizeof one, "本事项当前不能提交（%d）", (int)ec);
		append_whole(zh, sizeof zh, one);
		snprintf(one, sizeof one, "the step cannot be submitted now (%d)", (int)ec);
		append_whole(en, sizeof en, one);
	}
	snprintf(out, 512, "%s / %s", zh, en);
}

/* The mapped outputs a step receives: {field: value}. */
static json_t *fill_of(const json_t *doc, const char *matter, const char *credit)
{
	json_t *f = json_object();
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(doc, "mappings"), i,
			   m) if (!strcmp(str(m, "to"), matter) && !strcmp(str(m, "output"), "credit_code") &&
				  credit[0]) json_object_set_new(f, str(m, "field"), json_string(credit));
	return f;
}

bool bundle_issues_credit_code(const json_t *doc, const char *matter)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(doc, "mappings"), i,
			   m) if (!strcmp(str(m, "from"), matter) &&
				  !strcmp(str(m, "output"), "credit_code")) return true;
	return false;
}

/* Submits a ready step's sub-case, its mapped outputs filled in. A refused
 * submission (its sub-case's own checks) blocks that step alone, with the
 * reason: the change that made it ready — a department's decision — stands.
 * *st: running or blocked. 0 or -1. */
static int start_step(dbc_t *c, const actor_t *as, const json_t *doc, const char *bid,
		      const bundle_step_row_t *row, const char *credit, bundle_step_t *st)
{
	*st = STEP_RUNNING;
	int rc = bundle_store_step_set(c, bid, row->step, "running", NULL) == DB_DONE ? 0 : -1;
	json_t *fill = fill_of(doc, row->matter_code, credit);
	case_input_t in = {0};
	errs_t e = ERRS_INIT;
	errcode_t ec = E_INTERNAL;
	if (!rc)
		ec = case_act_within(c, as, row->case_id, case_action("submit"), &in, fill, true, &e);
	if (ec == E_INTERNAL)
		rc = -1;
	else if (ec != E_OK) {
		char why[512];
		blocked_reason(&e, ec, why);
		*st = STEP_BLOCKED;
		rc = bundle_store_step_set(c, bid, row->step, "blocked", why) == DB_DONE ? 0 : -1;
	}
	errs_clear(&e);
	json_decref(fill);
	return rc;
}

int bundle_case_changed(const case_change_t *ch)
{
	dbc_t *c = ch->c;
	char bid[40];
	bundle_step_row_t me;
	int rc = bundle_store_step_of_case(c, ch->row->id, bid, &me);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 0 : -1;
	if (strcmp(me.state, "pending") != 0 && strcmp(me.state, "running") != 0 &&
	    strcmp(me.state, "blocked") != 0)
		return 0; /* decided already: the bundle's own cascade or withdrawal */
	if (!strcmp(ch->action, "approve"))
		return bundle_enterprise_founded(c, bid, &me, ch->row->form, ch->matter, ch->row->region,
						 ch->by, ch->now);
	bool approved = !strcmp(ch->to, "completed") && strcmp(ch->from, "denied") != 0;
	bool failed = !strcmp(ch->to, "denied") || !strcmp(ch->to, "refused") || !strcmp(ch->to, "withdrawn");
	if (!approved && !failed)
		return 0;
	bundle_case_row_t b;
	if (bundle_store_case_load(c, bid, &b) != DB_ROW)
		return -1;
	json_t *doc = bundle_get(c, b.bundle_code, b.bundle_version, NULL);
	if (!doc)
		return -1;
	bundle_dag_t g;
	bundle_graph(doc, &g);
	bundle_step_row_t rows[BUNDLE_MAX_MATTERS];
	bundle_step_t st[BUNDLE_MAX_MATTERS];
	int n = bundle_store_steps(c, bid, rows, BUNDLE_MAX_MATTERS);
	rc = n == g.n ? 0 : -1;
	for (int i = 0; i < n && !rc; i++)
		st[i] = state_of(rows[i].state);
	actor_t as;
	applicant_actor(&b, ch->by, &as);
	char credit[24];
	snprintf(credit, sizeof credit, "%s", b.credit_code);
	if (!rc && approved) {
		st[me.step] = STEP_APPROVED;
		rc = bundle_store_step_set(c, bid, me.step, "approved", NULL) == DB_DONE ? 0 : -1;
		if (!rc && !credit[0] && bundle_issues_credit_code(doc, me.matter_code))
			bundle_new_credit_code(ch->row->region, credit);
	} else if (!rc) {
		st[me.step] = STEP_FAILED;
		rc = bundle_store_step_set(c, bid, me.step, "failed", ch->to) == DB_DONE ? 0 : -1;
		int out[BUNDLE_MAX_MATTERS], k = rc ? 0 : bundle_dag_cascade(&g, st, me.step, out);
		char reason[160];
		snprintf(reason, sizeof reason,
			 "前序事项 %s 未获准予（%s），本事项随之撤回 / prerequisite %s was %s",
			 me.matter_code, ch->to, me.matter_code, ch->to);
		/* marked first: the withdrawals below come back through this hook */
		for (int i = 0; i < k && !rc; i++)
			rc = bundle_store_step_set(c, bid, out[i], "cancelled", reason) == DB_DONE ? 0 : -1;
		for (int i = 0; i < k && !rc; i++)
			rc = withdraw_case(c, &as, rows[out[i]].case_id, reason);
	}
	int ready[BUNDLE_MAX_MATTERS],
	    k = rc || strcmp(b.status, "in_progress") ? 0 : bundle_dag_ready(&g, st, ready);
	for (int i = 0; i < k && !rc; i++)
		rc = start_step(c, &as, doc, bid, &rows[ready[i]], credit, &st[ready[i]]);
	if (!rc)
		rc = settle(c, &b, &g, st, credit, ch->now);
	json_decref(doc);
	return rc;
}

int bundle_steps_retry(dbc_t *c, const actor_t *by, const bundle_case_row_t *b, int *started, int *blocked)
{
	*started = *blocked = 0;
	json_t *doc = bundle_get(c, b->bundle_code, b->bundle_version, NULL);
	bundle_step_row_t rows[BUNDLE_MAX_MATTERS];
	int n = doc ? bundle_store_steps(c, b->id, rows, BUNDLE_MAX_MATTERS) : -1, rc = n < 0 ? -1 : 0;
	actor_t as;
	applicant_actor(b, by, &as);
	for (int i = 0; i < n && !rc; i++) {
		if (strcmp(rows[i].state, "blocked") != 0)
			continue;
		bundle_step_t st;
		rc = start_step(c, &as, doc, b->id, &rows[i], b->credit_code, &st);
		*started += !rc && st == STEP_RUNNING;
		*blocked += !rc && st == STEP_BLOCKED;
	}
	json_decref(doc);
	return rc;
}

int bundle_steps_withdraw(dbc_t *c, const actor_t *by, const bundle_case_row_t *b, const char *reason)
{
	bundle_step_row_t rows[BUNDLE_MAX_MATTERS];
	int n = bundle_store_steps(c, b->id, rows, BUNDLE_MAX_MATTERS);
	if (n < 0)
		return -1;
	const char *why = reason && *reason ? reason : "申请人撤回一件事 / the applicant withdrew the bundle";
	for (int i = 0; i < n; i++) {
		if (strcmp(rows[i].state, "pending") != 0 && strcmp(rows[i].state, "running") != 0 &&
		    strcmp(rows[i].state, "blocked") != 0)
			continue;
		char status[24] = "", dept[32];
		if (bundle_store_case_status(c, rows[i].case_id, status, dept) != DB_ROW)
			return -1;
		if (!undecided(status))
			continue; /* decided: it finishes on its own */
		if (bundle_store_step_set(c, b->id, i, "cancelled", why) != DB_DONE)
			return -1;
		actor_t as = *by;
		int rc = withdraw_case(c, &as, rows[i].case_id, why);
		if (rc != 0)
			return rc;
	}
	return bundle_store_case_set(c, b->id, "withdrawn", b->credit_code, clock_now_ms()) == DB_DONE ? 0
												       : -1;
}
