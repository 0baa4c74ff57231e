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
	    "auto_grant, eligibility, state, created_by, created_at, title_en, text_en, benefit_en, "
	    "matter_code) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?)",
	    id, S("title"), S("text"), issuer, S("period_start"), S("period_end"), S("benefit"),
	    (int64_t)json_is_true(json_object_get(p, "auto_grant")), json_object_get(p, "eligibility"), by,
	    now, S("title_en"), S("text_en"), S("benefit_en"),
	    json_string_value(json_object_get(p, "matter")));
#undef S
}

#define POLICY_COLS                                                                                          \
	"id, title, body, issuer, period_start, period_end, benefit_text, auto_grant, eligibility, state, "  \
	"version, published_at, title_en, text_en, benefit_en, matter_code"

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
	json_object_set_new(o, "matter", db_col_null(s, 15) ? json_null() : json_string(db_col_text(s, 15)));
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

/* {status, case, case_number} from columns i.. (status, case id, case number); null when none. */
static json_t *application(dbs_t *s, int i)
{
	if (db_col_null(s, i))
		return json_null();
	json_t *o = json_pack("{ss}", "status", db_col_text(s, i));
	json_object_set_new(o, "case",
			    db_col_null(s, i + 1) ? json_null() : json_string(db_col_text(s, i + 1)));
	json_object_set_new(o, "case_number",
			    db_col_null(s, i + 2) ? json_null() : json_string(db_col_text(s, i + 2)));
	return o;
}

/* A page of a policy's matches, the largest benefit first, the account id (descending) breaking ties:
 * the order of policy_matches_page (migration 0063), below the cursor's row when it is set. The cursor's
 * time is the benefit plus one (page.h's times start at 1; a benefit may be 0). */
#define MATCH_COLS                                                                                       \
	"SELECT m.account_id, a.display_name, m.benefit, m.explanation, g.how, x.status, x.case_id, "     \
	"k.number FROM policy_matches m JOIN accounts a ON a.id = m.account_id "                          \
	"LEFT JOIN policy_grants g ON g.policy_id = m.policy_id AND g.account_id = m.account_id "         \
	"LEFT JOIN policy_applications x ON x.policy_id = m.policy_id AND x.account_id = m.account_id "   \
	"LEFT JOIN cases k ON k.id = x.case_id WHERE m.policy_id = ? "
#define MATCH_BELOW "AND (m.benefit, m.account_id) < (?, ?) "
#define MATCH_ORDER "ORDER BY m.benefit DESC, m.account_id DESC LIMIT ?"

json_t *policy_store_matches(dbc_t *c, const char *policy, const page_cursor_t *cur, page_t *page)
{
	json_t *out = json_array();
	dbs_t *s;
	if (cur->set) {
		s = db_prep(c, MATCH_COLS MATCH_BELOW MATCH_ORDER);
		db_bind(s, policy, cur->at - 1, cur->id, page->limit + 1);
	} else {
		s = db_prep(c, MATCH_COLS MATCH_ORDER);
		db_bind(s, policy, page->limit + 1);
	}
	while (db_step(s) == DB_ROW) {
		if (!page_take(page, db_col_int(s, 2) + 1, db_col_text(s, 0)))
			break;
		json_array_append_new(
		    out, json_pack("{ss ss sI so s:s? sb so}", "account", db_col_text(s, 0), "name",
				   db_col_text(s, 1), "amount", (json_int_t)db_col_int(s, 2), "matched_rows",
				   db_col_json(s, 3), "granted", db_col_text(s, 4), "applied",
				   !db_col_null(s, 5), "application", application(s, 5)));
	}
	db_reset(s);
	return out;
}

