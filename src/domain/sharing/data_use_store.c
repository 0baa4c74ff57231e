/* data_use_store.c — see data_use_store.h. */
#include "domain/sharing/data_use_store.h"

int data_use_store_insert(dbc_t *c, const data_use_row_t *r)
{
	return db_run(
		   c,
		   "INSERT INTO data_uses (id, subject_account, at, kind, actor_id, actor_role, department, "
		   "case_id, case_number, certificate_id, material_key, purpose, purpose_name, fields, "
		   "share_id) "
		   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		   r->id, r->subject_account, r->at, r->kind, r->actor_id, r->actor_role, r->department,
		   r->case_id, r->case_number, r->certificate_id, r->material_key, r->purpose,
		   r->purpose_name, r->fields, r->share_id) == DB_DONE
		   ? 0
		   : -1;
}

int data_use_store_of_subject(dbc_t *c, const char *account, int limit,
			      void (*fn)(const data_use_row_t *r, void *ctx), void *ctx)
{
	dbs_t *s =
	    db_prep(c, "SELECT u.id, u.at, u.kind, u.actor_role, u.department, u.case_id, u.case_number, "
		       "u.certificate_id, u.material_key, u.purpose, u.purpose_name, u.fields, d.name_zh, "
		       "d.name_en, u.share_id FROM data_uses u JOIN departments d ON d.code = u.department "
		       "WHERE u.subject_account = ? ORDER BY u.at DESC, u.id DESC LIMIT ?");
	db_bind(s, account, (int64_t)limit);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		data_use_row_t r = {.id = db_col_text(s, 0),
				    .at = db_col_int(s, 1),
				    .kind = db_col_text(s, 2),
				    .actor_role = db_col_text(s, 3),
				    .department = db_col_text(s, 4),
				    .case_id = db_col_text(s, 5),
				    .case_number = db_col_text(s, 6),
				    .certificate_id = db_col_text(s, 7),
				    .material_key = db_col_text(s, 8),
				    .purpose = db_col_text(s, 9),
				    .purpose_name = db_col_text(s, 10),
				    .fields = db_col_text(s, 11),
				    .department_zh = db_col_text(s, 12),
				    .department_en = db_col_text(s, 13),
				    .share_id = db_col_text(s, 14)};
		fn(&r, ctx);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}
