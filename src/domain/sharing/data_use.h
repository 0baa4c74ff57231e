/* data_use.h — the data-use log (数据使用记录, issue 11 item 8): every use
 * of data the platform holds about a person or an enterprise, recorded in
 * the transaction of the use and readable by its subject alone
 * (GET /api/v1/me/data-use). The uses are certificates taken into a case
 * instead of an upload (免提交) and reads of a dataset's record about the
 * subject under a grant (数据共享, dataset.h), done or refused: the log says
 * who, for which department, in which case, which certificate or dataset,
 * for which purpose (the matter) and which fields. Staff reading a case they
 * handle is the audit log's business, not this log's. A subject may object
 * to a use once; the objection goes to every supervisor (outbox), who list
 * them. */
#ifndef ONESTOP_DATA_USE_H
#define ONESTOP_DATA_USE_H

#include <jansson.h>
#include "base/errs.h"
#include "base/page.h"
#include "domain/cases/case_hooks.h"
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "store/store.h"

#define DATA_USE_ID_LEN 33
#define DATA_USE_OBJECTION_MIN 5
#define DATA_USE_OBJECTION_MAX 1000

/* The case hook (registry.c's CASE_HOOKS): when a case is first submitted
 * (filed, or its draft submitted), one record per certificate it took. */
int data_use_case_hook(const case_change_t *ch);

/* A page of the subject's records, newest first, below the cursor:
 * {"items": [...], "next_cursor": "..."|null}. New; NULL on a store error. */
json_t *data_use_of_subject(dbc_t *c, const char *account, int limit, const page_cursor_t *after);

/* A read of a dataset record about a subject, done or refused (dataset.c). */
typedef struct {
	const actor_t *by;
	const char *actor_role; /* platform (filled at submission) | self | window_clerk | staff */
	const char *subject, *department, *case_id, *case_number, *dataset, *purpose;
	const json_t *purpose_name, *fields;
	const char *outcome, *refusal; /* read | refused | not_found; why refused, else NULL */
	int64_t now;
} data_use_read_t;
/* Records it inside the caller's write; its id into id. 0 or -1. */
int data_use_record_read(dbc_t *c, const data_use_read_t *u, char id[DATA_USE_ID_LEN]);

/* The subject's objection to one of their records, with a reason of 5-1000
 * characters: every supervisor gets a message. E_OK with *out the objection
 * (new); E_NOT_FOUND (unknown, or another's record); E_CONFLICT (objected
 * already); E_VALIDATION (errs); E_INTERNAL. */
errcode_t data_use_object(store_t *st, const actor_t *by, const char *use_id, const char *reason, errs_t *e,
			  json_t **out);
/* A page of the objections, newest first, below the cursor, each with its record and the
 * subject's name: {"items": [...], "next_cursor"}. New; NULL on error. */
json_t *data_use_objections(dbc_t *c, int limit, const page_cursor_t *after);

#endif
