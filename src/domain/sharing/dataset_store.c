/* dataset_store.c — see dataset_store.h. */
#include "domain/sharing/dataset_store.h"

static int added(int rc, dbc_t *c)
{
	if (rc != DB_DONE)
		return -1;
	return db_changes(c) > 0 ? 1 : 0;
}

int dataset_store_add(dbc_t *c, const dataset_row_t *d, int64_t now)
{
	return added(db_run(c,
			    "INSERT INTO datasets (code, department, name_zh, name_en, subject, fields, "
			    "created_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT (code) DO NOTHING",
			    d->code, d->department, d->name_zh, d->name_en, d->subject, d->fields, now),
		     c);
}

int dataset_store_grant_add(dbc_t *c, const char *dataset, const char *matter, const char *fields,
			    const char *purpose_zh, const char *purpose_en, int64_t now)
{
	return added(
	    db_run(c,
		   "INSERT INTO dataset_grants (dataset, matter_code, fields, purpose_zh, purpose_en, "
		   "created_at) VALUES (?,?,?,?,?,?) ON CONFLICT (dataset, matter_code) DO NOTHING",
		   dataset, matter, fields, purpose_zh, purpose_en, now),
	    c);
}

int dataset_store_record_put(dbc_t *c, const char *dataset, const char *bidx, const char *sealed, int64_t now)
{
	return added(db_run(c,
			    "INSERT INTO dataset_records (dataset, subject_bidx, data, updated_at) "
			    "VALUES (?,?,?,?) ON CONFLICT (dataset, subject_bidx) DO NOTHING",
			    dataset, bidx, sealed, now),
		     c);
}

#define COLS                                                                                                 \
	"d.code, d.department, d.name_zh, d.name_en, d.subject, d.fields, p.name_zh, p.name_en FROM "        \
	"datasets d "                                                                                        \
	"JOIN departments p ON p.code = d.department"

static void row(dbs_t *s, dataset_row_t *d)
{
	d->code = db_col_text(s, 0);
	d->department = db_col_text(s, 1);
	d->name_zh = db_col_text(s, 2);
	d->name_en = db_col_text(s, 3);
	d->subject = db_col_text(s, 4);
	d->fields = db_col_text(s, 5);
	d->department_zh = db_col_text(s, 6);
	d->department_en = db_col_text(s, 7);
}

bool dataset_store_get(dbc_t *c, const char *code, void (*fn)(const dataset_row_t *d, void *ctx), void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT " COLS " WHERE d.code = ?");
	db_bind(s, code);
	bool found = db_step(s) == DB_ROW;
	if (found) {
		dataset_row_t d;
		row(s, &d);
		fn(&d, ctx);
	}
	db_reset(s);
	return found;
}

void dataset_store_each(dbc_t *c, void (*fn)(const dataset_row_t *d, void *ctx), void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT " COLS " ORDER BY d.code");
	while (db_step(s) == DB_ROW) {
		dataset_row_t d;
		row(s, &d);
		fn(&d, ctx);
	}
	db_reset(s);
}

bool dataset_store_grant(dbc_t *c, const char *dataset, const char *matter,
			 void (*fn)(const char *fields, const char *zh, const char *en, void *ctx), void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT fields, purpose_zh, purpose_en FROM dataset_grants "
			      "WHERE dataset = ? AND matter_code = ?");
	db_bind(s, dataset, matter);
	bool found = db_step(s) == DB_ROW;
	if (found)
		fn(db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2), ctx);
	db_reset(s);
	return found;
}

void dataset_store_grants_of(dbc_t *c, const char *dataset,
			     void (*fn)(const char *matter, const char *fields, const char *zh,
					const char *en, void *ctx),
			     void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT matter_code, fields, purpose_zh, purpose_en FROM dataset_grants "
			      "WHERE dataset = ? ORDER BY matter_code");
	db_bind(s, dataset);
	while (db_step(s) == DB_ROW)
		fn(db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3), ctx);
	db_reset(s);
}

bool dataset_store_record(dbc_t *c, const char *dataset, const char *bidx,
			  void (*fn)(const char *sealed, void *ctx), void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT data FROM dataset_records WHERE dataset = ? AND subject_bidx = ?");
	db_bind(s, dataset, bidx);
	bool found = db_step(s) == DB_ROW;
	if (found)
		fn(db_col_text(s, 0), ctx);
	db_reset(s);
	return found;
}
