/* inspection_store.c — the inspections' SQL (see inspection_store.h). */
#include "domain/inspections/inspection_store.h"
#include <stdio.h>
#include <string.h>

void insp_plan_release(insp_plan_t *p)
{
	json_decref(p->items);
	json_decref(p->filter);
	json_decref(p->rules);
	json_decref(p->record);
	json_decref(p->pseudonyms);
	json_decref(p->drawn);
	memset(p, 0, sizeof *p);
}

int insp_store_item_put(dbc_t *c, const insp_item_t *it, int64_t now)
{
	return db_run(c,
		      "INSERT INTO inspection_items (code, department, title, legal_basis, title_en, "
		      "legal_basis_en, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE "
		      "SET title = excluded.title, legal_basis = excluded.legal_basis, "
		      "title_en = excluded.title_en, legal_basis_en = excluded.legal_basis_en",
		      it->code, it->department, it->title, it->legal_basis, it->title_en, it->legal_basis_en,
		      now);
}

#define ITEM_COLS "code, department, title, legal_basis, title_en, legal_basis_en"

static json_t *item_json(dbs_t *s)
{
	return json_pack("{ss ss ss ss ss ss}", "code", db_col_text(s, 0), "department", db_col_text(s, 1),
			 "title", db_col_text(s, 2), "legal_basis", db_col_text(s, 3), "title_en",
			 db_col_text(s, 4), "legal_basis_en", db_col_text(s, 5));
}

json_t *insp_store_items_all(dbc_t *c)
{
	json_t *out = json_array();
	dbs_t *s = db_prep(c, "SELECT " ITEM_COLS " FROM inspection_items ORDER BY department, code");
	while (db_step(s) == DB_ROW)
		json_array_append_new(out, item_json(s));
	db_reset(s);
	return out;
}

json_t *insp_store_item_departments(dbc_t *c, const json_t *codes)
{
	json_t *out = json_object();
	size_t i;
	const json_t *v;
	json_array_foreach(codes, i, v)
	{
		dbs_t *s = db_prep(c, "SELECT department FROM inspection_items WHERE code = ?");
		db_bind(s, json_string_value(v));
		if (db_step(s) == DB_ROW)
			json_object_set_new(out, json_string_value(v), json_string(db_col_text(s, 0)));
		db_reset(s);
	}
	return out;
}

json_t *insp_store_items_of(dbc_t *c, const json_t *codes)
{
	json_t *out = json_array();
	size_t i;
	const json_t *v;
	json_array_foreach(codes, i, v)
	{
		dbs_t *s = db_prep(c, "SELECT " ITEM_COLS " FROM inspection_items WHERE code = ?");
		db_bind(s, json_string_value(v));
		if (db_step(s) == DB_ROW)
			json_array_append_new(out, item_json(s));
		db_reset(s);
	}
	return out;
}

int insp_store_profile_put(dbc_t *c, const char *account, const json_t *p, int64_t now)
{
#define S(k) (json_string_value(json_object_get(p, k)) ?: "")
	return db_run(
	    c,
	    "INSERT INTO enterprise_profiles (account_id, industry, district, street, risk, size, founded, "
	    "tax_credit, employees, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (account_id) DO UPDATE SET industry = excluded.industry, "
	    "district = excluded.district, street = excluded.street, risk = excluded.risk, "
	    "size = excluded.size, founded = excluded.founded, tax_credit = excluded.tax_credit, "
	    "employees = excluded.employees, updated_at = excluded.updated_at, "
	    "version = enterprise_profiles.version + 1",
	    account, S("industry"), S("district"), S("street"), S("risk"), S("size"), S("founded"),
	    S("tax_credit"), (int64_t)json_integer_value(json_object_get(p, "employees")), now);
#undef S
}

