/* synth_int.h — what synth.c, synth_complaints.c and synth_bundles.c share
 * (internal to the synthetic seeder; see synth.h). */
#ifndef ONESTOP_SYNTH_INT_H
#define ONESTOP_SYNTH_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "domain/synth.h"
#include "domain/cases/case.h"
#include "domain/core/actor.h"
#include "domain/core/ids.h"
#include "domain/identity/account.h"
#include "base/crypto.h"
#include "base/idcheck.h"

#define MIN_MS (60 * 1000LL)
#define HOUR_MS (60 * MIN_MS)
#define DAY_MS (24 * HOUR_MS)
#define MAX_MATTERS 64
#define MAX_DEPTS 64
#define MAX_STEPS 8
#define SYNTH_COMPLAINT_PERCENT 20 /* a 12345 request beside one case in five */
#define SYNTH_BUNDLE_PERCENT 2     /* a bundle beside one case in fifty */

typedef struct {
	uint64_t s;
} rng_t;

static inline uint64_t rnd(rng_t *r) /* splitmix64 */
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
static inline int between(rng_t *r, int lo, int hi) { return lo + (int)(rnd(r) % (uint64_t)(hi - lo + 1)); }
static inline bool chance(rng_t *r, int percent) { return (int)(rnd(r) % 100) < percent; }

typedef struct {
	char code[DEPT_CODE_LEN];
	actor_t clerk, reviewer, approver;
	bool has_clerk, has_reviewer, has_approver;
} dept_t;

typedef struct {
	char code[32];
	json_t *doc;
	dept_t *dept;
	bool immediate, has_result, electronic, window, enterprise;
	int promised;
	int failures;
	json_t *clerk_files; /* the materials the department's clerk holds for window filings */
} matter_t;

typedef struct {
	actor_t a;
	char id_number[ID_NUMBER_LEN], credit[CREDIT_CODE_LEN];
	json_t *files; /* matter code -> materials array */
} applicant_t;

typedef struct {
	store_t *st;
	const synth_opts_t *o;
	synth_report_t *rep;
	rng_t rng;
	int64_t now, from;
	dept_t depts[MAX_DEPTS];
	int ndepts;
	matter_t matters[MAX_MATTERS];
	int nmatters;
	applicant_t *people;
	int npeople;
	char hash[PW_HASH_LEN];
	json_t *slots;                                /* "dept day HH" -> slot id */
	json_t *slots_new;                            /* the keys of slots published in the batch in hand */
	rng_t arng;                                   /* the appointments' draws */
	char region_of[MAX_MATTERS][REGION_CODE_LEN]; /* each matter's department's region */
	bool warm;                                    /* the writer's page cache was grown */
	/* 12345 requests (synth_complaints.c): their own PRNG, so the cases' draws stay as they were */
	rng_t crng;
	json_t *topics; /* data/demo/complaint_history.json */
	actor_t op;     /* the hotline's operator */
	bool has_op;
	/* a write inside the batch failed for a reason other than a refusal (which changes nothing):
	 * the batch is rolled back and run again without that case, request or bundle */
	bool dirty;
	/* bundles (synth_bundles.c) */
	rng_t brng;
	json_t *bundles; /* the active bundles whose steps all handle free matters of known departments */
} synth_t;

/* Notes a domain call's result: anything but success or a refusal makes the batch dirty. */
static inline int synth_note(synth_t *s, int ec)
{
	if (ec < 0 || ec == E_INTERNAL)
		s->dirty = true;
	return ec;
}
/* The department's staff as the seeder knows them, or NULL. */
dept_t *synth_dept(synth_t *s, const char *code);
/* A moment `days` working days (plus some hours) after t, in office hours. */
int64_t synth_later(synth_t *s, rng_t *r, int64_t t, int days);
/* The materials array of a case of matter m filed by `by`: one upload per required material. */
json_t *synth_materials(synth_t *s, const actor_t *by, const matter_t *m);
/* A valid answer to a form schema ({"fields": [...]}) for `who`, drawn from r. */
json_t *synth_fields(rng_t *r, const json_t *schema, const applicant_t *who, const char *region);
/* One upload by `by` of material `key` of a matter: its file id, NULL on failure (outside a write). */
json_t *synth_upload(synth_t *s, const actor_t *by, const char *matter, const char *key);
/* A valid form for matter m filed by `who`. */
json_t *synth_form(synth_t *s, const matter_t *m, const applicant_t *who);
/* Runs a case's action at `at` (clock pinned); E_OK or why not (logged for the first few). */
int synth_case_step(synth_t *s, dbc_t *c, const actor_t *by, const char *id, const char *action, int64_t at,
		    case_input_t *in);

/* 12345 requests: set-up (0, or -1 without what they need: then none are made), and one request
 * planned from crng and taken through intake and the machine inside the batch's write. */
int synth_complaints_setup(synth_t *s);
void synth_complaint(synth_t *s, dbc_t *c, bool skip);
/* Bundles: set-up (0; -1 and none when no demo bundle fits); one bundle case planned before the
 * batch (its applicant's uploads made then: false when they fail), and applied for and its steps
 * moved on inside the batch's write. */
typedef struct {
	const json_t *doc; /* the bundle's served document (borrowed from synth_t.bundles) */
	applicant_t *who;
	int64_t at;
	json_t *form;      /* owned */
	json_t *materials; /* borrowed from who->files */
	bool skip;         /* it failed in this batch's first run */
} synth_bundle_t;
int synth_bundles_setup(synth_t *s);
bool synth_bundle_plan(synth_t *s, synth_bundle_t *b);
void synth_bundle(synth_t *s, dbc_t *c, synth_bundle_t *b);

#endif
