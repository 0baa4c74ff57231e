/* geo_read.c — the JSON views of regions and departments (see geo.h). */
#include "domain/core/geo.h"
#include "domain/core/geo_store.h"

static void region_row(const geo_region_t *r, void *arr)
{
	json_array_append_new(arr,
			      json_pack("{ss s{ss ss} so? ss}", "code", r->code, "name", "zh", r->name_zh,
					"en", r->name_en, "parent", r->parent ? json_string(r->parent) : NULL,
					"level", r->level));
}

json_t *geo_region_list(dbc_t *c)
{
	json_t *arr = json_array();
	geo_store_each_region(c, region_row, arr);
	return arr;
}

static void department_row(const geo_department_t *d, void *arr)
{
	json_array_append_new(arr,
			      json_pack("{ss s{ss ss} ss ss ss ss ss ss ss}", "code", d->code, "name", "zh",
					d->name_zh, "en", d->name_en, "region", d->region, "kind", d->kind,
					"address", d->address, "address_en", d->address_en, "phone", d->phone,
					"hours", d->hours, "hours_en", d->hours_en));
}

json_t *geo_department_list(dbc_t *c, const char *region)
{
	json_t *arr = json_array();
	geo_store_each_department(c, region, department_row, arr);
	return arr;
}
