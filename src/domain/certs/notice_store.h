/* notice_store.h — every statement on notices (notice_store.c). Internal to
 * domain/certs/. Strings given to a callback are valid only during the call. */
#ifndef ONESTOP_NOTICE_STORE_H
#define ONESTOP_NOTICE_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "store/store.h"

typedef struct {
	const char *id, *case_id, *kind, *department, *applicant_account, *document /* sealed */, *key_id;
	int64_t issued_at;
} notice_row_t;

int notice_store_insert(dbc_t *c, const notice_row_t *r);
/* One notice by its opaque id; false when unknown. */
bool notice_store_get(dbc_t *c, const char *id, void (*fn)(const notice_row_t *r, void *ctx), void *ctx);
/* The notices of a case, oldest first; of one step (handle_now), intake first. */
void notice_store_of_case(dbc_t *c, const char *case_id, void (*fn)(const notice_row_t *r, void *ctx),
			  void *ctx);

#endif
