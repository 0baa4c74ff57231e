/* cases.h — applications (办件): filing, reading, moving through the life
 * cycle (workflow.h), and the statutory clock.
 *
 * A case pins the matter version it was filed under, validates its form
 * against that version's schema (every error at once) and checks that every
 * required material is attached. Each transition checks the caller's role,
 * department and ownership and the version the caller read (If-Match),
 * records a timeline event, moves the task queue, keeps the clock, writes a
 * message to the applicant and an audit entry — all in one transaction. */
#ifndef ONESTOP_CASES_H
#define ONESTOP_CASES_H

#include <jansson.h>
#include <stdbool.h>
#include "domain/core/actor.h"
#include "domain/core/ids.h"
#include "domain/core/wf.h"
#include "domain/core/errcode.h"
#include "domain/core/ratelimit.h"
#include "base/date.h"
#include "base/errs.h"
#include "base/page.h"
#include "store/store.h"

#define CASE_ID_LEN 40          /* 32 hex characters and room to spare */
#define CASE_STATUS_LEN 16
#define CASE_NUMBER_LEN 40      /* 310101-20261123-000042 */

/* The few columns of a case that a minimal answer shows (case_minimal_json). */
typedef struct {
	char number[CASE_NUMBER_LEN], matter_code[MATTER_CODE_LEN], status[24];
	int64_t version, matter_version;
} case_head_t;

/* A new case as the API parsed it. Members the request lacked are NULL (their
 * errors are already in the errs_t passed along). JSON members are borrowed. */
typedef struct {
	const char *matter, *channel;
	json_t *form, *materials, *delivery, *applicant, *agent;
	bool submit;                 /* false: a draft */
	const char *idem_key;        /* may be NULL */
	const char *raw;             /* the request body as sent: a replay must match it */
	size_t raw_len;
	limit_hit_t *limited;        /* out, may be NULL: which limit refused (E_RATE_LIMITED) */
	bool bundled;                /* a bundle's sub-case: the bundle settled who applies and counts
				      * the application (no kind, binding or rate check of its own) */
	bool accept;                 /* at a window, the clerk checked the materials in person: the
				      * case is accepted as it is filed, in the same transaction */
	case_head_t *head;           /* out, may be NULL: the new case's head as its own transaction
				      * leaves it; number[0] stays NUL for a replay (read it then) */
} case_new_t;

/* Files a case. For window/assisted channels `by` is the clerk and `applicant`
 * names the person. On success *id_out holds the case id; *replayed is true
 * when an earlier request with the same key created it (a replay counts
 * nothing against the limit). E_IDEMPOTENCY_MISMATCH when the key was used
 * with another body; E_RATE_LIMITED when `by` has reached its case limit
 * (ratelimit.h): nothing is written. */
errcode_t case_create(store_t *st, const actor_t *by, const case_new_t *in, errs_t *errs,
		      char id_out[CASE_ID_LEN], bool *replayed);

/* case_create inside a write the caller runs (a bundle files its sub-cases in
 * its own transaction): the same checks and effects, on the writer's
 * connection. Idempotency is the caller's (in->idem_key is ignored). */
errcode_t case_create_within(dbc_t *c, const actor_t *by, const case_new_t *in, errs_t *errs,
			     char id_out[CASE_ID_LEN]);

/* A draft's new form, materials or delivery (each may be NULL: unchanged). */
typedef struct {
	json_t *form, *materials, *delivery;
} case_draft_t;

/* Replaces what a draft holds (owner, If-Match). */
errcode_t case_update_draft(store_t *st, const actor_t *by, const char *id, int64_t if_version,
			    const case_draft_t *in, errs_t *errs);

/* The input of every case action; each action's descriptor (its `spec`)
 * names the members it takes. JSON members are borrowed from the request. */
typedef struct {
	const char *reason, *detail, *legal_basis, *apply_to, *opinion, *remedies, *kind, *method, *carrier,
		*tracking_number, *number, *title;
	long long days, expected_days;
	json_t *items, *form, *materials, *fields;
} case_input_t;

/* The descriptor of a case action (its input spec, check and effects); NULL when there is none. */
const wf_action_t *case_action(const char *name);

/* Applies an action whose input the caller parsed with the descriptor's
 * spec. On E_STATE, *allowed receives the caller's allowed actions. */
errcode_t case_act(store_t *st, const actor_t *by, const char *id, const wf_action_t *action,
		   int64_t if_version, const case_input_t *in, errs_t *errs, json_t **allowed);

/* case_act inside a write the caller runs (a bundle moving its sub-cases on
 * from a case hook). `fill` (may be NULL) is merged into a draft's form
 * first (a bundle's mapped outputs); `bundled` waives the applicant's kind
 * and binding checks at submission as case_new_t.bundled does. */
errcode_t case_act_within(dbc_t *c, const actor_t *by, const char *id, const wf_action_t *action,
			  const case_input_t *in, const json_t *fill, bool bundled, errs_t *errs);

