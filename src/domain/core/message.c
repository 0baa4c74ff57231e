/* message.c — writing to the outbox (see message.h); the time is the
 * platform clock's, so tests that move the clock see it. */
#include "domain/core/message.h"
#include "domain/core/message_store.h"
#include "base/clock.h"

int message_add(dbc_t *c, const char *account_id, const char *kind, const char *title_zh,
		const char *title_en, const char *body_zh, const char *body_en, const char *entity,
		const char *entity_id)
{
	return message_store_insert(c, account_id, kind, title_zh, title_en, body_zh, body_en, entity,
				    entity_id, clock_now_ms());
}
