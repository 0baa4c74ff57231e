/* case_store.h — what the case modules share: the loaded row, timeline
 * events, tasks and numbering. Internal to domain/ (cases*.c, tasks.c). */
#ifndef ONESTOP_CASE_STORE_H
#define ONESTOP_CASE_STORE_H

#include <jansson.h>
#include "domain/core/actor.h"
#include "domain/catalog/form.h"
#include "domain/cases/case_flow.h"
#include "base/errs.h"
#include "base/date.h"
#include "store/store.h"

typedef struct {
	char id[40], number[40], matter_code[16], department[32], region[16], applicant_id[40], channel[16],
		created_by[40], status[16], prev_status[16];
	int64_t matter_version, version, created_at, submitted_at;
	json_t *agent, *form, *delivery, *correction, *decision, *result, *delivery_record, *suspension, *extension;
	bool immediate;
	int promised_days, paused_workdays, extension_days, correction_rounds;
	char submitted_day[DATE_STR_LEN], accepted_day[DATE_STR_LEN], paused_day[DATE_STR_LEN], due_day[DATE_STR_LEN],
		finished_day[DATE_STR_LEN], colour[8];
	bool provisional;
} case_row_t;

bool case_load(dbc_t *c, const char *id, case_row_t *row);
/* The case's files as {material key: file id}: a new object. */
json_t *case_files_of(dbc_t *c, const char *id);
/* Attaches (or replaces) the file of a material. Returns 0 or -1. */
int case_file_set(dbc_t *c, const char *id, const char *key, const char *file_id);
/* Whether a colleague other than `account` holds the case's claimed task. */
bool case_task_held_by_other(dbc_t *c, const char *case_id, const char *account);
void case_row_release(case_row_t *row);
/* Writes the mutable columns back, checking and bumping the version. Returns 0, or E_STALE, or -1. */
int case_save(dbc_t *c, case_row_t *row, int64_t expected_version);
int case_event(dbc_t *c, const case_row_t *row, const actor_t *a, const char *action, const char *from, const char *to,
	       json_t *note);
/* Closes open tasks of the case and opens the one its status calls for. */
int case_tasks_follow(dbc_t *c, const case_row_t *row, bool has_result);
/* Today in the platform's time zone. */
day_t today_day(void);
/* "YYYY-MM-DD" of today. */
void today_str(char out[DATE_STR_LEN]);
/* Whether the pinned matter version has a result document. */
bool matter_has_result(const json_t *matter);

/* Validation and facts shared by cases.c, case_actions.c and case_read.c. */
void case_form_opts(dbc_t *c, const char *prefix, form_opts_t *o);
bool case_check_file(dbc_t *c, const json_t *mdef, const char *file_id, const char *owner, const char *path, errs_t *e);
void case_require_materials(const json_t *matter, const json_t *have, errs_t *e);
bool case_facts(dbc_t *c, const case_row_t *r, const json_t *matter, case_facts_t *f);
json_t *case_allowed_actions(dbc_t *c, const case_row_t *r, const json_t *matter, const actor_t *viewer);
json_t *case_parse_materials(dbc_t *c, const json_t *matter, const json_t *arr, const char *owner, errs_t *e);
const json_t *case_material_def(const json_t *matter, const char *key);

#endif
