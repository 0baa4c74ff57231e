/* geo.c — GET /api/v1/regions and GET /api/v1/departments (public). */
#include "api/api.h"
#include "domain/core/geo.h"
#include "api/respcache.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Both lists change only on writes: served from respcache.h between commits. */
static void cached_list(req_t *r, const char *key, json_t *(*build)(req_t *))
{
	uint64_t gen;
	if (respcache_reply(r, key, &gen))
		return;
	json_t *body = build(r);
	char *text = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(body);
	if (!text) {
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
		return;
	}
	char etag[48];
	size_t len = strlen(text);
	text_etag(text, len, etag);
	respcache_put_reply(r, key, gen, text, len, etag);
	free(text);
}

static json_t *build_regions(req_t *r)
{
	return json_pack("{so}", "items", geo_region_list(store_reader(r->store)));
}

static json_t *build_departments(req_t *r)
{
	return json_pack("{so}", "items",
			 geo_department_list(store_reader(r->store), req_query(r, "region")));
}

void api_regions_list(req_t *r)
{
	cached_list(r, "regions", build_regions);
}

void api_departments_list(req_t *r)
{
	const char *region = req_query(r, "region");
	if (region && strlen(region) > 16) {
		errs_t e = ERRS_INIT;
		errs_add(&e, "region", "too_long", "地区代码过长", "region code too long");
		reply_errors(r, E_VALIDATION, &e);
		errs_clear(&e);
		return;
	}
	char key[40];
	snprintf(key, sizeof key, "departments:%s", region ? region : "*");
	cached_list(r, key, build_departments);
}