int insp_store_inspector_put(dbc_t *c, const char *account, const char *dept, const json_t *qualifications,
			     const char *street, const json_t *relations, const json_t *employers,
			     int64_t now)
{
	return db_run(
	    c,
	    "INSERT INTO inspectors (account_id, department, qualifications, street, relations, employers, "
	    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET "
	    "department = excluded.department, qualifications = excluded.qualifications, "
	    "street = excluded.street, relations = excluded.relations, employers = excluded.employers, "
	    "updated_at = excluded.updated_at",
	    account, dept, qualifications, street, relations, employers, now);
}

json_t *insp_store_targets(dbc_t *c)
{
	json_t *out = json_array();
	dbs_t *s = db_prep(c, "SELECT p.account_id, p.industry, p.district, p.street, p.risk "
			      "FROM enterprise_profiles p JOIN accounts a ON a.id = p.account_id "
			      "WHERE a.kind = 'enterprise' AND a.status = 'active' ORDER BY p.account_id");
	while (db_step(s) == DB_ROW)
		json_array_append_new(out,
				      json_pack("{ss ss ss ss ss}", "account", db_col_text(s, 0), "industry",
						db_col_text(s, 1), "district", db_col_text(s, 2), "street",
						db_col_text(s, 3), "risk", db_col_text(s, 4)));
	db_reset(s);
	return out;
}

json_t *insp_store_register(dbc_t *c, int64_t since)
{
	json_t *out = json_array();
	dbs_t *s = db_prep(
	    c, "SELECT p.account_id, a.display_name, COALESCE(a.credit_code, ''), p.industry, "
	       "p.district, p.street, p.risk, "
	       "(SELECT COUNT(*) FROM complaints k WHERE k.kind IN ('complaint', 'report') AND "
	       "k.created_at >= ? AND (k.subject_credit_code = a.credit_code OR "
	       "(k.subject_credit_code IS NULL AND k.subject_name = a.display_name AND "
	       "(SELECT COUNT(*) FROM "
	       "accounts b WHERE b.kind = 'enterprise' AND b.display_name = a.display_name) = 1))) "
	       "AS n_complaints, "
	       "(SELECT COUNT(*) FROM inspection_findings f WHERE f.target_account = p.account_id "
	       "AND f.result = 'non_compliant') AS n_findings "
	       "FROM enterprise_profiles p JOIN accounts a ON a.id = p.account_id "
	       "WHERE a.kind = 'enterprise' AND a.status = 'active' "
	       "ORDER BY n_complaints DESC, n_findings DESC, p.account_id LIMIT 5000");
	db_bind(s, since);
	while (db_step(s) == DB_ROW)
		json_array_append_new(
		    out, json_pack("{ss ss ss ss ss ss ss sI sI}", "account", db_col_text(s, 0), "name",
				   db_col_text(s, 1), "credit_code", db_col_text(s, 2), "industry",
				   db_col_text(s, 3), "district", db_col_text(s, 4), "street",
				   db_col_text(s, 5), "risk", db_col_text(s, 6), "complaints",
				   (json_int_t)db_col_int(s, 7), "findings", (json_int_t)db_col_int(s, 8)));
	db_reset(s);
	return out;
}

json_t *insp_store_inspectors(dbc_t *c)
{
	json_t *out = json_array();
	dbs_t *s = db_prep(c, "SELECT i.account_id, i.department, i.street, i.relations, i.employers "
			      "FROM inspectors i JOIN accounts a ON a.id = i.account_id "
			      "WHERE a.kind = 'staff' AND a.status = 'active' ORDER BY i.account_id");
	while (db_step(s) == DB_ROW)
		json_array_append_new(out,
				      json_pack("{ss ss ss so so}", "account", db_col_text(s, 0),
						"department", db_col_text(s, 1), "street", db_col_text(s, 2),
						"relations", db_col_json(s, 3) ?: json_array(), "employers",
						db_col_json(s, 4) ?: json_array()));
	db_reset(s);
	return out;
}

#define PLAN_COLS                                                                                            \
	"id, title, state, version, items, filter, rules, period_start, period_end, seed, seed_sha256, "     \
	"record, registers_sha256, pseudonyms, public_value, drawn, created_by, created_at, published_at, "  \
	"title_en"

