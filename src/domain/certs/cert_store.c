/* cert_store.c — every statement on the certificate tables (see cert_store.h). */
#include "domain/certs/cert_store.h"
#include <string.h>

int cert_store_key_insert(dbc_t *c, const cert_key_row_t *k, int64_t now)
{
	return db_run(
		   c,
		   "INSERT INTO cert_keys (id, department, algorithm, public_key, private_box, not_before, "
		   "not_after, created_at) VALUES (?,?,?,?,?,?,?,?)",
		   k->id, k->department, k->algorithm, k->public_key, k->private_box, k->not_before,
		   k->not_after, now) == DB_DONE
		   ? 0
		   : -1;
}

int cert_store_key_retire_all(dbc_t *c, const char *department, int64_t now)
{
	if (db_run(c, "UPDATE cert_keys SET retired_at = ? WHERE department = ? AND retired_at IS NULL", now,
		   department) != DB_DONE)
		return -1;
	return (int)db_changes(c);
}

#define KEY_COLS "id, department, algorithm, public_key, private_box, not_before, not_after, retired_at"

static void key_row(dbs_t *s, cert_key_row_t *k)
{
	k->id = db_col_text(s, 0);
	k->department = db_col_text(s, 1);
	k->algorithm = db_col_text(s, 2);
	k->public_key = db_col_text(s, 3);
	k->private_box = db_col_text(s, 4);
	k->not_before = db_col_int(s, 5);
	k->not_after = db_col_int(s, 6);
	k->retired_at = db_col_null(s, 7) ? 0 : db_col_int(s, 7);
}

bool cert_store_key_current(dbc_t *c, const char *department, int64_t now,
			    void (*fn)(const cert_key_row_t *k, void *ctx), void *ctx)
{
	dbs_t *s =
	    db_prep(c, "SELECT " KEY_COLS " FROM cert_keys WHERE department = ? AND retired_at IS NULL "
		       "AND not_before <= ? AND not_after > ? ORDER BY not_before DESC, id LIMIT 1");
	db_bind(s, department, now, now);
	bool found = db_step(s) == DB_ROW;
	if (found) {
		cert_key_row_t k;
		key_row(s, &k);
		fn(&k, ctx);
	}
	db_reset(s);
	return found;
}

void cert_store_key_each(dbc_t *c, void (*fn)(const cert_key_row_t *k, void *ctx), void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT " KEY_COLS " FROM cert_keys ORDER BY not_before, id");
	while (db_step(s) == DB_ROW) {
		cert_key_row_t k;
		key_row(s, &k);
		fn(&k, ctx);
	}
	db_reset(s);
}

int cert_store_serial_next(dbc_t *c, const char *department, const char *type, int64_t *serial)
{
	if (db_run(c, "UPDATE cert_serials SET last = last + 1 WHERE department = ? AND type = ?", department,
		   type) != DB_DONE)
		return -1;
	if (db_changes(c) == 0 &&
	    db_run(c, "INSERT INTO cert_serials (department, type, last) VALUES (?,?,1)", department, type) !=
		DB_DONE)
		return -1;
	dbs_t *s = db_prep(c, "SELECT last FROM cert_serials WHERE department = ? AND type = ?");
	db_bind(s, department, type);
	int rc = db_step(s) == DB_ROW ? 0 : -1;
	if (rc == 0)
		*serial = db_col_int(s, 0);
	db_reset(s);
	return rc;
}

int cert_store_insert(dbc_t *c, const cert_row_t *r)
{
	return db_run(c,
		      "INSERT INTO certificates (id, identifier, type, department, case_id, holder_account, "
		      "holder_bidx, document, key_id, signature, issued_at, valid_until, status, version, "
		      "number) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'valid',1,?)",
		      r->id, r->identifier, r->type, r->department, r->case_id, r->holder_account,
		      r->holder_bidx, r->document, r->key_id, r->signature, r->issued_at, r->valid_until,
		      r->number) == DB_DONE
		   ? 0
		   : -1;
}

#define CERT_COLS                                                                                            \
	"id, identifier, type, department, case_id, holder_account, holder_bidx, document, key_id, "         \
	"signature, valid_until, status, revoked_by, revoke_reason, issued_at, revoked_at, version, "        \
	"number, superseded_by, superseded_at"

static void cert_row(dbs_t *s, cert_row_t *r)
{
	const char **t[] = {&r->id,         &r->identifier,     &r->type,        &r->department,
			    &r->case_id,    &r->holder_account, &r->holder_bidx, &r->document,
			    &r->key_id,     &r->signature,      &r->valid_until, &r->status,
			    &r->revoked_by, &r->revoke_reason};
	for (int i = 0; i < 14; i++)
		*t[i] = db_col_text(s, i);
	r->issued_at = db_col_int(s, 14);
	r->revoked_at = db_col_null(s, 15) ? 0 : db_col_int(s, 15);
	r->version = db_col_int(s, 16);
	r->number = db_col_text(s, 17);
	r->superseded_by = db_col_text(s, 18);
	r->superseded_at = db_col_null(s, 19) ? 0 : db_col_int(s, 19);
}

