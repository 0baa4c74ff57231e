/* dataset_store.h — the statements on datasets, dataset_records and
 * dataset_grants (dataset_store.c). Internal to domain/sharing/. Strings
 * given to a callback are valid only during the call. */
#ifndef ONESTOP_DATASET_STORE_H
#define ONESTOP_DATASET_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "store/store.h"

typedef struct {
	const char *code, *department, *name_zh, *name_en, *subject, *fields /* JSON */;
	const char *department_zh, *department_en; /* read only */
} dataset_row_t;

/* 1 added, 0 already there, -1 error (the same for the two below). */
int dataset_store_add(dbc_t *c, const dataset_row_t *d, int64_t now);
int dataset_store_grant_add(dbc_t *c, const char *dataset, const char *matter, const char *fields,
			    const char *purpose_zh, const char *purpose_en, int64_t now);
int dataset_store_record_put(dbc_t *c, const char *dataset, const char *bidx, const char *sealed,
			     int64_t now);

bool dataset_store_get(dbc_t *c, const char *code, void (*fn)(const dataset_row_t *d, void *ctx), void *ctx);
void dataset_store_each(dbc_t *c, void (*fn)(const dataset_row_t *d, void *ctx), void *ctx);
/* The grant of a dataset to a matter: its fields (JSON) and purpose, through fn; false when none. */
bool dataset_store_grant(dbc_t *c, const char *dataset, const char *matter,
			 void (*fn)(const char *fields, const char *zh, const char *en, void *ctx),
			 void *ctx);
/* Every grant of a dataset, matter by matter. */
void dataset_store_grants_of(dbc_t *c, const char *dataset,
			     void (*fn)(const char *matter, const char *fields, const char *zh,
					const char *en, void *ctx),
			     void *ctx);
/* The sealed record about a subject (by blind index), through fn; false when none. */
bool dataset_store_record(dbc_t *c, const char *dataset, const char *bidx,
			  void (*fn)(const char *sealed, void *ctx), void *ctx);

#endif
