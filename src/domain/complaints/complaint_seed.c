/* complaint_seed.c — the demo's 12345 categories and responsibility list
 * (data/demo/complaints.json), added when missing. */
#include "domain/complaints/complaint.h"
#include "domain/complaints/complaint_store.h"
#include "domain/core/audit.h"
#include "base/embedded.h"
#include "base/log.h"

static const char *s(const json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static int seed_write(dbc_t *c, void *arg)
{
	json_t *doc = arg;
	size_t i;
	json_t *k;
	json_array_foreach(json_object_get(doc, "categories"), i, k)
	{
		json_t *name = json_object_get(k, "name");
		if (complaint_category_add(c, s(k, "code"), s(k, "parent"), s(name, "zh"), s(name, "en"),
					   s(k, "time_class"), s(k, "faq_zh"), s(k, "faq_en"), (int)i) < 0)
			return -1;
	}
	json_array_foreach(json_object_get(doc, "duties"), i,
			   k) if (complaint_duty_add(c, s(k, "category"), s(k, "place"), s(k, "body")) <
				  0) return -1;
	return 0;
}

int complaint_seed_demo(store_t *st)
{
	const embedded_file_t *f = embedded_find(embedded_data, "demo/complaints.json");
	json_error_t e;
	json_t *doc = f ? json_loadb((const char *)f->data, f->len, JSON_REJECT_DUPLICATES, &e) : NULL;
	if (!doc) {
		log_error("seed: demo/complaints.json does not load");
		return -1;
	}
	int rc = store_write(st, seed_write, doc);
	json_decref(doc);
	return rc == 0 ? 0 : -1;
}
