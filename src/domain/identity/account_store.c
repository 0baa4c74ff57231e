/* account_store.c — every statement on the accounts table (see
 * account_store.h): the registration rules in account.c, the view in
 * account_read.c and the other subsystems reach accounts only through here.
 * The ID number and the phone are sealed here on the way in and opened on
 * the way out (base/seal.h); look-ups by ID number go through its blind
 * index, so nothing above this file sees the difference. */
#include "domain/identity/account_store.h"
#include "base/mem.h"
#include "base/seal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool exists(dbc_t *c, const char *sql, const char *v)
{
	if (!v || !*v)
		return false;
	dbs_t *s = db_prep(c, sql);
	db_bind(s, v);
	bool r = db_step(s) == DB_ROW;
	db_reset(s);
	return r;
}

bool account_store_username_taken(dbc_t *c, const char *username)
{
	return exists(c, "SELECT 1 FROM accounts WHERE username = ?", username);
}

bool account_store_id_number_taken(dbc_t *c, const char *id_number)
{
	char ix[SEAL_INDEX_LEN];
	return seal_index(SEAL_INDEX_ID_NUMBER, id_number, ix) &&
	       exists(c, "SELECT 1 FROM accounts WHERE id_number_bidx = ?", ix);
}

bool account_store_credit_code_taken(dbc_t *c, const char *credit_code)
{
	return exists(c, "SELECT 1 FROM accounts WHERE credit_code = ?", credit_code);
}

bool account_store_any(dbc_t *c)
{
	dbs_t *s = db_prep(c, "SELECT 1 FROM accounts LIMIT 1");
	bool any = db_step(s) == DB_ROW;
	db_reset(s);
	return any;
}

int account_store_insert(dbc_t *c, const account_insert_t *a)
{
	/* no key, no row: a value that cannot be sealed is not stored in the clear */
	char *idn = seal(a->id_number), *phone = seal(a->phone);
	char idn_ix[SEAL_INDEX_LEN] = "", phone_ix[SEAL_INDEX_LEN] = "";
	int rc = DB_ERR;
	if ((a->id_number && (!idn || !seal_index(SEAL_INDEX_ID_NUMBER, a->id_number, idn_ix))) ||
	    (a->phone && (!phone || !seal_index(SEAL_INDEX_PHONE, a->phone, phone_ix))))
		goto out;
	rc = db_run(c,
		    "INSERT INTO accounts (id, kind, username, password_hash, display_name, id_number, "
		    "id_number_bidx, credit_code, legal_rep, phone, phone_bidx, email, department, roles, "
		    "created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
		    a->id, a->kind, a->username, a->password_hash, a->display_name, idn,
		    idn_ix[0] ? idn_ix : NULL, a->credit_code, a->legal_rep, phone,
		    phone_ix[0] ? phone_ix : NULL, a->email, a->department, a->roles, a->created_at);
out:
	free(idn);
	free(phone);
	return rc;
}

bool account_store_login(dbc_t *c, const char *username, account_login_t *out)
{
	dbs_t *s = db_prep(
		c,
		"SELECT id, password_hash, status, kind, roles, COALESCE(department, ''), display_name "
		"FROM accounts WHERE username = ?");
	db_bind(s, username);
	memset(out, 0, sizeof *out);
	bool found = db_step(s) == DB_ROW;
	if (found) {
		db_col_str(s, 0, out->id, sizeof out->id);
		db_col_str(s, 1, out->password_hash, sizeof out->password_hash);
		db_col_str(s, 2, out->status, sizeof out->status);
		db_col_str(s, 3, out->actor.kind, sizeof out->actor.kind);
		if (role_parse_list(db_col_text(s, 4), &out->actor.roles) != 0)
			out->actor.roles = 0;
		db_col_str(s, 5, out->actor.department, sizeof out->actor.department);
		db_col_str(s, 6, out->actor.display_name, sizeof out->actor.display_name);
	}
	db_reset(s);
	return found;
}

static char *dup_col(dbs_t *s, int i)
{
	return db_col_null(s, i) ? NULL : xstrdup(db_col_text(s, i));
}

bool account_store_get(dbc_t *c, const char *id, account_row_t *out)
{
	dbs_t *s = db_prep(
		c,
		"SELECT a.id, a.kind, a.username, a.display_name, a.id_number, a.credit_code, a.legal_rep, "
		"a.phone, a.email, a.department, a.roles, a.created_at, a.version, d.name_zh, d.name_en "
		"FROM accounts a LEFT JOIN departments d ON d.code = a.department WHERE a.id = ?");
	db_bind(s, id);
	memset(out, 0, sizeof *out);
	bool found = db_step(s) == DB_ROW;
	if (found) {
		out->id = dup_col(s, 0);
		out->kind = dup_col(s, 1);
		out->username = dup_col(s, 2);
		out->display_name = dup_col(s, 3);
		out->id_number = seal_open(db_col_text(s, 4));
		out->credit_code = dup_col(s, 5);
		out->legal_rep = dup_col(s, 6);
		out->phone = seal_open(db_col_text(s, 7));
		out->email = dup_col(s, 8);
		out->department = dup_col(s, 9);
		out->roles = dup_col(s, 10);
		out->created_at = db_col_int(s, 11);
		out->version = db_col_int(s, 12);
		out->department_zh = dup_col(s, 13);
		out->department_en = dup_col(s, 14);
	}
	db_reset(s);
	return found;
}

