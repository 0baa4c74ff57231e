/* email_change_store.h — the SQL of pending email changes (internal to domain/identity). */
#ifndef ONESTOP_EMAIL_CHANGE_STORE_H
#define ONESTOP_EMAIL_CHANGE_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "base/crypto.h"
#include "store/store.h"

#define EMAIL_LEN 256

typedef struct {
	char email[EMAIL_LEN], code_hash[HASH_HEX_LEN];
	int64_t attempts, sends, sends_from, expires_at;
} email_change_row_t;

bool email_change_store_get(dbc_t *c, const char *account_id, email_change_row_t *out);
/* Replaces the account's pending change; sends and sends_from as the caller counted them. 0 or -1. */
int email_change_store_put(dbc_t *c, const char *account_id, const char *email, const char *code_hash,
			   int64_t sends, int64_t sends_from, int64_t now_ms, int64_t expires_ms);
/* Takes one try of a live code (unexpired, fewer than max tries): 1 taken, 0 not, -1 on error. */
int email_change_store_try(dbc_t *c, const char *account_id, int64_t now_ms, int64_t max_attempts);
/* Removes the account's pending change. 0 or -1. */
int email_change_store_delete(dbc_t *c, const char *account_id);
/* The account's email address becomes `email`; its version moves on. 0 or -1. */
int email_change_store_set_account(dbc_t *c, const char *account_id, const char *email);

#endif
