/* account.h — people, enterprises and staff, and their passwords.
 *
 * People (自然人) register with their name and 身份证号 (GB 11643), enterprises
 * (法人) with their name, 统一社会信用代码 (GB 32100) and legal
 * representative; staff are created by administrators with a department and
 * roles. Passwords are argon2id hashes. Sessions are in session.h, included
 * here for the callers that have always found them through this header. */
#ifndef ONESTOP_ACCOUNTS_H
#define ONESTOP_ACCOUNTS_H

#include <jansson.h>
#include <stdbool.h>
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "domain/core/ratelimit.h"
#include "domain/identity/session.h"
#include "base/errs.h"
#include "store/store.h"

#define ACCOUNT_KIND_LEN ACTOR_KIND_LEN
#define ACCOUNT_NAME_LEN ACTOR_NAME_LEN
#define ID_NUMBER_LEN 19      /* 18 characters of a normalised 身份证号, and the NUL */
#define CREDIT_CODE_LEN 19    /* 18 characters of a 统一社会信用代码, and the NUL */

typedef struct {
	const char *kind;          /* person | enterprise | staff */
	const char *username;
	const char *password;
	const char *name;          /* person's or enterprise's name, staff display name */
	const char *id_number;     /* person */
	const char *credit_code;   /* enterprise */
	const char *legal_rep;     /* enterprise */
	const char *phone;
	const char *email;
	const char *department;    /* staff */
	const char *roles;         /* staff, comma-separated */
	const char *client_addr;   /* self-registration: counted per address (ratelimit.h) */
	const char *password_hash; /* seeding many accounts: the hash of `password`, computed once
				    * (account_hash_password) and shared, instead of one each */
	limit_hit_t *limited;      /* out, may be NULL: which limit refused (E_RATE_LIMITED) */
} account_new_t;

/* Validates and creates an account; every field problem goes to errs (and
 * E_VALIDATION is returned); a taken username, ID number or credit code is
 * E_CONFLICT with the field named; a self-registration over its address's
 * limit is E_RATE_LIMITED, nothing written. On success writes the new id to out_id. */
errcode_t account_create(store_t *st, const actor_t *by, const account_new_t *in, errs_t *errs,
			 char out_id[ACCOUNT_ID_LEN]);

/* The argon2id hash of a password, for account_new_t.password_hash. 0 or -1. */
int account_hash_password(const char *password, char *out, size_t n);

/* The account as JSON (account_read.c). `self` shows the owner's own data in
 * clear; otherwise ID numbers and phones are masked. NULL when not found. */
json_t *account_json(dbc_t *c, const char *id, bool self);

/* Checks a username/password/name for the rules (shared with staff creation). */
void account_check_password(const char *username, const char *password, errs_t *errs);

/* The active account registered with a 身份证号, which must already be
 * normalised (18 characters, check character 'X' upper case: the form
 * idnum_check gives in info.normalized). Writes its id to out and returns
 * true; false (out = "") when none, or when that account is not active. */
bool account_find_active_by_id_number(dbc_t *c, const char *id_number, char out[ACCOUNT_ID_LEN]);
/* The same for an enterprise's 统一社会信用代码 (18 characters, as registered). */
bool account_find_active_by_credit_code(dbc_t *c, const char *credit_code, char out[ACCOUNT_ID_LEN]);

/* What filing needs of an applicant: its kind and, for an enterprise, its
 * 统一社会信用代码 ("" when it has none). False (both "") when the id is unknown. */
bool account_applicant_facts(dbc_t *c, const char *id, char kind[ACCOUNT_KIND_LEN],
			     char credit_code[CREDIT_CODE_LEN]);

/* Who holds what an account is issued (domain/certs): a person by its
 * 身份证号, an enterprise by its 统一社会信用代码, with its name. False (all
 * "") when the id is unknown or the account has neither. */
bool account_holder(dbc_t *c, const char *id, char kind[ACCOUNT_KIND_LEN], char holder_id[CREDIT_CODE_LEN],
		    char name[ACCOUNT_NAME_LEN]);

/* Whether `proof` is what the applicant account `id` would know of itself:
 * its 身份证号 (upper-cased), its 统一社会信用代码, or its phone (digits
 * only, so 138-1234-5678 is 13812345678), compared in constant time. False
 * for an unknown or staff account, or an empty proof (进度查询). */
bool account_proof_matches(dbc_t *c, const char *id, const char *proof);

/* What others may show of an account: its display name and kind. */
typedef struct {
	char name[ACCOUNT_NAME_LEN];
	char kind[ACCOUNT_KIND_LEN];   /* person | enterprise | staff */
} account_brief_t;
/* Fills out for any account, active or not; false (out zeroed) when the id is unknown. */
bool account_brief(dbc_t *c, const char *id, account_brief_t *out);

/* An active staff member, borrowed for the duration of a callback. */
typedef struct {
	const char *id, *display_name;
	const char *department;    /* "" when none */
	unsigned roles;            /* role_t bits; 0 when the stored list does not parse */
} account_staff_t;
/* Calls fn for every active staff account of `department` (NULL: of every
 * department), ordered by display name and then id. */
void account_staff_each(dbc_t *c, const char *department, void (*fn)(const account_staff_t *s, void *ctx),
			void *ctx);
/* The roles of an active staff account of `department`; false (*roles = 0)
 * when the account is not an active member of that department. */
bool account_staff_roles(dbc_t *c, const char *id, const char *department, unsigned *roles);

/* True when `password` is the password of the active account `id` (argon2id:
 * slow, call it outside the writer). */
bool account_password_matches(dbc_t *c, const char *id, const char *password);
/* Inside a write: erases the personal data of the active applicant account
 * `id` at its owner's request (account_store_erase_personal: name, ID number,
 * credit code, phone, email, password; the username freed), ends its
 * sessions, drops its reset code, and audits it with the ID number and phone
 * masked. The caller has settled that the law lets it go (no case in
 * progress). 0, E_NOT_FOUND when no such account, < 0 on a database error. */
int account_erase(dbc_t *c, const actor_t *by, const char *id);

/* True when the username is taken (by an account of any status). */
bool account_username_taken(dbc_t *c, const char *username);
/* True when at least one account exists. */
bool account_any(dbc_t *c);

#endif
