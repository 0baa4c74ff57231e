/* message_read.c — the inbox as JSON (see message.h). */
#include "domain/core/message.h"
#include "domain/core/message_store.h"
#include "base/clock.h"

static void message_row(const message_row_t *r, void *arr)
{
	char ts[32];
	clock_format_iso(r->created_at, ts);
	json_t *m = json_pack("{sI ss s{ss ss} s{ss ss} ss sb}", "id", (json_int_t)r->id, "kind", r->kind,
			      "title", "zh", r->title_zh, "en", r->title_en, "body", "zh", r->body_zh, "en",
			      r->body_en, "created_at", ts, "read", r->read);
	if (r->entity)
		json_object_set_new(m, "entity", json_pack("{ss ss}", "type", r->entity, "id", r->entity_id));
	json_array_append_new(arr, m);
}

json_t *message_list(dbc_t *c, const char *account_id, int64_t before_id, int limit)
{
	json_t *arr = json_array();
	message_store_each(c, account_id, before_id, limit, message_row, arr);
	return arr;
}
