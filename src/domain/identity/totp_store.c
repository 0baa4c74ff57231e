/* totp_store.c — every statement on staff_totp (see totp_store.h). */
#include "domain/identity/totp_store.h"
#include <stdio.h>

bool totp_store_get(dbc_t *c, const char *account_id, char *box_hex, size_t n, int64_t *last_step)
{
	dbs_t *s = db_prep(c, "SELECT secret_box, last_step FROM staff_totp WHERE account_id = ?");
	if (!s)
		return false;
	db_bind_text(s, 1, account_id);
	bool found = db_step(s) == DB_ROW;
	if (found) {
		db_col_str(s, 0, box_hex, n);
		*last_step = db_col_int(s, 1);
	}
	db_reset(s);
	return found;
}

int totp_store_claim(dbc_t *c, const char *account_id, int64_t step, int64_t max_last)
{
	if (db_run(c,
		   "UPDATE staff_totp SET last_step = ? WHERE account_id = ? AND (last_step < ? OR last_step "
		   "> ?)",
		   step, account_id, step, max_last) != DB_DONE)
		return -1;
	return db_changes(c) > 0 ? 1 : 0;
}

int totp_store_put(dbc_t *c, const char *account_id, const char *box_hex, int64_t now_ms, const char *by)
{
	if (db_run(c, "DELETE FROM staff_totp WHERE account_id = ?", account_id) != DB_DONE)
		return -1;
	return db_run(c,
		      "INSERT INTO staff_totp (account_id, secret_box, last_step, enrolled_at, enrolled_by) "
		      "VALUES (?,?,0,?,?)",
		      account_id, box_hex, now_ms, by) == DB_DONE
		   ? 0
		   : -1;
}

bool totp_store_staff_username(dbc_t *c, const char *account_id, char *out, size_t n)
{
	dbs_t *s =
	    db_prep(c, "SELECT username FROM accounts WHERE id = ? AND kind = 'staff' AND status = 'active'");
	if (!s)
		return false;
	db_bind_text(s, 1, account_id);
	bool found = db_step(s) == DB_ROW;
	if (found)
		db_col_str(s, 0, out, n);
	db_reset(s);
	return found;
}