/* Files the case for another account (an enterprise its bundle's registration
 * created; the applicant acts for it): what the case issues is held by that
 * account, and its certificates serve the case's materials before the
 * applicant's own. Inside the caller's write. 0 or -1. */
int case_set_principal_within(dbc_t *c, const char *id, const char *principal_id);

/* What a bundle needs of one of its sub-cases (case_brief.c): where it
 * stands, the correction it waits for, its days, and what its materials
 * came from. */
typedef struct {
	char status[24], department[32], region[16], submitted_day[16], finished_day[16];
	json_t *correction; /* {items, requested_at, round} while in correction; NULL otherwise */
	json_t *files;      /* the ids of the uploaded files its materials hold (every page), an array */
	int certificates;   /* materials taken from certificates instead of an upload (免提交) */
} case_brief_t;
/* False when the case is absent. case_brief_release frees what it holds. */
bool case_brief(dbc_t *c, const char *id, case_brief_t *out);
void case_brief_release(case_brief_t *b);

/* Owner and department of a case, for the access check; false when absent.
 * A draft is its owner's alone: for anyone else it does not exist yet. */
bool case_owner_dept(dbc_t *c, const char *id, const char *viewer, char owner[ACCOUNT_ID_LEN],
		     char dept[DEPT_CODE_LEN]);

/* The case as the API shows it to `viewer` (allowed actions are the viewer's). */
json_t *case_json(dbc_t *c, const char *id, const actor_t *viewer);
/* The case in the fewest words, for the one who just filed it (Prefer: return=minimal):
 * {id, number, version, matter: {code, version}, status, status_label}. NULL when absent. */
json_t *case_minimal_json(dbc_t *c, const char *id);
/* The same from a head already read (case_new_t.head); `c` reads the matter's words. */
json_t *case_minimal_of(dbc_t *c, const char *id, const case_head_t *h);

/* The materials a case took from its applicant's certificates (免提交,
 * case_certs.c): a new array of {key, certificate (id), auto, view}, where
 * view is the certificate as it was when attached (case_hooks.h). */
json_t *case_certificates_of(dbc_t *c, const char *case_id);
/* Writes the values the platform filled into a case's form (数据共享: fields
 * whose source is registry:DATASET.FIELD), inside the step's transaction. 0 or -1. */
int case_form_fill(dbc_t *c, const char *case_id, const json_t *form);

/* 进度查询 (case_progress.c): the status and clock dates of the case `number`
 * when `proof` is its applicant's 身份证号, 统一社会信用代码 or phone; for
 * anyone, without logging in. Each call counts against `progress` for the
 * client address first (E_RATE_LIMITED, hit filled, over it). E_NOT_FOUND
 * alike for an unknown number, a draft, and a proof that does not match. */
errcode_t case_progress(store_t *st, const actor_t *by, const char *client_addr, const char *number,
			const char *proof, limit_hit_t *hit, json_t **out);

/* 双公示 (case_public.c): the licensing decisions of [from, to] (YYYY-MM-DD,
 * at most 366 days), newest first, without personal identifiers. */
typedef struct {
	const char *from, *to, *department, *cursor;
	int limit; /* 1..100, default 50 */
} case_public_query_t;
errcode_t case_public_decisions(dbc_t *c, const case_public_query_t *q, json_t **out, errs_t *e);

/* What a list of cases is narrowed to (办件查询); every member may be NULL. */
typedef struct {
	const char *status;
	const char *number;     /* a case number or its beginning: digits and hyphens */
	const char *applicant;  /* part of the applicant's name */
	const char *matter;     /* a matter code */
	const char *department; /* supervisors and admins: any; staff: their own */
	const char *from, *to;  /* submission days, YYYY-MM-DD (China time), both ends included */
} case_search_t;

/* The caller's cases (applicant: own; staff: department's; supervisor/admin: all), narrowed by `q`. */
errcode_t case_list(dbc_t *c, const actor_t *viewer, const case_search_t *q, int limit,
		    const page_cursor_t *cursor, json_t **out, errs_t *errs);

/* Background jobs: deemed acceptance after 5 working days without an intake
 * decision; SLA colours and supervision orders for overdue cases. Return the
 * number of cases handled, < 0 on error. */
int case_job_deemed_acceptance(store_t *st);
int case_job_sla(store_t *st);
/* Background job: removes drafts unchanged for longer than their retention
 * (domain/core/retention.h), with their materials' links and timeline. */
int case_job_purge_drafts(store_t *st);

/* True when the applicant has a case in progress: submitted and not yet in a
 * final state of the case machine (completed, refused, withdrawn). */
bool case_applicant_in_progress(dbc_t *c, const char *applicant_id);
/* Inside a write: removes the applicant's drafts (all of them; an erasure).
 * How many, < 0 on error. */
int64_t case_drafts_erase(dbc_t *c, const char *applicant_id);

#endif
