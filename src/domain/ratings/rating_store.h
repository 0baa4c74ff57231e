/* rating_store.h — the SQL of ratings, subjects and walk-in codes (internal to domain/ratings). */
#ifndef ONESTOP_RATING_STORE_H
#define ONESTOP_RATING_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "domain/core/ids.h"
#include "base/crypto.h"
#include "store/store.h"

typedef struct {
	char kind[16], subject_id[ENTITY_ID_LEN], label[48], rater_id[ACCOUNT_ID_LEN],
	    department[DEPT_CODE_LEN], matter_code[MATTER_CODE_LEN], region[REGION_CODE_LEN], channel[16],
	    source_channel[16];
	int64_t completed_at, invite_due_at, invited_at, rated_at; /* 0 when NULL */
} rating_subject_t;

/* Inserts the subject unless it exists. 0 or -1. */
int rating_store_subject_add(dbc_t *c, const rating_subject_t *s);
/* false when absent. */
bool rating_store_subject(dbc_t *c, const char *kind, const char *subject_id, rating_subject_t *out);
/* Marks the subject rated (first rating). 0 or -1. */
int rating_store_subject_rated(dbc_t *c, const char *kind, const char *subject_id, int64_t now);

typedef struct {
	const char *id, *kind, *subject_id, *staff_id, *window_label, *via, *rater_id, *department,
	    *matter_code, *region, *channel, *comment;
	int round;
	long long level;
	const json_t *tags;
	int64_t created_at;
} rating_row_t;
/* 0, 1 when the subject has its rating of this round already, -1 on error. */
int rating_store_insert(dbc_t *c, const rating_row_t *r);
/* Calls fn for each rating of the subject, by round (strings live during the call). */
int rating_store_of_subject(dbc_t *c, const char *kind, const char *subject_id,
			    void (*fn)(const rating_row_t *r, void *ctx), void *ctx);
bool rating_store_exists(dbc_t *c, const char *kind, const char *subject_id);
bool rating_store_round_exists(dbc_t *c, const char *kind, const char *subject_id, int round);

/* Walk-in codes (only their hash is stored). */
int rating_store_code_replace(dbc_t *c, const char *hash, const char *kind, const char *subject_id,
			      const char *by, int64_t now, int64_t expires_at);
/* The live code's subject: false when unknown, used or expired at `now`. */
bool rating_store_code_find(dbc_t *c, const char *hash, int64_t now, char kind[16],
			    char subject_id[ENTITY_ID_LEN]);
int rating_store_code_use(dbc_t *c, const char *hash, int64_t now);

/* The bundle case a sub-case is a step of, as a subject would count it: its
 * id, status, applicant and bundle name, and the department, region and
 * channel of its first step's case. 1 found, 0 not a step, -1. */
typedef struct {
	char id[ENTITY_ID_LEN], status[24], applicant_id[ACCOUNT_ID_LEN], name[48], department[DEPT_CODE_LEN],
	    region[REGION_CODE_LEN], channel[16];
} rating_bundle_row_t;
int rating_store_bundle_of_case(dbc_t *c, const char *case_id, rating_bundle_row_t *out);
/* A bundle case's applicant, status and its first step's department: false when there is none. */
bool rating_store_bundle_owner(dbc_t *c, const char *id, char applicant[ACCOUNT_ID_LEN], char status[24],
			       char department[DEPT_CODE_LEN]);

/* Subjects whose invitation is due at `now` and not yet sent (at most max). */
int rating_store_due_invites(dbc_t *c, int64_t now, int max, rating_subject_t *out);
int rating_store_invited(dbc_t *c, const char *kind, const char *subject_id, int64_t now);

#endif
