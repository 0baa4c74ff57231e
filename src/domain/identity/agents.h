/* agents.h — accounts that act for others: the enterprise a bundle's
 * registration created, and its legal representative (法定代表人) — the
 * person who applied — who acts for it (docs/bundles.md).
 *
 * The enterprise account is created in the transaction that approves the
 * registration, with the new 统一社会信用代码 as its username and no
 * password: it cannot log in on its own until its legal representative sets
 * one. Until then, and after, the person sees it under 我的企业 and the
 * certificates it holds in their wallet. */
#ifndef ONESTOP_AGENTS_H
#define ONESTOP_AGENTS_H

#include <jansson.h>
#include <stdbool.h>
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "domain/identity/account.h"
#include "base/errs.h"
#include "store/store.h"

typedef struct {
	const char *name;        /* the enterprise's name, as registered */
	const char *credit_code; /* its new 统一社会信用代码 (18 characters, checked by the caller) */
	const char *legal_rep;   /* the legal representative's name */
	const char *agent_id;    /* the person who acts for it */
	const char *source;      /* what created it (a bundle case id) */
} enterprise_new_t;

/* Creates the enterprise account and records `agent_id` as its legal
 * representative, audited as `by`, inside the caller's write. E_OK,
 * E_CONFLICT when the credit code is already registered (nothing written),
 * E_INTERNAL. out_id receives the new account's id. */
errcode_t agents_enterprise_create(dbc_t *c, const actor_t *by, const enterprise_new_t *in,
				   char out_id[ACCOUNT_ID_LEN]);

/* Whether `agent_id` may act for `principal_id` (any relation). */
bool agents_acts_for(dbc_t *c, const char *agent_id, const char *principal_id);

/* The accounts `agent_id` acts for: {"items": [{id, name, credit_code,
 * relation, since, has_password}]}. */
json_t *agents_principals(dbc_t *c, const char *agent_id);

/* Calls fn with the id of every account `agent_id` acts for. */
void agents_each_principal(dbc_t *c, const char *agent_id, void (*fn)(const char *id, void *ctx), void *ctx);

/* The legal representative sets the enterprise's login password (username:
 * its credit code). E_NOT_FOUND when the caller is not its legal
 * representative; E_VALIDATION (errs, "password") for a weak one. */
errcode_t agents_set_password(store_t *st, const actor_t *by, const char *principal_id, const char *password,
			      errs_t *errs);

#endif
