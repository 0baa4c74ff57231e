/* agent_store.h — the SQL of account_agents (internal to domain/identity). */
#ifndef ONESTOP_AGENT_STORE_H
#define ONESTOP_AGENT_STORE_H

#include "domain/identity/agents.h"

/* The password hash of an account that cannot log in (no argon2id string is "!"). */
#define AGENT_NO_PASSWORD "!"

/* DB_DONE, DB_CONSTRAINT or an error. */
int agent_store_insert(dbc_t *c, const char *principal_id, const char *agent_id, const char *relation,
		       const char *source, int64_t now);
/* The relation of agent to principal into out ("" and false when none). */
bool agent_store_relation(dbc_t *c, const char *agent_id, const char *principal_id, char out[16]);

typedef struct {
	const char *id, *name, *credit_code, *relation;
	int64_t since;
	bool has_password;
} agent_principal_t;
/* Calls fn for every active account agent_id acts for, oldest first. 0 or -1. */
int agent_store_principals(dbc_t *c, const char *agent_id, void (*fn)(const agent_principal_t *p, void *ctx),
			   void *ctx);

#endif
