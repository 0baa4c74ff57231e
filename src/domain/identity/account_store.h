/* account_store.h — the SQL of accounts (internal to domain/identity; other
 * subsystems use account.h). */
#ifndef ONESTOP_ACCOUNT_STORE_H
#define ONESTOP_ACCOUNT_STORE_H

#include "domain/identity/account.h"
#include "base/crypto.h"

/* A new account's row, already validated. NULL strings store NULL. */
typedef struct {
	const char *id, *kind, *username, *password_hash, *display_name, *id_number, *credit_code, *legal_rep;
	const char *phone, *email, *department, *roles;
	int64_t created_at;
} account_insert_t;

/* What login needs: the hash and status, and the actor it becomes. */
typedef struct {
	char id[ACCOUNT_ID_LEN];
	char password_hash[PW_HASH_LEN];
	char status[16];
	actor_t actor;     /* kind, roles, department, display name; id and request id left to the caller */
} account_login_t;

/* An account as account_json shows it. Strings are owned (NULL for SQL
 * NULL); account_row_release frees them. */
typedef struct {
	char *id, *kind, *username, *display_name, *id_number, *credit_code, *legal_rep, *phone, *email;
	char *department, *department_zh, *department_en, *roles;
	int64_t created_at, version;
} account_row_t;

bool account_store_username_taken(dbc_t *c, const char *username);
bool account_store_id_number_taken(dbc_t *c, const char *id_number);
bool account_store_credit_code_taken(dbc_t *c, const char *credit_code);
bool account_store_any(dbc_t *c);
/* DB_DONE, DB_CONSTRAINT (a unique column taken meanwhile) or an error. */
int account_store_insert(dbc_t *c, const account_insert_t *a);
/* False when no account has that username. */
bool account_store_login(dbc_t *c, const char *username, account_login_t *out);
bool account_store_get(dbc_t *c, const char *id, account_row_t *out);
/* The kind and credit code of account `id` (both "" when absent), its sealed columns left closed:
 * what a case checks of its applicant. false when there is no such account. */
bool account_store_kind_credit(dbc_t *c, const char *id, char kind[ACCOUNT_KIND_LEN],
			       char credit_code[CREDIT_CODE_LEN]);
void account_row_release(account_row_t *r);
bool account_store_active_by_id_number(dbc_t *c, const char *id_number, char out[ACCOUNT_ID_LEN]);
bool account_store_active_by_credit_code(dbc_t *c, const char *credit_code, char out[ACCOUNT_ID_LEN]);
bool account_store_brief(dbc_t *c, const char *id, account_brief_t *out);
void account_store_staff_each(dbc_t *c, const char *department,
			      void (*fn)(const account_staff_t *s, void *ctx), void *ctx);
/* The stored role list of an active account of the department; false when none. */
bool account_store_staff_roles(dbc_t *c, const char *id, const char *department, char *roles, size_t n);

/* The stored hash of an active account; false when none. */
bool account_store_password_hash(dbc_t *c, const char *id, char out[PW_HASH_LEN]);
/* Sets a new password hash (a reset), version + 1. 0, or -1 when no active account has that id. */
int account_store_set_password(dbc_t *c, const char *id, const char *password_hash);
/* Erases an applicant account's personal data at its owner's request (PIPL
 * art. 47): the name becomes 已注销用户, the username "deleted-<id>" (the old
 * one is free again), ID number, credit code, legal representative, phone,
 * email and password are cleared, status 'deleted', deleted_at = now,
 * version + 1. The one place that knows which columns hold personal data:
 * columns added later (encrypted copies, blind indexes) are cleared here too.
 * 0, or -1 when no active applicant account has that id. */
int account_store_erase_personal(dbc_t *c, const char *id, int64_t now_ms);

#endif
