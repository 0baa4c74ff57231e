/* message.c — writing to the outbox (see message.h); the time is the
 * platform clock's, so tests that move the clock see it. */
#include "domain/core/message.h"
#include "domain/core/message_store.h"
#include "domain/core/retention.h"
#include "base/clock.h"

int message_add(dbc_t *c, const char *account_id, const char *kind, const char *title_zh,
		const char *title_en, const char *body_zh, const char *body_en, const char *entity,
		const char *entity_id)
{
	return message_store_insert(c, account_id, kind, title_zh, title_en, body_zh, body_en, entity,
				    entity_id, clock_now_ms());
}

int message_add_on(dbc_t *c, const char *channel, const char *account_id, const char *kind,
		   const char *title_zh, const char *title_en, const char *body_zh, const char *body_en)
{
	return message_store_insert_on(c, channel, account_id, kind, title_zh, title_en, body_zh, body_en,
				       clock_now_ms());
}

int message_add_to(dbc_t *c, const char *channel, const char *to, const char *account_id, const char *kind,
		   const char *title_zh, const char *title_en, const char *body_zh, const char *body_en)
{
	return message_store_insert_to(c, channel, to, account_id, kind, title_zh, title_en, body_zh, body_en,
				       clock_now_ms());
}

int message_erase_kind(dbc_t *c, const char *account_id, const char *kind)
{
	return message_store_erase_kind(c, account_id, kind);
}

int64_t message_purge_kind(dbc_t *c, const char *kind, int64_t before_ms)
{
	return message_store_purge_kind(c, kind, before_ms);
}

int message_erase_account(dbc_t *c, const char *account_id)
{
	return message_store_erase_account(c, account_id);
}

/* Where the last run stopped. Only the job touches it, one run at a time (its lock), on the
 * writer's thread; each node keeps its own and starts from the oldest. */
static message_purge_at_t purge_at;

static int purge_write(dbc_t *c, void *arg)
{
	int64_t n = message_store_purge_seen(c, clock_now_ms() - retention_ms(RETAIN_MESSAGES), &purge_at);
	if (n < 0)
		return -1;
	*(int64_t *)arg = n;
	return 0;
}

int message_job_purge(store_t *st)
{
	int64_t n = 0;
	return store_write(st, purge_write, &n) == 0 ? (int)n : -1;
}

struct read_ctx {
	const char *account_id;
	int64_t up_to;
};

static int read_write(dbc_t *c, void *arg)
{
	struct read_ctx *x = arg;
	return message_store_mark_read(c, x->account_id, x->up_to, clock_now_ms());
}

errcode_t message_mark_read(store_t *st, const char *account_id, int64_t up_to)
{
	struct read_ctx x = {.account_id = account_id, .up_to = up_to};
	return store_write(st, read_write, &x) == 0 ? E_OK : E_INTERNAL;
}

int64_t message_unread(dbc_t *c, const char *account_id)
{
	int64_t n = message_store_unread(c, account_id);
	return n < 0 ? 0 : n;
}
