/* audit.c — GET /api/v1/audit?entity=&id=&before= for supervisors and the
 * audit administrator (the route table restricts the roles), and the public
 * GET /api/v1/audit/head: the latest signed checkpoint. */
#include "api/api.h"
#include "domain/core/audit.h"
#include "domain/core/audit_checkpoint.h"
#include <stdlib.h>
#include <string.h>

void api_audit_list(req_t *r)
{
	const char *entity = req_query(r, "entity"), *id = req_query(r, "id"),
		   *before = req_query(r, "before");
	errs_t e = ERRS_INIT;
	long long b = 0;
	if (entity && (strlen(entity) == 0 || strlen(entity) > 32))
		errs_add(&e, "entity", "too_long", "实体类型应为 1 至 32 个字符", "entity must be 1 to 32 characters");
	if (id && (strlen(id) == 0 || strlen(id) > 64))
		errs_add(&e, "id", "too_long", "编号应为 1 至 64 个字符", "id must be 1 to 64 characters");
	if (id && !entity)
		errs_add(&e, "entity", "required", "按编号查询时须给出实体类型", "entity is required with id");
	if (before) {
		char *end;
		b = strtoll(before, &end, 10);
		if (*end || !*before || b < 1)
			errs_add(&e, "before", "type", "应为正整数", "must be a positive integer");
	}
	if (errs_any(&e)) {
		reply_errors(r, E_VALIDATION, &e);
		errs_clear(&e);
		return;
	}
	json_t *items = audit_list(store_reader(r->store), entity, id, b, 100);
	json_t *out = json_pack("{so}", "items", items);
	size_t n = json_array_size(items);
	if (n == 100)
		json_object_set(out, "next_before", json_object_get(json_array_get(items, n - 1), "seq"));
	reply_json(r, 200, out);
}

void api_audit_head(req_t *r)
{
	static const char *const none[] = {NULL};
	if (!req_query_only(r, none))
		return;
	json_t *cp = audit_checkpoint_latest(store_reader(r->store));
	if (!cp) {
		reply_problem(r, E_NOT_FOUND, "尚未签署检查点", "no checkpoint has been signed yet", NULL);
		return;
	}
	reply_json(r, 200, cp);
}
