/* agents.c — the enterprise a registration created and the person who acts
 * for it (see agents.h). */
#include "domain/identity/agents.h"
#include "domain/identity/account_store.h"
#include "domain/identity/agent_store.h"
#include "domain/core/audit.h"
#include "domain/core/role.h"
#include "base/clock.h"
#include "base/crypto.h"
#include <stdio.h>
#include <string.h>

errcode_t agents_enterprise_create(dbc_t *c, const actor_t *by, const enterprise_new_t *in,
				   char out_id[ACCOUNT_ID_LEN])
{
	if (account_store_credit_code_taken(c, in->credit_code) ||
	    account_store_username_taken(c, in->credit_code))
		return E_CONFLICT;
	char id[ACCOUNT_ID_LEN], roles[ROLE_LIST_LEN];
	role_format_list(ROLE_ENTERPRISE, roles, sizeof roles);
	id_new(id);
	int64_t now = clock_now_ms();
	account_insert_t row = {.id = id,
				.kind = "enterprise",
				.username = in->credit_code,
				.password_hash = AGENT_NO_PASSWORD,
				.display_name = in->name,
				.credit_code = in->credit_code,
				.legal_rep = in->legal_rep,
				.roles = roles,
				.created_at = now};
	int rc = account_store_insert(c, &row);
	if (rc == DB_CONSTRAINT)
		return E_CONFLICT;
	if (rc != DB_DONE || agent_store_insert(c, id, in->agent_id, "legal_rep", in->source, now) != DB_DONE)
		return E_INTERNAL;
	json_t *detail = json_pack("{ss ss ss ss*}", "kind", "enterprise", "credit_code", in->credit_code,
				   "legal_rep_account", in->agent_id, "source", in->source);
	rc = audit_append(c, by, "account.create", "account", id, 0, 1, detail);
	json_decref(detail);
	if (rc != 0)
		return E_INTERNAL;
	memcpy(out_id, id, ACCOUNT_ID_LEN);
	return E_OK;
}

bool agents_acts_for(dbc_t *c, const char *agent_id, const char *principal_id)
{
	char rel[16];
	return agent_id && principal_id && agent_store_relation(c, agent_id, principal_id, rel);
}

static void add_principal(const agent_principal_t *p, void *ctx)
{
	json_array_append_new(ctx, json_pack("{ss ss ss ss sI sb}", "id", p->id, "name", p->name ?: "",
					     "credit_code", p->credit_code ?: "", "relation", p->relation,
					     "since", (json_int_t)p->since, "has_password", p->has_password));
}

json_t *agents_principals(dbc_t *c, const char *agent_id)
{
	json_t *items = json_array();
	if (agent_store_principals(c, agent_id, add_principal, items) != 0) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{so}", "items", items);
}

struct each {
	void (*fn)(const char *id, void *ctx);
	void *ctx;
};

static void each_one(const agent_principal_t *p, void *ctx)
{
	struct each *e = ctx;
	e->fn(p->id, e->ctx);
}

void agents_each_principal(dbc_t *c, const char *agent_id, void (*fn)(const char *id, void *ctx), void *ctx)
{
	struct each e = {fn, ctx};
	agent_store_principals(c, agent_id, each_one, &e);
}

struct pw_ctx {
	const actor_t *by;
	const char *principal;
	char hash[PW_HASH_LEN];
};

static int pw_write(dbc_t *c, void *arg)
{
	struct pw_ctx *x = arg;
	/* the relation was checked before the hash was made: relations are never removed */
	if (account_store_set_password(c, x->principal, x->hash) != 0)
		return E_NOT_FOUND;
	return audit_append(c, x->by, "account.password_set", "account", x->principal, 0, 0, NULL) == 0 ? 0
													: -1;
}

errcode_t agents_set_password(store_t *st, const actor_t *by, const char *principal_id, const char *password,
			      errs_t *errs)
{
	char rel[16], username[ACCOUNT_NAME_LEN] = "";
	account_row_t row;
	dbc_t *c = store_reader(st);
	if (!agent_store_relation(c, by->id, principal_id, rel) || strcmp(rel, "legal_rep") != 0 ||
	    !account_store_get(c, principal_id, &row))
		return E_NOT_FOUND;
	snprintf(username, sizeof username, "%s", row.username ? row.username : "");
	account_row_release(&row);
	account_check_password(username, password, errs);
	if (errs_any(errs))
		return E_VALIDATION;
	struct pw_ctx x = {.by = by, .principal = principal_id};
	if (pw_hash(password, x.hash) != 0)
		return E_INTERNAL;
	int r = store_write(st, pw_write, &x);
	return r == 0 ? E_OK : r == E_NOT_FOUND ? E_NOT_FOUND : E_INTERNAL;
}