int64_t policy_store_match_count(dbc_t *c, const char *policy)
{
	dbs_t *s = db_prep(c, "SELECT COUNT(*) FROM policy_matches WHERE policy_id = ?");
	db_bind(s, policy);
	int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
	db_reset(s);
	return n;
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

bool policy_store_applied(dbc_t *c, const char *policy, const char *account)
{
	return exists(c, "SELECT 1 FROM policy_applications WHERE policy_id = ? AND account_id = ?", policy,
		      account);
}

int policy_store_apply(dbc_t *c, const char *policy, const char *account, const char *case_id, int64_t now)
{
	return db_run(c,
		      "INSERT INTO policy_applications (policy_id, account_id, created_at, case_id) "
		      "VALUES (?, ?, ?, ?)",
		      policy, account, now, case_id);
}

bool policy_store_application_of_case(dbc_t *c, const char *case_id, char policy[33], char account[40],
				      char status[16])
{
	dbs_t *s = db_prep(c, "SELECT policy_id, account_id, status FROM policy_applications "
			      "WHERE case_id = ?");
	db_bind(s, case_id);
	bool yes = db_step(s) == DB_ROW;
	if (yes) {
		db_col_str(s, 0, policy, 33);
		db_col_str(s, 1, account, 40);
		db_col_str(s, 2, status, 16);
	}
	db_reset(s);
	return yes;
}

int policy_store_decide(dbc_t *c, const char *case_id, const char *status, const char *reason, int64_t now)
{
	int rc = db_run(c,
			"UPDATE policy_applications SET status = ?, reason = ?, decided_at = ? "
			"WHERE case_id = ? AND status = 'applied'",
			status, reason, now, case_id);
	return rc == DB_DONE && db_changes(c) != 1 ? DB_CONSTRAINT : rc;
}

json_t *policy_store_match_explanation(dbc_t *c, const char *policy, const char *account)
{
	dbs_t *s = db_prep(c, "SELECT explanation FROM policy_matches "
			      "WHERE policy_id = ? AND account_id = ?");
	db_bind(s, policy, account);
	json_t *e = db_step(s) == DB_ROW ? db_col_json(s, 0) : NULL;
	db_reset(s);
	return e ? e : json_array();
}

int64_t policy_store_match_benefit(dbc_t *c, const char *policy, const char *account)
{
	dbs_t *s = db_prep(c, "SELECT benefit FROM policy_matches WHERE policy_id = ? AND account_id = ?");
	db_bind(s, policy, account);
	int64_t b = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
	db_reset(s);
	return b;
}

json_t *policy_store_of_department(dbc_t *c, const char *department)
{
	json_t *out = json_array();
	dbs_t *s = db_prep(c, "SELECT " POLICY_COLS " FROM policies WHERE issuer = ? "
			      "ORDER BY CASE state WHEN 'draft' THEN 0 ELSE 1 END, created_at DESC, id "
			      "LIMIT 200");
	db_bind(s, department);
	while (db_step(s) == DB_ROW)
		json_array_append_new(out, policy_row(s));
	db_reset(s);
	return out;
}

json_t *policy_store_for_account(dbc_t *c, const char *account)
{
	json_t *out = json_array();
	dbs_t *s = db_prep(
	    c, "SELECT p.id, p.title, p.issuer, p.benefit_text, p.auto_grant, m.benefit, m.explanation, "
	       "g.how, p.title_en, p.benefit_en, a.status, a.case_id, k.number, a.reason, "
	       "p.matter_code FROM policy_matches m JOIN policies p ON p.id = m.policy_id "
	       "LEFT JOIN policy_grants g ON g.policy_id = m.policy_id AND g.account_id = m.account_id "
	       "LEFT JOIN policy_applications a ON a.policy_id = m.policy_id AND a.account_id = m.account_id "
	       "LEFT JOIN cases k ON k.id = a.case_id "
	       "WHERE m.account_id = ? ORDER BY m.benefit DESC, p.published_at DESC, p.id");
	db_bind(s, account);
	while (db_step(s) == DB_ROW) {
		json_t *app = application(s, 10);
		if (json_is_object(app))
			json_object_set_new(app, "reason", json_string(db_col_text(s, 13)));
		json_array_append_new(
		    out, json_pack("{ss ss ss ss sb sI so s:s? ss ss sb so sb}", "id", db_col_text(s, 0),
				   "title",
				   db_col_text(s, 1), "issuer", db_col_text(s, 2), "benefit",
				   db_col_text(s, 3), "auto_grant", db_col_int(s, 4) != 0, "amount",
				   (json_int_t)db_col_int(s, 5), "matched_rows", db_col_json(s, 6), "granted",
				   db_col_text(s, 7), "title_en", db_col_text(s, 8), "benefit_en",
				   db_col_text(s, 9), "applied", !db_col_null(s, 10), "application", app,
				   "takes_applications", !db_col_null(s, 14)));
	}
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
