/* data_use_store.c — see data_use_store.h. */
#include "domain/sharing/data_use_store.h"

int data_use_store_insert(dbc_t *c, const data_use_row_t *r)
{
	return db_run(
		   c,
		   "INSERT INTO data_uses (id, subject_account, at, kind, actor_id, actor_role, department, "
		   "case_id, case_number, certificate_id, material_key, purpose, purpose_name, fields, "
		   "dataset, outcome, refusal, share_id) "
		   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		   r->id, r->subject_account, r->at, r->kind, r->actor_id, r->actor_role, r->department,
		   r->case_id, r->case_number, r->certificate_id, r->material_key, r->purpose,
		   r->purpose_name, r->fields, r->dataset, r->outcome ? r->outcome : "read",
		   r->refusal, r->share_id) == DB_DONE
		   ? 0
		   : -1;
}

#define COLS                                                                                                 \
	"u.id, u.at, u.kind, u.actor_role, u.department, u.case_id, u.case_number, u.certificate_id, "       \
	"u.material_key, u.purpose, u.purpose_name, u.fields, d.name_zh, d.name_en, u.dataset, u.outcome, "  \
	"u.refusal, s.name_zh, s.name_en, o.id, o.reason, o.at, u.subject_account, u.share_id "
#define FROM                                                                                                 \
	"FROM data_uses u JOIN departments d ON d.code = u.department LEFT JOIN datasets s ON s.code = "     \
	"u.dataset "
#define FROM_ALL FROM "LEFT JOIN data_use_objections o ON o.data_use_id = u.id "

static void row(dbs_t *s, data_use_row_t *r)
{
	*r = (data_use_row_t){.id = db_col_text(s, 0),
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
			      .dataset = db_col_text(s, 14),
			      .outcome = db_col_text(s, 15),
			      .refusal = db_col_text(s, 16),
			      .dataset_zh = db_col_text(s, 17),
			      .dataset_en = db_col_text(s, 18),
			      .objection_id = db_col_text(s, 19),
			      .objection_reason = db_col_text(s, 20),
			      .objection_at = db_col_null(s, 21) ? 0 : db_col_int(s, 21),
			      .subject_account = db_col_text(s, 22),
			      .share_id = db_col_text(s, 23)};
}

int data_use_store_of_subject(dbc_t *c, const char *account, const page_cursor_t *after, int limit,
			      void (*fn)(const data_use_row_t *r, void *ctx), void *ctx)
{
	/* keyset: below the cursor's (at, id), read along data_uses_subject and stopped at the page */
	dbs_t *s = db_prep(c, "SELECT " COLS FROM_ALL
			      "WHERE u.subject_account = ? AND u.at <= ? AND (u.at < ? OR u.id < ?) "
			      "ORDER BY u.at DESC, u.id DESC LIMIT ?");
	int64_t below = after->set ? after->at : INT64_MAX;
	db_bind(s, account, below, below, after->set ? after->id : "", (int64_t)limit);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		data_use_row_t r;
		row(s, &r);
		fn(&r, ctx);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

bool data_use_store_get(dbc_t *c, const char *id, void (*fn)(const data_use_row_t *r, void *ctx), void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT " COLS FROM_ALL "WHERE u.id = ?");
	db_bind(s, id);
	bool found = db_step(s) == DB_ROW;
	if (found) {
		data_use_row_t r;
		row(s, &r);
		fn(&r, ctx);
	}
	db_reset(s);
	return found;
}

int data_use_store_objection_add(dbc_t *c, const char *id, const char *use_id, const char *subject,
				 const char *reason, int64_t now)
{
	if (db_run(c,
		   "INSERT INTO data_use_objections (id, data_use_id, subject_account, reason, at) "
		   "VALUES (?,?,?,?,?) ON CONFLICT (data_use_id) DO NOTHING",
		   id, use_id, subject, reason, now) != DB_DONE)
		return -1;
	return db_changes(c) > 0 ? 1 : 0;
}

int data_use_store_objections(dbc_t *c, const page_cursor_t *after, int limit,
			      void (*fn)(const data_use_row_t *r, const char *subject_name, void *ctx),
			      void *ctx)
{
	/* keyset: read along data_use_objections_at from below the cursor's (at, id) */
	dbs_t *s = db_prep(
	    c, "SELECT " COLS ", a.display_name " FROM "JOIN data_use_objections o ON o.data_use_id = u.id "
	       "JOIN accounts a ON a.id = u.subject_account WHERE o.at <= ? AND (o.at < ? OR o.id < ?) "
	       "ORDER BY o.at DESC, o.id DESC LIMIT ?");
	int64_t below = after->set ? after->at : INT64_MAX;
	db_bind(s, below, below, after->set ? after->id : "", (int64_t)limit);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		data_use_row_t r;
		row(s, &r);
		fn(&r, db_col_text(s, 24), ctx);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}
