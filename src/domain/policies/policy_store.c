/* policy_store.c — the policies' SQL (see policy_store.h). */
#include "domain/policies/policy_store.h"
#include <string.h>

int policy_store_insert(dbc_t *c, const char *id, const json_t *p, const char *issuer, const char *by,
			int64_t now)
{
#define S(k) (json_string_value(json_object_get(p, k)) ?: "")
	return db_run(
	    c,
	    "INSERT INTO policies (id, title, body, issuer, period_start, period_end, benefit_text, "
	    "auto_grant, eligibility, state, created_by, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)",
	    id, S("title"), S("text"), issuer, S("period_start"), S("period_end"), S("benefit"),
	    (int64_t)json_is_true(json_object_get(p, "auto_grant")), json_object_get(p, "eligibility"), by,
	    now);
#undef S
}

#define POLICY_COLS                                                                                          \
	"id, title, body, issuer, period_start, period_end, benefit_text, auto_grant, eligibility, state, "  \
	"version, published_at"

static json_t *policy_row(dbs_t *s)
{
	json_t *o = json_pack("{ss ss ss ss ss ss ss sb so ss sI}", "id", db_col_text(s, 0), "title",
			      db_col_text(s, 1), "text", db_col_text(s, 2), "issuer", db_col_text(s, 3),
			      "period_start", db_col_text(s, 4), "period_end", db_col_text(s, 5), "benefit",
			      db_col_text(s, 6), "auto_grant", db_col_int(s, 7) != 0, "eligibility",
			      db_col_json(s, 8), "state", db_col_text(s, 9), "version",
			      (json_int_t)db_col_int(s, 10));
	if (!db_col_null(s, 11))
		json_object_set_new(o, "published_at", json_integer(db_col_int(s, 11)));
	return o;
}

json_t *policy_store_get(dbc_t *c, const char *id)
{
	dbs_t *s = db_prep(c, "SELECT " POLICY_COLS " FROM policies WHERE id = ?");
	db_bind(s, id);
	json_t *o = db_step(s) == DB_ROW ? policy_row(s) : NULL;
	db_reset(s);
	return o;
}

int policy_store_publish(dbc_t *c, const char *id, int64_t version, int64_t now)
{
	int rc = db_run(c,
			"UPDATE policies SET state = 'published', version = version + 1, published_at = ? "
			"WHERE id = ? AND version = ? AND state = 'draft'",
			now, id, version);
	return rc == DB_DONE && db_changes(c) != 1 ? DB_CONSTRAINT : rc;
}

json_t *policy_store_enterprises(dbc_t *c)
{
	json_t *out = json_array();
	dbs_t *s =
	    db_prep(c, "SELECT p.account_id, p.industry, p.size, p.district, p.tax_credit, p.employees, "
		       "p.founded FROM enterprise_profiles p JOIN accounts a ON a.id = p.account_id "
		       "WHERE a.kind = 'enterprise' AND a.status = 'active' ORDER BY p.account_id");
	while (db_step(s) == DB_ROW) {
		json_t *f =
		    json_pack("{ss ss ss ss ss sI}", "account", db_col_text(s, 0), "industry",
			      db_col_text(s, 1), "size", db_col_text(s, 2), "district", db_col_text(s, 3),
			      "tax_credit", db_col_text(s, 4), "employees", (json_int_t)db_col_int(s, 5));
		if (*db_col_text(s, 6))
			json_object_set_new(f, "founded", json_string(db_col_text(s, 6)));
		json_array_append_new(out, f);
	}
	db_reset(s);
	return out;
}

int policy_store_match(dbc_t *c, const char *policy, const char *account, int64_t benefit, const json_t *expl,
		       int64_t now)
{
	return db_run(c,
		      "INSERT INTO policy_matches (policy_id, account_id, benefit, explanation, matched_at) "
		      "VALUES (?, ?, ?, ?, ?)",
		      policy, account, benefit, expl, now);
}

int policy_store_grant(dbc_t *c, const char *policy, const char *account, int64_t benefit, const char *how,
		       int64_t now)
{
	return db_run(c,
		      "INSERT INTO policy_grants (policy_id, account_id, benefit, how, granted_at) VALUES "
		      "(?, ?, ?, ?, ?)",
		      policy, account, benefit, how, now);
}

static bool exists(dbc_t *c, const char *sql, const char *policy, const char *account)
{
	dbs_t *s = db_prep(c, sql);
	db_bind(s, policy, account);
	bool yes = db_step(s) == DB_ROW;
	db_reset(s);
	return yes;
}

bool policy_store_granted(dbc_t *c, const char *policy, const char *account)
{
	return exists(c, "SELECT 1 FROM policy_grants WHERE policy_id = ? AND account_id = ?", policy,
		      account);
}

bool policy_store_matched(dbc_t *c, const char *policy, const char *account)
{
	return exists(c, "SELECT 1 FROM policy_matches WHERE policy_id = ? AND account_id = ?", policy,
		      account);
}

int policy_store_apply(dbc_t *c, const char *policy, const char *account, int64_t now)
{
	return db_run(c,
		      "INSERT INTO policy_applications (policy_id, account_id, created_at) VALUES (?, ?, ?)",
		      policy, account, now);
}

json_t *policy_store_for_account(dbc_t *c, const char *account)
{
	json_t *out = json_array();
	dbs_t *s = db_prep(
	    c, "SELECT p.id, p.title, p.issuer, p.benefit_text, p.auto_grant, m.benefit, m.explanation, "
	       "g.how, (SELECT COUNT(*) FROM policy_applications a WHERE a.policy_id = p.id AND "
	       "a.account_id = m.account_id) FROM policy_matches m JOIN policies p ON p.id = m.policy_id "
	       "LEFT JOIN policy_grants g ON g.policy_id = m.policy_id AND g.account_id = m.account_id "
	       "WHERE m.account_id = ? ORDER BY m.benefit DESC, p.published_at DESC, p.id");
	db_bind(s, account);
	while (db_step(s) == DB_ROW)
		json_array_append_new(
		    out, json_pack("{ss ss ss ss sb sI so s:s? sb}", "id", db_col_text(s, 0), "title",
				   db_col_text(s, 1), "issuer", db_col_text(s, 2), "benefit",
				   db_col_text(s, 3), "auto_grant", db_col_int(s, 4) != 0, "amount",
				   (json_int_t)db_col_int(s, 5), "matched_rows", db_col_json(s, 6), "granted",
				   db_col_text(s, 7), "applied", db_col_int(s, 8) > 0));
	db_reset(s);
	return out;
}

json_t *policy_store_published(dbc_t *c, int limit)
{
	json_t *out = json_array();
	dbs_t *s = db_prep(c, "SELECT " POLICY_COLS " FROM policies WHERE state = 'published' "
			      "ORDER BY published_at DESC, id LIMIT ?");
	db_bind(s, (int64_t)limit);
	while (db_step(s) == DB_ROW)
		json_array_append_new(out, policy_row(s));
	db_reset(s);
	return out;
}
