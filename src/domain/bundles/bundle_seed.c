/* bundle_seed.c — the demo bundles (data/demo/bundles.json), defined through
 * bundle_create like an administrator's, after the demo catalogue they join. */
#include "domain/bundles/bundle.h"
#include "base/embedded.h"
#include "base/log.h"

int bundle_seed_demo(store_t *st)
{
	const embedded_file_t *f = embedded_find(embedded_data, "demo/bundles.json");
	if (!f)
		return -1;
	json_error_t je;
	json_t *arr = json_loadb((const char *)f->data, f->len, JSON_REJECT_DUPLICATES, &je);
	if (!arr) {
		log_error("seed: bundles.json line %d: %s", je.line, je.text);
		return -1;
	}
	actor_t sys;
	actor_system(&sys, "seed");
	size_t i;
	json_t *b;
	int added = 0, rc = 0;
	json_array_foreach(arr, i, b)
	{
		errs_t e = ERRS_INIT;
		int64_t rv;
		errcode_t ec = bundle_create(st, &sys, b, &e, &rv);
		if (ec == E_OK)
			added++;
		else if (ec != E_CONFLICT) {
			log_error("seed: bundle %s: %s %s",
				  json_string_value(json_object_get(b, "code")) ?: "?",
				  e.n ? e.v[0].field : "", e.n ? e.v[0].en : "");
			rc = -1;
		}
		errs_clear(&e);
	}
	json_decref(arr);
	if (added)
		log_info("seed: %d bundles added", added);
	return rc;
}
