/* rating.h — 好差评: the applicant of a finished case rates it once, from 1
 * (非常不满意) to 5 (非常满意), with tags from the set of its channel (online
 * or in person) and a comment, and may name the window or the staff member
 * who served them. A walk-in at the window may rate with a short code the
 * clerk hands over, without logging in.
 *
 * What may be rated is a subject (rating_subjects): a case becomes one in the
 * transaction that completes it (rating_case_hook, in registry.c's case hooks),
 * and from then on the ratings need nothing of the case. Unrated three days
 * after completion, the applicant finds an invitation in the outbox
 * (rating_job_invite). A complaint's callback records its satisfaction answer
 * with rating_record, the same function every other path ends in.
 *
 * Who rated is shown to the rater and kept in the audit log; a rating naming
 * a staff member is shown to supervisors and the department head (the case's
 * reading rules), never to the one named. */
#ifndef ONESTOP_RATING_H
#define ONESTOP_RATING_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "domain/cases/case_hooks.h"
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "domain/core/ids.h"
#include "domain/core/ratelimit.h"
#include "base/errs.h"
#include "store/store.h"

#define RATING_CODE_DIGITS 8
#define RATING_CODE_TTL_MS (7LL * 24 * 3600 * 1000)     /* a walk-in code lives a week */
#define RATING_INVITE_AFTER_MS (3LL * 24 * 3600 * 1000) /* 3 days after completion */
#define RATING_COMMENT_MAX 500
#define RATING_WINDOW_MAX 32

/* A rating as the caller gave it (borrowed). */
typedef struct {
	long long level;     /* 1..5 */
	json_t *tags;        /* array of tag codes (rating_tags), may be NULL */
	const char *comment; /* may be NULL */
	const char *staff;   /* account id of the staff member named, may be NULL */
	const char *window;  /* the window named ("3号窗口"), may be NULL */
} rating_input_t;

/* The levels' names: 5 非常满意 … 1 非常不满意; NULL outside 1..5. */
const char *rating_level_zh(long long level);
const char *rating_level_en(long long level);
/* The channel a case's channel rates under: "online" (online, mobile) or "in_person". */
const char *rating_channel_of(const char *case_channel);
/* The tags offered for a rating channel: a new array of {code, zh, en}. */
json_t *rating_tags(const char *channel);

/* The case hook: a case that reaches "completed" becomes a rating subject. */
int rating_case_hook(const case_change_t *ch);
/* The case hook after the bundles' (registry.c's CASE_HOOKS): a sub-case
 * whose change ended its bundle case — completed, or partially completed —
 * makes the bundle case a rating subject (kind "bundle") of its applicant,
 * counted under the department of its first step. */
int rating_bundle_hook(const case_change_t *ch);

/* The callback that closes a 12345 request (complaint_act.c), inside its
 * write: the request becomes a rating subject (kind "complaint") and the
 * caller's satisfaction answer is its rating — one record, round 1, via
 * "callback" — so statistics count it and a 1 or 2 opens a rectification for
 * the handling body. channel: the request's (web, mobile, hotline). 0,
 * E_CONFLICT (rated already), < 0 on a database error. */
typedef struct {
	const char *complaint_id, *number, *caller_id, *body, *district, *channel, *comment;
	long long level;
	int64_t now;
} rating_callback_t;
int rating_complaint_callback(dbc_t *c, const rating_callback_t *cb);

/* The owner rates their finished bundle case (or re-rates it once after its
 * rectification is fixed): as rating_rate_case, the field named "bundle". */
errcode_t rating_rate_bundle(store_t *st, const actor_t *by, const char *bundle_case_id,
			     const rating_input_t *in, errs_t *e);
/* rating_rate_bundle's first rating inside a write the caller runs (the synthetic seeder). */
errcode_t rating_rate_bundle_within(dbc_t *c, const actor_t *by, const char *bundle_case_id,
				    const rating_input_t *in, errs_t *e);
/* The bundle case's rating as rating_case_json shows a case's, with "bundle"
 * for "case". E_NOT_FOUND (no such bundle case, or an applicant's not their
 * own), E_FORBIDDEN (staff other than supervisors and the head of its
 * department) leave *out NULL. */
errcode_t rating_bundle_json(dbc_t *c, const char *bundle_case_id, const actor_t *viewer, json_t **out);

/* The owner rates their completed case, or re-rates it once after its
 * rectification is fixed. E_NOT_FOUND (not theirs or no such case), E_STATE
 * (not completed), E_CONFLICT (rated already, and no fixed rectification
 * or re-rated already), E_VALIDATION;
 * each with the field named in e. Nothing is written unless E_OK. */
errcode_t rating_rate_case(store_t *st, const actor_t *by, const char *case_id, const rating_input_t *in,
			   errs_t *e);

/* rating_rate_case's first rating inside a write the caller runs (seeding a
 * synthetic past rates thousands of cases in one transaction): the same
 * checks and records, on the writer's connection. */
errcode_t rating_rate_case_within(dbc_t *c, const actor_t *by, const char *case_id, const rating_input_t *in,
				  errs_t *e);

/* A window clerk of the case's department makes a walk-in code for a
 * completed, unrated case; an earlier unused code of the case stops working.
 * code receives the digits, *expires_at when it lapses. */
errcode_t rating_code_create(store_t *st, const actor_t *by, const char *case_id,
			     char code[RATING_CODE_DIGITS + 1], int64_t *expires_at, errs_t *e);
/* Someone not logged in rates with a code (counted per client address:
 * E_RATE_LIMITED with hit filled). A wrong, used or expired code is
 * E_VALIDATION on "code". *case_id_out (may be NULL) gets the case rated. */
errcode_t rating_by_code(store_t *st, const char *addr, const char *code, const rating_input_t *in, errs_t *e,
			 limit_hit_t *hit);

/* What every path records, inside a writer: one rating of a subject, and
 * for a first rating of 1 or 2 the rectification it opens (rectification.h).
 * For a complaint's callback: kind "complaint", the complaint's id and
 * number (label), its department, channel, the caller as rater and via
 * "callback". Returns 0,
 * E_CONFLICT when the subject has its rating for this round, < 0 on a
 * database error. id_out (may be NULL) receives the rating's id. */
typedef struct {
	const char *kind, *subject_id, *label, *rater_id, *department, *matter_code, *region, *channel, *via;
	const char *stats_channel; /* the channel statistics count it under (the case's: online, window …) */
	int round;                 /* 1, or 2 for the re-rating after a rectification */
	const rating_input_t *in;
	int64_t now;
} rating_record_t;
int rating_record(dbc_t *c, const rating_record_t *r, char id_out[ENTITY_ID_LEN]);

/* The rating of a case as its owner, a supervisor or the department head
 * reads it: {case, may_rate, tags_offered, rating: null | {...}}. NULL when
 * the case is no rating subject and has no rating (the case's own rules
 * decide who may ask). */
json_t *rating_case_json(dbc_t *c, const char *case_id, const actor_t *viewer);

/* Background job: invitations to rate, for subjects unrated 3 days after completion. */
int rating_job_invite(store_t *st);

#endif