int insp_store_plan_get(dbc_t *c, const char *id, insp_plan_t *p)
{
	memset(p, 0, sizeof *p);
	dbs_t *s = db_prep(c, "SELECT " PLAN_COLS " FROM inspection_plans WHERE id = ?");
	db_bind(s, id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		db_col_str(s, 0, p->id, sizeof p->id);
		db_col_str(s, 1, p->title, sizeof p->title);
		db_col_str(s, 2, p->state, sizeof p->state);
		p->version = db_col_int(s, 3);
		p->items = db_col_json(s, 4);
		p->filter = db_col_json(s, 5);
		p->rules = db_col_json(s, 6);
		db_col_str(s, 7, p->period_start, sizeof p->period_start);
		db_col_str(s, 8, p->period_end, sizeof p->period_end);
		db_col_str(s, 9, p->seed, sizeof p->seed);
		db_col_str(s, 10, p->seed_sha256, sizeof p->seed_sha256);
		p->record = db_col_json(s, 11);
		db_col_str(s, 12, p->registers_sha256, sizeof p->registers_sha256);
		p->pseudonyms = db_col_json(s, 13);
		db_col_str(s, 14, p->public_value, sizeof p->public_value);
		p->drawn = db_col_json(s, 15);
		db_col_str(s, 16, p->created_by, sizeof p->created_by);
		p->created_at = db_col_int(s, 17);
		p->published_at = db_col_null(s, 18) ? 0 : db_col_int(s, 18);
		db_col_str(s, 19, p->title_en, sizeof p->title_en);
	}
	db_reset(s);
	return rc;
}

int insp_store_plan_insert(dbc_t *c, const insp_plan_t *p, int64_t now)
{
	return db_run(
	    c,
	    "INSERT INTO inspection_plans (id, title, state, version, items, filter, rules, period_start, "
	    "period_end, created_by, created_at, updated_at, title_en) VALUES (?, ?, 'draft', 1, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?)",
	    p->id, p->title, p->items, p->filter, p->rules, p->period_start, p->period_end, p->created_by,
	    now, now, p->title_en);
}

static db_val_t text_or_null(const char *s)
{
	db_val_t v = {DBV_TEXT, s, 0, NULL};
	return *s ? v : db_v_null(NULL);
}

int insp_store_plan_save(dbc_t *c, const insp_plan_t *p, int64_t now)
{
	db_val_t published = {DBV_INT, NULL, p->published_at, NULL};
	if (!p->published_at)
		published = db_v_null(NULL);
	db_val_t seed = text_or_null(p->seed), seed_sha = text_or_null(p->seed_sha256);
	db_val_t reg_sha = text_or_null(p->registers_sha256), pv = text_or_null(p->public_value);
	int rc = db_run(
	    c,
	    "UPDATE inspection_plans SET state = ?, version = ?, seed = ?, seed_sha256 = ?, record = ?, "
	    "registers_sha256 = ?, pseudonyms = ?, public_value = ?, drawn = ?, updated_at = ?, "
	    "published_at = ? WHERE id = ? AND version = ?",
	    p->state, p->version, seed, seed_sha, p->record, reg_sha, p->pseudonyms, pv, p->drawn, now,
	    published, p->id, p->version - 1);
	if (rc == DB_DONE && db_changes(c) != 1)
		return DB_CONSTRAINT;
	return rc;
}

/* Both lists read an index in their order (migration 0065) from the cursor's row down: every plan by
 * its creation, the published ones by their publication. */
#define PLANS_ALL "SELECT id, created_at FROM inspection_plans "
#define PLANS_ALL_BELOW "WHERE (created_at, id) < (?, ?) "
#define PLANS_ALL_ORDER "ORDER BY created_at DESC, id DESC LIMIT ?"
#define PLANS_PUBLISHED "SELECT id, published_at FROM inspection_plans WHERE state = 'published' "
#define PLANS_PUBLISHED_BELOW "AND (published_at, id) < (?, ?) "
#define PLANS_PUBLISHED_ORDER "ORDER BY published_at DESC, id DESC LIMIT ?"

