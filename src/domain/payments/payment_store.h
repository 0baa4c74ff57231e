/* payment_store.h — the SQL of payment notices (0029_payments.sql).
 * Internal to domain/payments. */
#ifndef ONESTOP_PAYMENT_STORE_H
#define ONESTOP_PAYMENT_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "domain/core/actor.h"
#include "domain/core/ids.h"
#include "domain/payments/payment.h"
#include "store/store.h"

#define PAYMENT_TXN_MAX 64
#define PAYMENT_RECEIPT_LEN 24

typedef struct {
	char id[ENTITY_ID_LEN], case_id[ENTITY_ID_LEN], department[DEPT_CODE_LEN], payer[ACCOUNT_ID_LEN],
	    code[PAYMENT_CODE_DIGITS + 1], status[12], step[24], channel[12], method[12],
	    recorded_by[ACCOUNT_ID_LEN], txn[PAYMENT_TXN_MAX + 1], receipt[PAYMENT_RECEIPT_LEN];
	int64_t amount_fen, issued_at, paid_at, cancelled_at, version;
	bool result_waits;
} payment_row_t;

/* The notice of a case, of a payment code, of a provider transaction. */
bool payment_store_by_case(dbc_t *c, const char *case_id, payment_row_t *r);
bool payment_store_by_code(dbc_t *c, const char *code, payment_row_t *r);
bool payment_store_by_txn(dbc_t *c, const char *txn, payment_row_t *r);
/* A new notice (status issued, version 1). 0; 1 when its payment code is
 * taken already (draw another); -1 on a database error. */
int payment_store_insert(dbc_t *c, const payment_row_t *r);
/* Marks an issued notice paid with r's channel, method, clerk, transaction,
 * receipt and paid_at, if it is still at `version`. 0; 1 when it changed
 * meanwhile or the transaction or receipt is taken; -1 on an error. */
int payment_store_pay(dbc_t *c, const payment_row_t *r, int64_t version);
/* Cancels an issued notice. 0, 1 (changed meanwhile), -1. */
int payment_store_cancel(dbc_t *c, const char *id, int64_t now, int64_t version);

/* Marks r paid (its channel, method, clerk and transaction set by the
 * caller; payment.c), with a new receipt number, audits it and tells the
 * payer. 0, 1 (changed meanwhile), -1. */
int payment_pay(dbc_t *c, const actor_t *by, payment_row_t *r, int64_t now);

#endif
