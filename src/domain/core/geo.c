/* geo.c — see geo.h. */
#include "domain/core/geo.h"
#include <stdio.h>

json_t *geo_region_list(dbc_t *c)
{
	json_t *arr = json_array();
	dbs_t *s = db_prep(c, "SELECT code, name_zh, name_en, parent, level FROM regions ORDER BY code");
	while (db_step(s) == DB_ROW)
		json_array_append_new(arr, json_pack("{ss s{ss ss} so? ss}", "code", db_col_text(s, 0), "name", "zh",
						     db_col_text(s, 1), "en", db_col_text(s, 2), "parent",
						     db_col_null(s, 3) ? NULL : json_string(db_col_text(s, 3)), "level",
						     db_col_text(s, 4)));
	db_reset(s);
	return arr;
}

json_t *geo_department_list(dbc_t *c, const char *region)
{
	json_t *arr = json_array();
	dbs_t *s = db_prep(c, "SELECT code, name_zh, name_en, region, kind, address, phone, hours FROM departments "
			      "WHERE (? IS NULL OR region = ?) ORDER BY code");
	db_bind_text(s, 1, region);
	db_bind_text(s, 2, region);
	while (db_step(s) == DB_ROW)
		json_array_append_new(arr, json_pack("{ss s{ss ss} ss ss ss ss ss}", "code", db_col_text(s, 0), "name", "zh",
						     db_col_text(s, 1), "en", db_col_text(s, 2), "region", db_col_text(s, 3),
						     "kind", db_col_text(s, 4), "address", db_col_text(s, 5), "phone",
						     db_col_text(s, 6), "hours", db_col_text(s, 7)));
	db_reset(s);
	return arr;
}

static bool one(dbc_t *c, const char *sql, const char *v)
{
	dbs_t *s = db_prep(c, sql);
	db_bind_text(s, 1, v);
	bool r = db_step(s) == DB_ROW;
	db_reset(s);
	return r;
}

bool geo_department_exists(dbc_t *c, const char *code) { return one(c, "SELECT 1 FROM departments WHERE code = ?", code); }
bool geo_region_known(dbc_t *c, const char *code) { return one(c, "SELECT 1 FROM regions WHERE code = ?", code); }

bool geo_department_region(dbc_t *c, const char *code, char out[16])
{
	dbs_t *s = db_prep(c, "SELECT region FROM departments WHERE code = ?");
	db_bind_text(s, 1, code);
	bool r = db_step(s) == DB_ROW;
	if (r)
		snprintf(out, 16, "%s", db_col_text(s, 0));
	db_reset(s);
	return r;
}
