/* inspection_store.h — all of the inspections' SQL (registers, plans,
 * assignments, findings). Functions taking a dbc_t run on whatever connection
 * they are given: the writer's inside store_write, a reader otherwise. */
#ifndef ONESTOP_INSPECTION_STORE_H
#define ONESTOP_INSPECTION_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "domain/inspections/inspection.h"
#include "store/store.h"

#define INSP_ID_LEN 33
#define INSP_HEX_LEN 65

typedef struct {
	char id[INSP_ID_LEN];
	char title[256];
	char title_en[256]; /* "" when none was given */
	char state[16];
	int64_t version;
	json_t *items, *filter, *rules;      /* owned */
	json_t *record, *pseudonyms, *drawn; /* owned; NULL before commit / draw */
	char period_start[16], period_end[16];
	char seed[INSP_HEX_LEN], seed_sha256[INSP_HEX_LEN], registers_sha256[INSP_HEX_LEN];
	char public_value[256];
	char created_by[40];
	int64_t created_at, published_at;
} insp_plan_t;

void insp_plan_release(insp_plan_t *p);

/* Registers. Upserts return DB_DONE on success. */
int insp_store_item_put(dbc_t *c, const insp_item_t *it, int64_t now);
/* Every item, [{code, department, title, legal_basis, title_en, legal_basis_en}] by department and
 * code (a new array). */
json_t *insp_store_items_all(dbc_t *c);
/* {code: department} for the given item codes that exist (a new object). */
json_t *insp_store_item_departments(dbc_t *c, const json_t *codes);
/* The items of a plan, [{code, department, title, legal_basis, title_en, legal_basis_en}] (a new
 * array). */
json_t *insp_store_items_of(dbc_t *c, const json_t *codes);
int insp_store_profile_put(dbc_t *c, const char *account, const json_t *profile, int64_t now);
int insp_store_inspector_put(dbc_t *c, const char *account, const char *dept, const json_t *qualifications,
			     const char *street, const json_t *relations, const json_t *employers,
			     int64_t now);
/* The target register: [{account, industry, district, street, risk}] of active enterprise accounts,
 * sorted by account id. */
json_t *insp_store_targets(dbc_t *c);
/* The target register as the supervisors read it: [{account, name, credit_code, industry,
 * district, street, risk, complaints, findings}] of active enterprises with a profile —
 * complaints: 12345 complaints and reports naming the firm (by credit code, or by its name when
 * no code was given and no other enterprise bears that name)
 * filed since `since` (UTC ms); findings: its non-compliant findings of past inspections —
 * most complained about first (a new array). */
json_t *insp_store_register(dbc_t *c, int64_t since);
/* The inspector register: [{account, department, street, relations, employers}] of active staff. */
json_t *insp_store_inspectors(dbc_t *c);

/* Plans. get: DB_ROW (p filled; release it), DB_DONE when unknown, DB_ERR. */
int insp_store_plan_get(dbc_t *c, const char *id, insp_plan_t *p);
int insp_store_plan_insert(dbc_t *c, const insp_plan_t *p, int64_t now);
/* Saves state and draw columns when the row still has p->version - 1 (p->version is the new one);
 * DB_DONE, or DB_CONSTRAINT when another change came first. */
int insp_store_plan_save(dbc_t *c, const insp_plan_t *p, int64_t now);
/* Ids of a page of all plans, the newest first (created, then id), below the cursor's (page.h; a
 * new array). */
json_t *insp_store_plan_ids(dbc_t *c, const page_cursor_t *cur, page_t *page);
/* Ids of a page of the published plans, the latest published first, below the cursor's. */
json_t *insp_store_published(dbc_t *c, const page_cursor_t *cur, page_t *page);

int insp_store_assign(dbc_t *c, const char *plan, const char *target, const char *inspector);
bool insp_store_assigned(dbc_t *c, const char *plan, const char *target, const char *inspector);
int insp_store_finding_insert(dbc_t *c, const char *id, const char *plan, const char *target,
			      const char *item, const char *inspector, const char *result, const char *note,
			      const char *deadline, int64_t now);
/* [{target_account, item, result, correction_deadline, note, inspector, recorded_at}] (a new array). */
json_t *insp_store_findings(dbc_t *c, const char *plan);

/* The id of an account by its username (a lookup for the demo seed); false when none. */
bool insp_store_account_by_username(dbc_t *c, const char *username, char out[40]);

#endif
