/* dataset.h — shared data (数据共享, issue 11 item 8, in the manner of
 * X-Road and Estonia's data tracker): the datasets departments hold about
 * people and enterprises (户籍信息 from 公安, 社保参保记录 from 人社, 纳税信用
 * 等级 from 税务 …) with their fields, and the grants saying which matter may
 * read which fields for which purpose.
 *
 * One function reads a record (dataset_read): about the case's applicant,
 * for the case's own matter as its purpose, and only the fields the matter's
 * grant names. Every read is a row of the data-use log its subject reads
 * (data_use.h), and so is every refusal — no grant for the matter, a field
 * outside the grant, a purpose that is not the case's matter — in the same
 * transaction. A form field whose source is registry:DATASET.FIELD is filled
 * by dataset_case_hook when the case is first submitted: the applicant has
 * then committed to the purpose and the case exists to name in the log, and a
 * draft left unsubmitted reads nothing about anyone. */
#ifndef ONESTOP_DATASET_H
#define ONESTOP_DATASET_H

#include <jansson.h>
#include "base/errs.h"
#include "domain/cases/case_hooks.h"
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "store/store.h"

/* The catalogue: every dataset with its department, subject kind, fields
 * and grants. {"items": [...]}. New. */
json_t *dataset_catalogue(dbc_t *c);
/* The demo's datasets, grants and records (data/demo/datasets.json), once. 0 or -1. */
int dataset_seed_demo(store_t *st);

/* The case hook: at the first submission, fills the form fields whose
 * source is registry:DATASET.FIELD (a refused read leaves the field as the
 * applicant left it and is recorded; the submission goes on). 0 or -1. */
int dataset_case_hook(const case_change_t *ch);

/* A read by the handling department's staff for a case: the fields of a
 * dataset's record about its applicant, for `purpose` (a matter code).
 * Recorded whether done or refused. E_OK with *out {values, data_use};
 * E_FORBIDDEN with *why the refusal (recorded: no_grant, field_not_granted,
 * other_purpose, unknown_dataset); E_NOT_FOUND (no such case);
 * E_VALIDATION (errs); E_INTERNAL. */
errcode_t dataset_read_for_case(store_t *st, const actor_t *by, const char *case_id, const char *dataset,
				const json_t *fields, const char *purpose, errs_t *e, json_t **out,
				const char **why);

#endif
