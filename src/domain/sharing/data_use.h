/* data_use.h — the data-use log (数据使用记录, issue 11 item 8): every use
 * of data the platform holds about a person or an enterprise, recorded in
 * the transaction of the use and readable by its subject alone
 * (GET /api/v1/me/data-use). Today's uses are certificates taken into a
 * case instead of an upload (免提交): the log says who filed, for which
 * department, in which case, which certificate, for which purpose (the
 * matter) and which of its fields. Staff reading a case they handle is the
 * audit log's business, not this log's. */
#ifndef ONESTOP_DATA_USE_H
#define ONESTOP_DATA_USE_H

#include <jansson.h>
#include "domain/cases/case_hooks.h"
#include "store/store.h"

/* The case hook (registry.c's CASE_HOOKS): when a case is first submitted
 * (filed, or its draft submitted), one record per certificate it took. */
int data_use_case_hook(const case_change_t *ch);

/* The subject's records, newest first (at most 200): {"items": [...]}. New. */
json_t *data_use_of_subject(dbc_t *c, const char *account);

#endif