bool account_store_kind_credit(dbc_t *c, const char *id, char kind[ACCOUNT_KIND_LEN],
			       char credit_code[CREDIT_CODE_LEN])
{
	dbs_t *s = db_prep(c, "SELECT kind, credit_code FROM accounts WHERE id = ?");
	db_bind(s, id);
	bool found = db_step(s) == DB_ROW;
	if (found) {
		db_col_str(s, 0, kind, ACCOUNT_KIND_LEN);
		db_col_str(s, 1, credit_code, CREDIT_CODE_LEN);
	}
	db_reset(s);
	return found;
}

void account_row_release(account_row_t *r)
{
	char *f[] = {r->id, r->kind, r->username, r->display_name, r->id_number, r->credit_code, r->legal_rep,
		     r->phone, r->email, r->department, r->department_zh, r->department_en, r->roles};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		free(f[i]);
	memset(r, 0, sizeof *r);
}

static bool one_id(dbc_t *c, const char *sql, const char *v, char out[ACCOUNT_ID_LEN])
{
	out[0] = '\0';
	if (!v)
		return false;
	dbs_t *s = db_prep(c, sql);
	db_bind(s, v);
	bool found = db_step(s) == DB_ROW;
	if (found)
		db_col_str(s, 0, out, ACCOUNT_ID_LEN);
	db_reset(s);
	return found;
}

bool account_store_active_by_id_number(dbc_t *c, const char *id_number, char out[ACCOUNT_ID_LEN])
{
	char ix[SEAL_INDEX_LEN];
	out[0] = '\0';
	return seal_index(SEAL_INDEX_ID_NUMBER, id_number, ix) &&
	       one_id(c, "SELECT id FROM accounts WHERE id_number_bidx = ? AND status = 'active'", ix, out);
}

bool account_store_active_by_credit_code(dbc_t *c, const char *credit_code, char out[ACCOUNT_ID_LEN])
{
	return one_id(c, "SELECT id FROM accounts WHERE credit_code = ? AND status = 'active'", credit_code,
		      out);
}

bool account_store_brief(dbc_t *c, const char *id, account_brief_t *out)
{
	dbs_t *s = db_prep(c, "SELECT display_name, kind FROM accounts WHERE id = ?");
	db_bind(s, id);
	memset(out, 0, sizeof *out);
	bool found = db_step(s) == DB_ROW;
	if (found) {
		db_col_str(s, 0, out->name, sizeof out->name);
		db_col_str(s, 1, out->kind, sizeof out->kind);
	}
	db_reset(s);
	return found;
}

void account_store_staff_each(dbc_t *c, const char *department,
			      void (*fn)(const account_staff_t *s, void *ctx), void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT id, display_name, COALESCE(department, ''), roles FROM accounts "
			      "WHERE kind = 'staff' AND status = 'active' "
			      "AND (CAST(? AS TEXT) IS NULL OR department = ?) ORDER BY display_name, id");
	db_bind(s, department, department);
	while (db_step(s) == DB_ROW) {
		account_staff_t m = {db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2), 0};
		if (role_parse_list(db_col_text(s, 3), &m.roles) != 0)
			m.roles = 0;
		fn(&m, ctx);
	}
	db_reset(s);
}

bool account_store_staff_roles(dbc_t *c, const char *id, const char *department, char *roles, size_t n)
{
	dbs_t *s = db_prep(c, "SELECT roles FROM accounts WHERE id = ? AND department = ? "
			      "AND status = 'active'");
	db_bind(s, id, department);
	bool found = db_step(s) == DB_ROW;
	if (found)
		db_col_str(s, 0, roles, n);
	db_reset(s);
	return found;
}

bool account_store_password_hash(dbc_t *c, const char *id, char out[PW_HASH_LEN])
{
	dbs_t *s = db_prep(c, "SELECT password_hash FROM accounts WHERE id = ? AND status = 'active'");
	db_bind(s, id);
	out[0] = '\0';
	bool found = db_step(s) == DB_ROW;
	if (found)
		db_col_str(s, 0, out, PW_HASH_LEN);
	db_reset(s);
	return found && out[0];
}

int account_store_set_password(dbc_t *c, const char *id, const char *password_hash)
{
	if (db_run(c,
		   "UPDATE accounts SET password_hash = ?, version = version + 1 "
		   "WHERE id = ? AND status = 'active'",
		   password_hash, id) != DB_DONE)
		return -1;
	return db_changes(c) == 1 ? 0 : -1;
}

int account_store_erase_personal(dbc_t *c, const char *id, int64_t now_ms)
{
	char tomb[ACCOUNT_ID_LEN + 16];
	snprintf(tomb, sizeof tomb, "deleted-%s", id);
	if (db_run(c,
		   "UPDATE accounts SET display_name = '已注销用户', username = ?, id_number = NULL, "
		   "id_number_bidx = NULL, credit_code = NULL, legal_rep = NULL, phone = NULL, "
		   "phone_bidx = NULL, "
		   "email = NULL, password_hash = '', "
		   "status = 'deleted', deleted_at = ?, version = version + 1 "
		   "WHERE id = ? AND status = 'active' AND kind IN ('person', 'enterprise')",
		   tomb, now_ms, id) != DB_DONE)
		return -1;
	return db_changes(c) == 1 ? 0 : -1;
}
