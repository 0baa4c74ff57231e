/* message_store.h — the SQL of the outbox (internal to domain/core). */
#ifndef ONESTOP_MESSAGE_STORE_H
#define ONESTOP_MESSAGE_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "store/store.h"

/* One stored message; strings borrowed, valid during the row callback. */
typedef struct {
	int64_t id;
	const char *kind, *title_zh, *title_en, *body_zh, *body_en;
	const char *entity, *entity_id;   /* NULL when the message is about nothing in particular */
	int64_t created_at;
	bool read;
} message_row_t;

int message_store_insert(dbc_t *c, const char *account_id, const char *kind, const char *title_zh,
			 const char *title_en, const char *body_zh, const char *body_en, const char *entity,
			 const char *entity_id, int64_t now_ms);
void message_store_each(dbc_t *c, const char *account_id, int64_t before_id, int limit,
			void (*fn)(const message_row_t *m, void *ctx), void *ctx);

#endif
