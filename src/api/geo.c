/* geo.c — GET /api/v1/regions and GET /api/v1/departments (public). */
#include "api.h"
#include "../domain/geo.h"

void api_regions_list(req_t *r)
{
	reply_json(r, 200, json_pack("{so}", "items", regions_list(store_reader(r->store))));
}

void api_departments_list(req_t *r)
{
	const char *region = req_query(r, "region");
	reply_json(r, 200, json_pack("{so}", "items", departments_list(store_reader(r->store), region)));
}
