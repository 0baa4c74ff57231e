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
	    "auto_grant, eligibility, state, created_by, created_at, title_en, text_en, benefit_en) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?)",
	    id, S("title"), S("text"), issuer, S("period_start"), S("period_end"), S("benefit"),
	    (int64_t)json_is_true(json_object_get(p, "auto_grant")), json_object_get(p, "eligibility"), by,
	    now, S("title_en"), S("text_en"), S("benefit_en"));
#undef S
}

#define POLICY_COLS                                                                                          \
	"id, title, body, issuer, period_start, period_end, benefit_text, auto_grant, eligibility, state, "  \
	"version, published_at, title_en, text_en, benefit_en"

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
	json_object_set_new(o, "title_en", json_string(db_col_text(s, 12)));
	json_object_set_new(o, "text_en", json_string(db_col_text(s, 13)));
	json_object_set_new(o, "benefit_en", json_string(db_col_text(s, 14)));
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

#define FIRM_SQL                                                                                             \
	"SELECT p.account_id, p.industry, p.size, p.district, p.tax_credit, p.employees, p.founded "         \
	"FROM enterprise_profiles p JOIN accounts a ON a.id = p.account_id "                                 \
	"WHERE a.kind = 'enterprise' AND a.status = 'active' "

static json_t *firm_row(dbs_t *s)
{
	json_t *f = json_pack("{ss ss ss ss ss sI}", "account", db_col_text(s, 0), "industry",
			      db_col_text(s, 1), "size", db_col_text(s, 2), "district", db_col_text(s, 3),
			      "tax_credit", db_col_text(s, 4), "employees", (json_int_t)db_col_int(s, 5));
	if (*db_col_text(s, 6))
		json_object_set_new(f, "founded", json_string(db_col_text(s, 6)));
	return f;
}

json_t *policy_store_enterprises(dbc_t *c)
{
	json_t *out = json_array();
	dbs_t *s = db_prep(c, FIRM_SQL "ORDER BY p.account_id");
	while (db_step(s) == DB_ROW)
		json_array_append_new(out, firm_row(s));
	db_reset(s);
	return out;
}

json_t *policy_store_enterprise(dbc_t *c, const char *account)
{
	dbs_t *s = db_prep(c, FIRM_SQL "AND p.account_id = ?");
	db_bind(s, account);
	json_t *f = db_step(s) == DB_ROW ? firm_row(s) : NULL;
	db_reset(s);
	return f;
}

json_t *policy_store_in_force(dbc_t *c, const char *today)
{
	json_t *out = json_array();
	dbs_t *s = db_prep(c, "SELECT " POLICY_COLS " FROM policies WHERE state = 'published' "
			      "AND period_end >= ? ORDER BY published_at, id");
	db_bind(s, today);
	while (db_step(s) == DB_ROW)
		json_array_append_new(out, policy_row(s));
	db_reset(s);
	return out;
}

int policy_store_match_update(dbc_t *c, const char *policy, const char *account, int64_t benefit,
			      const json_t *expl)
{
	return db_run(c, "UPDATE policy_matches SET benefit = ?, explanation = ? "
			 "WHERE policy_id = ? AND account_id = ?",
		      benefit, expl, policy, account);
}

int policy_store_unmatch(dbc_t *c, const char *policy, const char *account)
{
	return db_run(c,
		      "DELETE FROM policy_matches WHERE policy_id = ? AND account_id = ? AND NOT EXISTS "
		      "(SELECT 1 FROM policy_grants g WHERE g.policy_id = policy_matches.policy_id AND "
		      "g.account_id = policy_matches.account_id) AND NOT EXISTS (SELECT 1 FROM "
		      "policy_applications a WHERE a.policy_id = policy_matches.policy_id AND "
		      "a.account_id = policy_matches.account_id)",
		      policy, account);
}

json_t *policy_store_matches(dbc_t *c, const char *policy)
{
	json_t *out = json_array();
	dbs_t *s = db_prep(
	    c, "SELECT m.account_id, a.display_name, m.benefit, m.explanation, g.how, (SELECT COUNT(*) FROM "
	       "policy_applications x WHERE x.policy_id = m.policy_id AND x.account_id = m.account_id) "
	       "FROM policy_matches m JOIN accounts a ON a.id = m.account_id LEFT JOIN policy_grants g ON "
	       "g.policy_id = m.policy_id AND g.account_id = m.account_id WHERE m.policy_id = ? "
	       "ORDER BY m.benefit DESC, a.display_name, m.account_id");
	db_bind(s, policy);
	while (db_step(s) == DB_ROW)
		json_array_append_new(
		    out, json_pack("{ss ss sI so s:s? sb}", "account", db_col_text(s, 0), "name",
				   db_col_text(s, 1), "amount", (json_int_t)db_col_int(s, 2), "matched_rows",
				   db_col_json(s, 3), "granted", db_col_text(s, 4), "applied",
				   db_col_int(s, 5) > 0));
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
	       "g.how, p.title_en, p.benefit_en, (SELECT COUNT(*) FROM policy_applications a "
	       "WHERE a.policy_id = p.id AND "
	       "a.account_id = m.account_id) FROM policy_matches m JOIN policies p ON p.id = m.policy_id "
	       "LEFT JOIN policy_grants g ON g.policy_id = m.policy_id AND g.account_id = m.account_id "
	       "WHERE m.account_id = ? ORDER BY m.benefit DESC, p.published_at DESC, p.id");
	db_bind(s, account);
	while (db_step(s) == DB_ROW)
		json_array_append_new(
		    out, json_pack("{ss ss ss ss sb sI so s:s? ss ss sb}", "id", db_col_text(s, 0), "title",
				   db_col_text(s, 1), "issuer", db_col_text(s, 2), "benefit",
				   db_col_text(s, 3), "auto_grant", db_col_int(s, 4) != 0, "amount",
				   (json_int_t)db_col_int(s, 5), "matched_rows", db_col_json(s, 6), "granted",
				   db_col_text(s, 7), "title_en", db_col_text(s, 8), "benefit_en",
				   db_col_text(s, 9), "applied", db_col_int(s, 10) > 0));
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
