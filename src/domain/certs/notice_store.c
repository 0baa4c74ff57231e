/* notice_store.c — see notice_store.h. */
#include "domain/certs/notice_store.h"

int notice_store_insert(dbc_t *c, const notice_row_t *r)
{
	return db_run(
		   c,
		   "INSERT INTO notices (id, case_id, kind, department, applicant_account, document, key_id, "
		   "issued_at) VALUES (?,?,?,?,?,?,?,?)",
		   r->id, r->case_id, r->kind, r->department, r->applicant_account, r->document, r->key_id,
		   r->issued_at) == DB_DONE
		   ? 0
		   : -1;
}

#define COLS "id, case_id, kind, department, applicant_account, document, key_id, issued_at"

static void row(dbs_t *s, notice_row_t *r)
{
	r->id = db_col_text(s, 0);
	r->case_id = db_col_text(s, 1);
	r->kind = db_col_text(s, 2);
	r->department = db_col_text(s, 3);
	r->applicant_account = db_col_text(s, 4);
	r->document = db_col_text(s, 5);
	r->key_id = db_col_text(s, 6);
	r->issued_at = db_col_int(s, 7);
}

bool notice_store_get(dbc_t *c, const char *id, void (*fn)(const notice_row_t *r, void *ctx), void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT " COLS " FROM notices WHERE id = ?");
	db_bind(s, id);
	bool found = db_step(s) == DB_ROW;
	if (found) {
		notice_row_t r;
		row(s, &r);
		fn(&r, ctx);
	}
	db_reset(s);
	return found;
}

void notice_store_of_case(dbc_t *c, const char *case_id, void (*fn)(const notice_row_t *r, void *ctx),
			  void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT " COLS " FROM notices WHERE case_id = ? ORDER BY issued_at, "
			      "CASE WHEN kind IN ('acceptance', 'refusal') THEN 0 ELSE 1 END, id");
	db_bind(s, case_id);
	while (db_step(s) == DB_ROW) {
		notice_row_t r;
		row(s, &r);
		fn(&r, ctx);
	}
	db_reset(s);
}
