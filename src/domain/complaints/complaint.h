/* complaint.h — 接诉即办: 12345 requests (complaints, enquiries, requests
 * for help, reports, suggestions), dispatched by the responsibility list to
 * one lead body (and co-handlers), signed for, answered within their time
 * class, called back, and closed or reopened. The life cycle is one machine
 * of the workflow engine (complaint_flow.c); what each action does is one
 * descriptor (complaint_act.c); the rules without a database are
 * complaint_rules.h.
 *
 * Who acts as what on a request (complaint_act.c, complaint_who):
 *   caller      the account that filed it (WF_OWNER)
 *   body        staff of the lead body (clerk, reviewer, approver, head);
 *               co-handlers' staff read it and do nothing else
 *   dispatcher  a dispatcher of a hotline centre (department kind 'hotline')
 *   operator    a hotline operator of such a centre
 *   system      background jobs
 * The caller's phone is sealed at rest; in answers it is whole to the
 * caller, and to the handling bodies unless the caller asked to stay
 * anonymous; masked to everyone else. */
#ifndef ONESTOP_COMPLAINT_H
#define ONESTOP_COMPLAINT_H

#include <jansson.h>
#include <stdbool.h>
#include "base/page.h"
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "domain/core/ratelimit.h"
#include "domain/core/wf.h"
#include "base/errs.h"
#include "store/store.h"

extern const wf_machine_t complaint_machine;

typedef struct {
	const char *kind, *category, *text, *channel, *phone, *district, *street, *address;
	const char *answer;    /* 直接答复: an enquiry the operator answers at once (closed) */
	bool anonymous;        /* stay anonymous to the handling body */
	const json_t *subject; /* 被投诉对象 {name, credit_code} or NULL */
	const json_t *attachments; /* file ids of the filer's uploads, or NULL */
	const char *idem_key;      /* Idempotency-Key (1–64 characters) or NULL */
	const char *raw;           /* the body as sent, for the key's request hash */
	size_t raw_len;
	bool *replayed;            /* out (may be NULL): the key had filed it before; nothing new */
	const char *client_addr; /* counted per address when nobody is logged in */
	limit_hit_t *limited;    /* filled when an abuse limit refuses it (E_RATE_LIMITED) */
	/* Run inside the intake's transaction once the request is saved and dispatched (NULL: none),
	 * for what another channel keeps beside it (the Open311 façade's row); its error rolls the
	 * intake back. It may run more than once (store_write's retry contract). */
	int (*also)(dbc_t *c, const char *id, const char *number, void *arg);
	void *also_arg;
	bool unlimited; /* not counted against the abuse limits (a generator's past: not traffic) */
} complaint_new_t;

/* An action's input (the descriptor's spec fills what it needs). */
typedef struct {
	const char *body, *reason, *legal_basis, *answer, *comment;
	const char *into; /* merge: the id of the request in hand this one duplicates */
	json_t *co_bodies;
	bool resolved, satisfied;
	long long level; /* callback: the satisfaction as a rating 1..5 (好差评); 0 when not given */
	const struct complaint_row *lead; /* follow (the system): the request whose reply it takes */
} complaint_input_t;

/* Whether the actor may file at all: anyone not logged in (with a phone), a
 * person or enterprise, a hotline operator of a hotline centre; no other staff. */
bool complaint_may_file(dbc_t *c, const actor_t *by);
/* Files a request; automatic dispatch by the responsibility list in the same
 * transaction (or closed at once with a direct answer). id_out: its id. */
errcode_t complaint_create(store_t *st, const actor_t *by, const complaint_new_t *in, errs_t *e,
			   char id_out[ENTITY_ID_LEN]);
/* complaint_create inside a write the caller runs (the synthetic seeder puts many in one
 * transaction), at clock_now_ms(): the same checks and effects; no idempotency key. */
errcode_t complaint_create_within(dbc_t *c, const actor_t *by, const complaint_new_t *in, errs_t *e,
				  char id_out[ENTITY_ID_LEN]);
const wf_action_t *complaint_action(const char *name);
/* Takes an action (If-Match: if_version). On E_STATE *allowed (may be NULL)
 * receives the actions open to the caller now. */
errcode_t complaint_act(store_t *st, const actor_t *by, const char *id, const wf_action_t *a,
			int64_t if_version, const complaint_input_t *in, errs_t *e, json_t **allowed);
