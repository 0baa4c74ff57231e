/* policy_seed.c — the demo's five policies (data/demo/policies.json), one of
 * them and another 免申即享, published by their departments so that the demo
 * enterprises find their matches and grants in their messages. Idempotent:
 * a policy that exists is left alone. */
#include "base/clock.h"
#include "base/embedded.h"
#include "base/log.h"
#include "domain/policies/decision.h"
#include "domain/policies/policy.h"
#include "domain/policies/policy_store.h"
#include <stdio.h>
#include <string.h>

struct seed_ctx {
	const json_t *p;
	bool added;
};

static int insert_write(dbc_t *c, void *arg)
{
	struct seed_ctx *x = arg;
	const char *id = json_string_value(json_object_get(x->p, "id"));
	json_t *have = policy_store_get(c, id);
	x->added = have == NULL;
	json_decref(have);
	if (!x->added)
		return 0;
	return policy_store_insert(c, id, x->p, json_string_value(json_object_get(x->p, "issuer")), "system",
				   clock_now_ms()) == DB_DONE
		   ? 0
		   : -1;
}

int policy_seed_demo(store_t *st)
{
	const embedded_file_t *f = embedded_find(embedded_data, "demo/policies.json");
	if (!f)
		return -1;
	json_error_t je;
	json_t *d = json_loadb((const char *)f->data, f->len, JSON_REJECT_DUPLICATES, &je);
	if (!d)
		return -1;
	int rc = 0;
	size_t i;
	const json_t *p;
	json_array_foreach(json_object_get(d, "policies"), i, p)
	{
		errs_t e = ERRS_INIT;
		bool sound = decision_validate(json_object_get(p, "eligibility"), "eligibility", &e);
		errs_clear(&e);
		struct seed_ctx x = {p, false};
		if (!sound || store_write(st, insert_write, &x) != 0) {
			log_error("seed: policy %s failed", json_string_value(json_object_get(p, "id")));
			rc = -1;
			break;
		}
		if (!x.added)
			continue;
		actor_t by;
		actor_system(&by, "seed");
		snprintf(by.department, sizeof by.department, "%s",
			 json_string_value(json_object_get(p, "issuer")));
		int matched, granted;
		if (policy_publish(st, &by, json_string_value(json_object_get(p, "id")), 0, &matched,
				   &granted) != E_OK) {
			rc = -1;
			break;
		}
		log_info("seed: policy %s matched %d, granted %d",
			 json_string_value(json_object_get(p, "title")), matched, granted);
	}
	json_decref(d);
	return rc;
}
