/* synth.h — `onestop seed --synthetic N`: a synthetic past for load and for
 * statistics with known answers.
 *
 * N cases over the year before now (or `days` days), and beside them about
 * one 12345 request for five cases and one bundle case for fifty, filed and
 * moved on by the same domain functions the API's writes run
 * (case_create_within, case_act_within, rating_rate_case_within,
 * appointment_book_within, slot_publish_within, complaint_create_within,
 * complaint_act_within, bundle_apply_within, rating_rate_bundle_within;
 * file_create for the uploads), each step at its own past moment: the clock
 * is pinned to it (clock_pin_ms) while the step runs, so timelines,
 * deadlines, counters and audit entries carry the time they stand for.
 * BATCH cases with their requests and bundles go in one transaction (one
 * durable commit); a refusal changes nothing and leaves the item where it
 * is, any other failure rolls the batch back and it runs again without that
 * item. The applicants are generated accounts (persons and enterprises)
 * sharing one precomputed password hash, each uploading its materials once.
 * A share of the cases and bundles is rated, every closed request by its
 * callback; a share of the in-person cases booked an appointment first,
 * some refused because the slot was full. Everything drawn comes from PRNGs
 * seeded with `seed` (one per kind, so adding one kind leaves the others'
 * draws alone): the same seed on the same database (the demo data) gives
 * the same past.
 *
 * Needs the demo data (matters, departments, staff; the hotline and the
 * bundles for requests and bundle cases): seed_demo first. */
#ifndef ONESTOP_SYNTH_H
#define ONESTOP_SYNTH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "store/store.h"

typedef struct {
	int64_t cases;         /* N */
	uint64_t seed;         /* the PRNG's seed */
	int days;              /* how far back the cases start (default 365) */
	const char *files_dir; /* where uploaded materials are kept (SQLite) */
	FILE *progress;        /* a terminal to draw a progress bar on, or NULL */
	bool cases_only;       /* no 12345 requests nor bundle cases (the demo history has its own) */
} synth_opts_t;

typedef struct {
	int64_t cases, completed, rated, booked, refused, accounts, failed, steps_failed;
	int64_t complaints, complaints_closed,
	    complaints_failed;                              /* 12345 requests; closed: rated at callback */
	int64_t bundles, bundles_completed, bundles_failed; /* bundle cases */
	double seconds;
} synth_report_t;

/* 0, or -1 after logging why. */
int synth_run(store_t *st, const synth_opts_t *o, synth_report_t *rep);

/* The demo's synthetic past (serve --demo-history): SYNTH_DEMO_CASES cases over
 * the last 90 days with seed 1, cases only (its 12345 requests are the curated
 * history's), unless its applicants exist already. 0 or -1. */
#define SYNTH_DEMO_CASES 300
int synth_demo(store_t *st, const char *files_dir);

/* Takes --synthetic N, --seed S and --days D out of argv (for `onestop seed`);
 * false after printing why one is wrong. */
bool synth_args(int *argc, char **argv, synth_opts_t *o);
/* One line: what was made, how long it took, cases per second. */
void synth_print(FILE *out, const synth_report_t *r);

#endif
