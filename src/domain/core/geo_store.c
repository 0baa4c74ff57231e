/* geo_store.c — every statement on regions and departments (see
 * geo_store.h), so the rules in geo.c and the views in geo_read.c hold no
 * SQL and a second driver has one place to check. */
#include "domain/core/geo_store.h"
#include <stdio.h>

void geo_store_each_region(dbc_t *c, geo_region_fn fn, void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT code, name_zh, name_en, parent, level FROM regions ORDER BY code");
	while (db_step(s) == DB_ROW) {
		geo_region_t r = {db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3),
				  db_col_text(s, 4)};
		fn(&r, ctx);
	}
	db_reset(s);
}

void geo_store_each_department(dbc_t *c, const char *region, geo_department_fn fn, void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT code, name_zh, name_en, region, kind, address, phone, hours, "
			      "address_en, hours_en FROM departments "
			      "WHERE (CAST(? AS TEXT) IS NULL OR region = ?) ORDER BY code");
	db_bind(s, region, region);
	while (db_step(s) == DB_ROW) {
		geo_department_t d = {db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2),
				      db_col_text(s, 3), db_col_text(s, 4), db_col_text(s, 5),
				      db_col_text(s, 6), db_col_text(s, 7), db_col_text(s, 8),
				      db_col_text(s, 9)};
		fn(&d, ctx);
	}
	db_reset(s);
}

static bool one(dbc_t *c, const char *sql, const char *v)
{
	dbs_t *s = db_prep(c, sql);
	db_bind(s, v);
	bool r = db_step(s) == DB_ROW;
	db_reset(s);
	return r;
}

bool geo_store_region_exists(dbc_t *c, const char *code)
{
	return one(c, "SELECT 1 FROM regions WHERE code = ?", code);
}

bool geo_store_department_exists(dbc_t *c, const char *code)
{
	return one(c, "SELECT 1 FROM departments WHERE code = ?", code);
}

static bool one_text(dbc_t *c, const char *sql, const char *v, char out[REGION_CODE_LEN])
{
	dbs_t *s = db_prep(c, sql);
	db_bind(s, v);
	out[0] = '\0';
	bool r = db_step(s) == DB_ROW && !db_col_null(s, 0);
	if (r)
		db_col_str(s, 0, out, REGION_CODE_LEN);
	db_reset(s);
	return r;
}

bool geo_store_department_region(dbc_t *c, const char *code, char out[REGION_CODE_LEN])
{
	return one_text(c, "SELECT region FROM departments WHERE code = ?", code, out);
}

bool geo_store_department_name(dbc_t *c, const char *code, char *name, size_t n, char region[REGION_CODE_LEN])
{
	dbs_t *s = db_prep(c, "SELECT name_zh, region FROM departments WHERE code = ?");
	db_bind(s, code);
	bool r = db_step(s) == DB_ROW;
	if (r) {
		db_col_str(s, 0, name, n);
		db_col_str(s, 1, region, REGION_CODE_LEN);
	}
	db_reset(s);
	return r;
}

bool geo_store_region_parent(dbc_t *c, const char *code, char out[REGION_CODE_LEN])
{
	return one_text(c, "SELECT parent FROM regions WHERE code = ?", code, out);
}

static int added(dbc_t *c, int rc)
{
	if (rc != DB_DONE)
		return -1;
	return db_changes(c) > 0 ? 1 : 0;
}

int geo_store_region_insert(dbc_t *c, const geo_region_t *r)
{
	return added(c,
		     db_run(c,
			    "INSERT INTO regions (code, name_zh, name_en, parent, level) VALUES (?,?,?,?,?) "
			    "ON CONFLICT (code) DO NOTHING",
			    r->code, r->name_zh, r->name_en, r->parent, r->level));
}

int geo_store_department_insert(dbc_t *c, const geo_department_t *d)
{
	int rc = db_run(c,
			"INSERT INTO departments (code, name_zh, name_en, region, kind, address, phone, "
			"hours, address_en, hours_en) VALUES (?,?,?,?,?,?,?,?,?,?) "
			"ON CONFLICT (code) DO NOTHING",
			d->code, d->name_zh, d->name_en, d->region, d->kind, d->address, d->phone, d->hours,
			d->address_en ? d->address_en : "", d->hours_en ? d->hours_en : "");
	return added(c, rc);
}
