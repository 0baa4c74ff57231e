/* payment_store.c — every statement on payment_notices (see payment_store.h). */
#include "domain/payments/payment_store.h"
#include <stdio.h>

#define COLS                                                                                                 \
	"id, case_id, department, payer_account, amount_fen, payment_code, status, issued_at, issued_step, " \
	"paid_at, channel, method, recorded_by, provider_txn, receipt_number, cancelled_at, version, "       \
	"result_waits"

static bool one(dbc_t *c, const char *sql, const char *key, payment_row_t *r)
{
	dbs_t *s = db_prep(c, sql);
	db_bind(s, key);
	bool found = db_step(s) == DB_ROW;
	if (found) {
		db_col_str(s, 0, r->id, sizeof r->id);
		db_col_str(s, 1, r->case_id, sizeof r->case_id);
		db_col_str(s, 2, r->department, sizeof r->department);
		db_col_str(s, 3, r->payer, sizeof r->payer);
		r->amount_fen = db_col_int(s, 4);
		db_col_str(s, 5, r->code, sizeof r->code);
		db_col_str(s, 6, r->status, sizeof r->status);
		r->issued_at = db_col_int(s, 7);
		db_col_str(s, 8, r->step, sizeof r->step);
		r->paid_at = db_col_null(s, 9) ? 0 : db_col_int(s, 9);
		db_col_str(s, 10, r->channel, sizeof r->channel);
		db_col_str(s, 11, r->method, sizeof r->method);
		db_col_str(s, 12, r->recorded_by, sizeof r->recorded_by);
		db_col_str(s, 13, r->txn, sizeof r->txn);
		db_col_str(s, 14, r->receipt, sizeof r->receipt);
		r->cancelled_at = db_col_null(s, 15) ? 0 : db_col_int(s, 15);
		r->version = db_col_int(s, 16);
		r->result_waits = db_col_int(s, 17) != 0;
	}
	db_reset(s);
	return found;
}

bool payment_store_by_case(dbc_t *c, const char *case_id, payment_row_t *r)
{
	return one(c, "SELECT " COLS " FROM payment_notices WHERE case_id = ?", case_id, r);
}

bool payment_store_by_code(dbc_t *c, const char *code, payment_row_t *r)
{
	return one(c, "SELECT " COLS " FROM payment_notices WHERE payment_code = ?", code, r);
}

bool payment_store_by_txn(dbc_t *c, const char *txn, payment_row_t *r)
{
	return one(c, "SELECT " COLS " FROM payment_notices WHERE provider_txn = ?", txn, r);
}

int payment_store_insert(dbc_t *c, const payment_row_t *r)
{
	int rc = db_run(c,
			"INSERT INTO payment_notices (id, case_id, department, payer_account, amount_fen, "
			"payment_code, status, issued_at, issued_step, result_waits, version) "
			"VALUES (?, ?, ?, ?, ?, ?, 'issued', ?, ?, ?, 1) ON CONFLICT DO NOTHING",
			r->id, r->case_id, r->department, r->payer, r->amount_fen, r->code, r->issued_at,
			r->step, r->result_waits);
	if (rc != DB_DONE)
		return -1;
	return db_changes(c) == 1 ? 0 : 1;
}

static const char *or_null(const char *s) { return s && *s ? s : NULL; }

int payment_store_pay(dbc_t *c, const payment_row_t *r, int64_t version)
{
	int rc = db_run(c,
			"UPDATE payment_notices SET status = 'paid', paid_at = ?, channel = ?, method = ?, "
			"recorded_by = ?, provider_txn = ?, receipt_number = ?, version = version + 1 "
			"WHERE id = ? AND version = ? AND status = 'issued'",
			r->paid_at, r->channel, or_null(r->method), or_null(r->recorded_by), or_null(r->txn),
			r->receipt, r->id, version);
	if (rc == DB_CONSTRAINT)
		return 1;
	if (rc != DB_DONE)
		return -1;
	return db_changes(c) == 1 ? 0 : 1;
}

int payment_store_cancel(dbc_t *c, const char *id, int64_t now, int64_t version)
{
	if (db_run(c,
		   "UPDATE payment_notices SET status = 'cancelled', cancelled_at = ?, version = version + 1 "
		   "WHERE id = ? AND version = ? AND status = 'issued'",
		   now, id, version) != DB_DONE)
		return -1;
	return db_changes(c) == 1 ? 0 : 1;
}