bool cert_store_get(dbc_t *c, const char *id, void (*fn)(const cert_row_t *r, void *ctx), void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT " CERT_COLS " FROM certificates WHERE id = ?");
	db_bind(s, id);
	bool found = db_step(s) == DB_ROW;
	if (found) {
		cert_row_t r;
		cert_row(s, &r);
		fn(&r, ctx);
	}
	db_reset(s);
	return found;
}

int cert_store_of_department(dbc_t *c, const char *department, const char *q, const page_cursor_t *after,
			     int limit, void (*fn)(const cert_row_t *r, void *ctx), void *ctx)
{
	/* a part of an identifier or number: upper-cased (both are), LIKE's wildcards taken literally */
	char pat[2 * 64 + 3] = "%";
	size_t o = 1;
	for (const char *p = q ? q : ""; *p && o < sizeof pat - 3; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			pat[o++] = '\\';
		pat[o++] = (*p >= 'a' && *p <= 'z') ? (char)(*p - 32) : *p;
	}
	pat[o++] = '%';
	pat[o] = '\0';
	/* keyset: read along certificates_department from below the cursor's (issued_at, id) */
	dbs_t *s = db_prep(c, "SELECT " CERT_COLS " FROM certificates WHERE department = ? AND "
			      "(identifier LIKE ? ESCAPE '\\' OR COALESCE(number, '') LIKE ? ESCAPE '\\') "
			      "AND issued_at <= ? AND (issued_at < ? OR id < ?) "
			      "ORDER BY issued_at DESC, id DESC LIMIT ?");
	int64_t below = after->set ? after->at : INT64_MAX;
	db_bind(s, department, pat, pat, below, below, after->set ? after->id : "", (int64_t)limit);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		cert_row_t r;
		cert_row(s, &r);
		fn(&r, ctx);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

int cert_store_wallet_page(dbc_t *c, const char *account, const page_cursor_t *after, int limit,
			   void (*fn)(const cert_row_t *r, void *ctx), void *ctx)
{
	/* each holder's certificates read along certificates_holder from below the cursor, merged */
	dbs_t *s = db_prep(c, "SELECT " CERT_COLS " FROM certificates WHERE (holder_account = ? OR "
			      "holder_account IN "
			      "(SELECT principal_id FROM account_agents WHERE agent_id = ?)) "
			      "AND issued_at <= ? AND (issued_at < ? OR id < ?) "
			      "ORDER BY issued_at DESC, id DESC LIMIT ?");
	int64_t below = after->set ? after->at : INT64_MAX;
	db_bind(s, account, account, below, below, after->set ? after->id : "", (int64_t)limit);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		cert_row_t r;
		cert_row(s, &r);
		fn(&r, ctx);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

void cert_store_of_holder(dbc_t *c, const char *account, void (*fn)(const cert_row_t *r, void *ctx),
			  void *ctx)
{
	dbs_t *s =
	    db_prep(c, "SELECT " CERT_COLS
		       " FROM certificates WHERE holder_account = ? ORDER BY issued_at DESC, id LIMIT 200");
	db_bind(s, account);
	while (db_step(s) == DB_ROW) {
		cert_row_t r;
		cert_row(s, &r);
		fn(&r, ctx);
	}
	db_reset(s);
}

void cert_store_revoked_each(dbc_t *c, void (*fn)(const cert_row_t *r, void *ctx), void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT " CERT_COLS
			      " FROM certificates WHERE status IN ('revoked', 'superseded')"
			      " ORDER BY COALESCE(revoked_at, superseded_at), id");
	while (db_step(s) == DB_ROW) {
		cert_row_t r;
		cert_row(s, &r);
		fn(&r, ctx);
	}
	db_reset(s);
}

int cert_store_revoke(dbc_t *c, const char *id, int64_t version, const char *by, const char *reason,
		      int64_t now)
{
	if (db_run(c,
		   "UPDATE certificates SET status = 'revoked', revoked_at = ?, revoked_by = ?, "
		   "revoke_reason = ?, "
		   "version = version + 1 WHERE id = ? AND version = ? AND status = 'valid'",
		   now, by, reason, id, version) != DB_DONE)
		return -1;
	return db_changes(c) > 0 ? 1 : 0;
}

int cert_store_supersede(dbc_t *c, const char *holder_account, const char *type, const char *number,
			 const char *new_id, int64_t now)
{
	if (db_run(c,
		   "UPDATE certificates SET status = 'superseded', superseded_by = ?, superseded_at = ?, "
		   "version = version + 1 WHERE holder_account = ? AND type = ? AND status = 'valid' "
		   "AND id <> ? AND COALESCE(number, '') = COALESCE(?, '')",
		   new_id, now, holder_account, type, new_id, number) != DB_DONE)
		return -1;
	return (int)db_changes(c);
}

bool cert_store_holds(dbc_t *c, const char *account, const char *type)
{
	dbs_t *s = db_prep(c, "SELECT 1 FROM certificates WHERE holder_account = ? AND type = ?");
	db_bind(s, account, type);
	bool found = db_step(s) == DB_ROW;
	db_reset(s);
	return found;
}
