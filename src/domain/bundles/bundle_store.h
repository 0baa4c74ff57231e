/* bundle_store.h — the SQL of bundles: the bundles table (one row per
 * bundle) and bundle_versions (one immutable document per version). Internal
 * to domain/bundles. Results follow store.h (DB_ROW, DB_DONE, DB_ERR). */
#ifndef ONESTOP_BUNDLE_STORE_H
#define ONESTOP_BUNDLE_STORE_H

#include <jansson.h>
#include <stdint.h>
#include "store/store.h"

typedef struct {
	int64_t current_version, version;
	char status[16];
} bundle_head_t;

int bundle_store_head(dbc_t *c, const char *code, bundle_head_t *out);
int bundle_store_insert(dbc_t *c, const char *code, const char *zh, const char *en, int64_t now);
int bundle_store_update(dbc_t *c, const char *code, const char *zh, const char *en, int64_t version,
			int64_t row_version, int64_t now);
int bundle_store_retire(dbc_t *c, const char *code, int64_t row_version, int64_t now);
int bundle_store_version_insert(dbc_t *c, const char *code, int64_t version, const char *doc, int64_t now,
				const char *by);
/* The document of a version (0: current), a new object; NULL when absent. */
json_t *bundle_store_doc(dbc_t *c, const char *code, int64_t version, int64_t *row_version, char status[16]);
/* Codes of the active bundles, in code order: a new array. */
json_t *bundle_store_codes(dbc_t *c);

/* ---- bundle cases and their steps ---- */

typedef struct {
	char id[40], bundle_code[40], applicant_id[40], status[24], credit_code[24];
	int64_t bundle_version, version;
} bundle_case_row_t;

typedef struct {
	int step;
	char matter_code[16], case_id[40], state[16];
	char reason[512]; /* why it was cancelled or is blocked; "" when none */
} bundle_step_row_t;

int bundle_store_case_insert(dbc_t *c, const char *id, const char *code, int64_t bundle_version,
			     const char *applicant, const char *idem_key, const char *req_hash, int64_t now);
/* The case an applicant's Idempotency-Key made: DB_ROW (id, hash filled) or DB_DONE. */
int bundle_store_case_by_key(dbc_t *c, const char *applicant, const char *key, char id[40], char hash[65]);
int bundle_store_case_load(dbc_t *c, const char *id, bundle_case_row_t *out);
int bundle_store_case_set(dbc_t *c, const char *id, const char *status, const char *credit_code, int64_t now);
int bundle_store_step_insert(dbc_t *c, const char *bcase, int step, const char *matter, const char *case_id,
			     const char *state);
/* The step a case is: DB_ROW (bundle case id and step filled) or DB_DONE. */
int bundle_store_step_of_case(dbc_t *c, const char *case_id, char bcase[40], bundle_step_row_t *out);
/* Every step of a bundle case, in order; returns how many (at most cap), < 0 on error. */
int bundle_store_steps(dbc_t *c, const char *bcase, bundle_step_row_t *out, int cap);
int bundle_store_step_set(dbc_t *c, const char *bcase, int step, const char *state, const char *reason);
/* A case's status and department (a lookup in the cases table). */
int bundle_store_case_status(dbc_t *c, const char *case_id, char status[24], char dept[32]);
#endif