static const char *const PLAN_LISTS[2][2] = {
    {PLANS_ALL PLANS_ALL_ORDER, PLANS_ALL PLANS_ALL_BELOW PLANS_ALL_ORDER},
    {PLANS_PUBLISHED PLANS_PUBLISHED_ORDER, PLANS_PUBLISHED PLANS_PUBLISHED_BELOW PLANS_PUBLISHED_ORDER},
};

static json_t *plan_page(dbc_t *c, int list, const page_cursor_t *cur, page_t *page)
{
	dbs_t *s = db_prep(c, PLAN_LISTS[list][cur->set]);
	if (cur->set)
		db_bind(s, cur->at, cur->id, page->limit + 1);
	else
		db_bind(s, page->limit + 1);
	json_t *out = json_array();
	while (db_step(s) == DB_ROW) {
		if (!page_take(page, db_col_int(s, 1), db_col_text(s, 0)))
			break;
		json_array_append_new(out, json_string(db_col_text(s, 0)));
	}
	db_reset(s);
	return out;
}

json_t *insp_store_plan_ids(dbc_t *c, const page_cursor_t *cur, page_t *page)
{
	return plan_page(c, 0, cur, page);
}

json_t *insp_store_published(dbc_t *c, const page_cursor_t *cur, page_t *page)
{
	return plan_page(c, 1, cur, page);
}

int insp_store_assign(dbc_t *c, const char *plan, const char *target, const char *inspector)
{
	return db_run(c,
		      "INSERT INTO inspection_assignments (plan_id, target_account, inspector_account) "
		      "VALUES (?, ?, ?)",
		      plan, target, inspector);
}

bool insp_store_assigned(dbc_t *c, const char *plan, const char *target, const char *inspector)
{
	dbs_t *s = db_prep(c, "SELECT 1 FROM inspection_assignments WHERE plan_id = ? AND target_account = ? "
			      "AND inspector_account = ?");
	db_bind(s, plan, target, inspector);
	bool yes = db_step(s) == DB_ROW;
	db_reset(s);
	return yes;
}

int insp_store_finding_insert(dbc_t *c, const char *id, const char *plan, const char *target,
			      const char *item, const char *inspector, const char *result, const char *note,
			      const char *deadline, int64_t now)
{
	return db_run(
	    c,
	    "INSERT INTO inspection_findings (id, plan_id, target_account, item_code, inspector_account, "
	    "result, note, correction_deadline, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    id, plan, target, item, inspector, result, note, deadline, now);
}

json_t *insp_store_findings(dbc_t *c, const char *plan)
{
	json_t *out = json_array();
	dbs_t *s = db_prep(c, "SELECT target_account, item_code, result, correction_deadline, note, "
			      "inspector_account, recorded_at FROM inspection_findings WHERE plan_id = ? "
			      "ORDER BY target_account, item_code");
	db_bind(s, plan);
	while (db_step(s) == DB_ROW)
		json_array_append_new(
		    out, json_pack("{ss ss ss s:s? ss ss sI}", "target_account", db_col_text(s, 0), "item",
				   db_col_text(s, 1), "result", db_col_text(s, 2), "correction_deadline",
				   db_col_text(s, 3), "note", db_col_text(s, 4), "inspector",
				   db_col_text(s, 5), "recorded_at", (json_int_t)db_col_int(s, 6)));
	db_reset(s);
	return out;
}

bool insp_store_account_by_username(dbc_t *c, const char *username, char out[40])
{
	dbs_t *s = db_prep(c, "SELECT id FROM accounts WHERE username = ?");
	db_bind(s, username);
	bool ok = db_step(s) == DB_ROW;
	if (ok)
		db_col_str(s, 0, out, 40);
	db_reset(s);
	return ok;
}