/* complaint_act inside a write the caller runs, at clock_now_ms(), without If-Match: the same
 * checks, steps and follow-ups (the callback's close or reopen and its rating). */
errcode_t complaint_act_within(dbc_t *c, const actor_t *by, const char *id, const wf_action_t *a,
			       const complaint_input_t *in, errs_t *e);
/* For the route's scope check: the caller's account and the department the
 * viewer is measured against (the viewer's own when it is a hotline centre
 * or one of the request's bodies; the lead body otherwise). false: no such request. */
bool complaint_scope(dbc_t *c, const char *id, const actor_t *viewer, char owner[ACCOUNT_ID_LEN],
		     char dept[DEPT_CODE_LEN]);
/* The request as the viewer may see it (complaint_read.c); NULL when unknown. */
json_t *complaint_json(dbc_t *c, const char *id, const actor_t *viewer);
/* The caller's own (applicants), the hotline's (dispatchers, operators), a body's queue (its staff):
 * one page of limit (1 to COMPLAINT_LIST_MAX) newest first, below cur when it is set,
 * as {items, next_cursor}. */
#define COMPLAINT_LIST_DEFAULT 50
#define COMPLAINT_LIST_MAX 200
errcode_t complaint_list(dbc_t *c, const actor_t *viewer, const char *status, int limit,
			 const page_cursor_t *cur, json_t **out, errs_t *e);
/* 三率 per body over [from, to] (YYYY-MM-DD, at most 366 days; body NULL: all). */
errcode_t complaint_stats(dbc_t *c, const char *from, const char *to, const char *body, json_t **out,
			  errs_t *e);
/* The public face of requests (the Open311 façade, complaint_public.c): the number, kind,
 * category, status, place, handling body, times and the text — never the caller (account,
 * phone, anonymity), the subject or staff; the text and the address with ID numbers and phones
 * masked (pii_view_mask), and a report's (举报) text withheld, for the reporter's protection.
 * By number: NULL when unknown. */
json_t *complaint_public_json(dbc_t *c, const char *number);
/* The same for requests filed in [from, to) (UTC ms), newest first, at most limit; category
 * NULL: every one; closed -1: any, 1: in the final state, 0: not. A new array. */
json_t *complaint_public_list(dbc_t *c, int64_t from, int64_t to, const char *category, int closed,
			      int limit);
/* The number of the request with this opaque id, or false. */
bool complaint_number_of(dbc_t *c, const char *id, char *number, size_t len);
/* The places the hotline takes requests for: districts with a district government, each with
 * its streets: [{code, zh, en, streets: [{code, zh, en}]}]. */
json_t *complaint_places_json(dbc_t *c);
/* Hotspots (complaint_hotspots.c): requests per day × street × category in
 * [from, to] (YYYY-MM-DD, at most 92 days), optionally of one district and
 * category, each with its trailing mean and spike flag (factor: "1".."20",
 * NULL for the default). */
typedef struct {
	const char *from, *to, *district, *category, *factor;
} complaint_hotspot_query_t;
errcode_t complaint_hotspots(dbc_t *c, const complaint_hotspot_query_t *q, json_t **out, errs_t *e);
/* The categories as a tree with their time classes. */
json_t *complaint_categories_json(dbc_t *c);
/* The categories whose name, English name or parent's name holds q, compared as search compares
 * text (domain/core/textnorm.h: 繁體 finds 简体, case folded): {"q", "matches": [{code, zh, en,
 * parent_zh, parent_en, time_class}]} in the tree's order. */
json_t *complaint_categories_search(dbc_t *c, const char *q);
/* Job: requests not signed for within the hour go back to the dispatcher's attention (escalated). */
int complaint_job_sign_overdue(store_t *st);
/* Job: requests in hand past their reply deadline get a supervision order (督办), once. */
int complaint_job_reply_overdue(store_t *st);
/* Demo categories, responsibility list (data/demo/complaints.json). */
int complaint_seed_demo(store_t *st);
/* The demo's past (complaint_history.c, data/demo/complaint_history.json): a few hundred requests
 * over the weeks before now, taken through intake and the machine at past times. Nothing when any
 * request exists, or when the demo accounts are not in the database. 0 or -1. */
int complaint_seed_history(store_t *st);

#endif
