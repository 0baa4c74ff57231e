/* agent_store.c — every statement on account_agents (see agent_store.h). */
#include "domain/identity/agent_store.h"
#include <stdio.h>
#include <string.h>

int agent_store_insert(dbc_t *c, const char *principal_id, const char *agent_id, const char *relation,
		       const char *source, int64_t now)
{
	return db_run(c,
		      "INSERT INTO account_agents (principal_id, agent_id, relation, source, created_at) "
		      "VALUES (?, ?, ?, ?, ?)",
		      principal_id, agent_id, relation, source, now);
}

bool agent_store_relation(dbc_t *c, const char *agent_id, const char *principal_id, char out[16])
{
	dbs_t *s = db_prep(c, "SELECT relation FROM account_agents WHERE agent_id = ? AND principal_id = ?");
	out[0] = '\0';
	if (!s)
		return false;
	db_bind(s, agent_id, principal_id);
	bool ok = db_step(s) == DB_ROW;
	if (ok)
		db_col_str(s, 0, out, 16);
	db_reset(s);
	return ok;
}

int agent_store_principals(dbc_t *c, const char *agent_id, void (*fn)(const agent_principal_t *p, void *ctx),
			   void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT a.id, a.display_name, COALESCE(a.credit_code, ''), g.relation, "
			      "g.created_at, "
			      "CASE WHEN a.password_hash = '" AGENT_NO_PASSWORD "' THEN 0 ELSE 1 END "
			      "FROM account_agents g JOIN accounts a ON a.id = g.principal_id "
			      "WHERE g.agent_id = ? AND a.status = 'active' ORDER BY g.created_at, a.id");
	if (!s)
		return -1;
	db_bind(s, agent_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		agent_principal_t p = {db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2),
				       db_col_text(s, 3), db_col_int(s, 4),  db_col_int(s, 5) != 0};
		fn(&p, ctx);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}
