/* audit_read.c — the audit log as JSON for supervisors (see audit.h). Its readers oversee, they
 * handle no case: any ID number or phone in an entry's detail is shown masked (pii_view.h). The
 * hash is left whole: it is what a reader checks the chain with. */
#include "domain/core/audit.h"
#include "domain/core/audit_store.h"
#include "domain/core/pii_view.h"
#include "base/clock.h"

static void entry_json(const audit_entry_t *e, void *arr)
{
	char ts[32];
	clock_format_iso(e->at, ts);
	json_t *detail = json_loads(e->detail, 0, NULL);
	if (detail)
		pii_view_mask(detail);
	json_array_append_new(arr,
			      json_pack("{sI ss ss ss ss ss ss ss ss sI sI so ss}", "seq", (json_int_t)e->seq,
					"at", ts, "request_id", e->request_id, "actor", e->actor_id, "role",
					e->actor_role, "department", e->actor_dept, "action", e->action,
					"entity", e->entity, "entity_id", e->entity_id, "version_before",
					(json_int_t)e->version_before, "version_after",
					(json_int_t)e->version_after, "detail",
					detail ? detail : json_object(), "hash", e->hash));
}

json_t *audit_list(dbc_t *c, const char *entity, const char *entity_id, int64_t before_seq, int limit)
{
	json_t *arr = json_array();
	audit_store_page(c, entity, entity_id, before_seq, limit, entry_json, arr);
	return arr;
}
