/* complaint_store.c — all SQL of 接诉即办 (see complaint_store.h). It reads
 * regions and departments for the places and bodies it names; it writes only
 * its own tables. Free text — the request, the answer, the timeline's notes —
 * may quote phones and ID numbers: it is sealed whole on the way in and
 * opened on the way out (base/seal.h), as cases' documents are. */
#include "domain/complaints/complaint_store.h"
#include "base/seal.h"
#include <stdlib.h>
#include <string.h>

#define COLS                                                                                                 \
	"id, number, kind, category, time_class, channel, COALESCE(caller_id, ''), district, "               \
	"COALESCE(street, ''), status, COALESCE(body, ''), arbitrated, escalated, anonymous, "               \
	"direct_answer, "                                                                                    \
	"returns, reopens, COALESCE(resolved, -1), COALESCE(satisfied, -1), created_at, "                    \
	"COALESCE(dispatched_at, 0), COALESCE(sign_due, 0), COALESCE(signed_at, 0), COALESCE(reply_due, "    \
	"0), "                                                                                               \
	"COALESCE(replied_at, 0), COALESCE(closed_at, 0), version, answer, COALESCE(merged_into, ''), "      \
	"CASE WHEN EXISTS (SELECT 1 FROM supervisions v WHERE v.subject_type = 'complaint' AND "             \
	"v.subject_id = complaints.id AND v.kind = 'overdue') THEN 1 ELSE 0 END"

/* "" stands for NULL in the row's fixed buffers. */
static db_val_t nz(const char *s) { return s && *s ? db_v_text(s) : db_v_null(NULL); }
static db_val_t n0(int64_t v) { return v ? db_v_int(v) : db_v_null(NULL); }
static db_val_t tri(int v) { return v < 0 ? db_v_null(NULL) : db_v_int(v); }

/* The opened text of a sealed column (NULL stays NULL), newly allocated. */
static char *opened(dbs_t *s, int i) { return seal_open(db_col_text(s, i)); }

void complaint_row_release(complaint_row_t *r)
{
	free(r->answer);
	r->answer = NULL;
}

bool complaint_load(dbc_t *c, const char *id, complaint_row_t *r)
{
	memset(r, 0, sizeof *r);
	dbs_t *s = db_prep(c, "SELECT " COLS " FROM complaints WHERE id = ?");
	db_bind(s, id);
	bool ok = db_step(s) == DB_ROW;
	if (ok) {
		int k = 0;
		db_col_str(s, k++, r->id, sizeof r->id);
		db_col_str(s, k++, r->number, sizeof r->number);
		db_col_str(s, k++, r->kind, sizeof r->kind);
		db_col_str(s, k++, r->category, sizeof r->category);
		db_col_str(s, k++, r->time_class, sizeof r->time_class);
		db_col_str(s, k++, r->channel, sizeof r->channel);
		db_col_str(s, k++, r->caller_id, sizeof r->caller_id);
		db_col_str(s, k++, r->district, sizeof r->district);
		db_col_str(s, k++, r->street, sizeof r->street);
		db_col_str(s, k++, r->status, sizeof r->status);
		db_col_str(s, k++, r->body, sizeof r->body);
		r->arbitrated = db_col_int(s, k++) != 0;
		r->escalated = db_col_int(s, k++) != 0;
		r->anonymous = db_col_int(s, k++) != 0;
		r->direct_answer = db_col_int(s, k++) != 0;
		r->returns = (int)db_col_int(s, k++);
		r->reopens = (int)db_col_int(s, k++);
		r->resolved = (int)db_col_int(s, k++);
		r->satisfied = (int)db_col_int(s, k++);
		r->created_at = db_col_int(s, k++);
		r->dispatched_at = db_col_int(s, k++);
		r->sign_due = db_col_int(s, k++);
		r->signed_at = db_col_int(s, k++);
		r->reply_due = db_col_int(s, k++);
		r->replied_at = db_col_int(s, k++);
		r->closed_at = db_col_int(s, k++);
		r->version = db_col_int(s, k++);
		r->answer = opened(s, k++);
		db_col_str(s, k++, r->merged_into, sizeof r->merged_into);
		r->supervised = db_col_int(s, k++) != 0;
	}
	db_reset(s);
	return ok;
}

int complaint_insert(dbc_t *c, const complaint_row_t *r, const char *taken_by, const char *phone_sealed,
		     const char *plain_text, const char *address, const char *subject_name,
		     const char *subject_code)
{
	char *text = seal(plain_text);
	if (!text)
		return -1;
	int rc = db_run(c,
			"INSERT INTO complaints (id, number, kind, category, time_class, channel, caller_id, "
			"taken_by, caller_phone, anonymous, district, street, address, text, subject_name, "
			"subject_credit_code, status, created_at, reply_due, version) "
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
			r->id, r->number, r->kind, r->category, r->time_class, r->channel, nz(r->caller_id),
			nz(taken_by), nz(phone_sealed), r->anonymous, r->district, nz(r->street),
			address ? address : "", text, nz(subject_name), nz(subject_code), r->status,
			r->created_at, n0(r->reply_due));
	free(text);
	return rc == DB_DONE ? 0 : -1;
}

int complaint_save(dbc_t *c, complaint_row_t *r, int64_t before)
{
	char *answer = r->answer ? seal(r->answer) : NULL;
	if (r->answer && !answer)
		return -1;
	int rc = db_run(
	    c,
	    "UPDATE complaints SET status = ?, body = ?, arbitrated = ?, escalated = ?, direct_answer "
	    "= ?, "
	    "returns = ?, reopens = ?, resolved = ?, satisfied = ?, dispatched_at = ?, sign_due = ?, "
	    "signed_at = ?, reply_due = ?, replied_at = ?, closed_at = ?, answer = ?, merged_into = ?, "
	    "version = version + 1 WHERE id = ? AND version = ?",
	    r->status, nz(r->body), r->arbitrated, r->escalated, r->direct_answer, r->returns, r->reopens,
	    tri(r->resolved), tri(r->satisfied), n0(r->dispatched_at), n0(r->sign_due), n0(r->signed_at),
	    n0(r->reply_due), n0(r->replied_at), n0(r->closed_at), nz(answer), nz(r->merged_into), r->id,
	    before);
	free(answer);
	if (rc != DB_DONE)
		return -1;
	if (db_changes(c) != 1)
		return 1;
	r->version = before + 1;
	return 0;
}

int complaint_key_claim(dbc_t *c, const char *account, const char *key, const char *hash, const char *id,
			int64_t now)
{
	if (db_run(c,
		   "INSERT INTO complaint_keys (account_id, key, request_hash, complaint_id, created_at) "
		   "VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, key) DO NOTHING",
		   account, key, hash, id, now) != DB_DONE)
		return -1;
	return (int)db_changes(c);
}

bool complaint_key_find(dbc_t *c, const char *account, const char *key, char id[ENTITY_ID_LEN], char hash[65])
{
	dbs_t *s =
	    db_prep(c, "SELECT complaint_id, request_hash FROM complaint_keys WHERE account_id = ? AND "
		       "key = ?");
	db_bind(s, account, key);
	bool found = db_step(s) == DB_ROW;
	if (found) {
		db_col_str(s, 0, id, ENTITY_ID_LEN);
		db_col_str(s, 1, hash, 65);
	}
	db_reset(s);
	return found;
}

int complaint_files_add(dbc_t *c, const char *id, const json_t *files)
{
	size_t i;
	json_t *f;
	json_array_foreach(files, i,
			   f) if (db_run(c,
					 "INSERT INTO complaint_files (complaint_id, file_id, position) "
					 "VALUES (?, ?, ?)",
					 id, json_string_value(f), (int64_t)i) != DB_DONE) return -1;
	return 0;
}

json_t *complaint_file_ids(dbc_t *c, const char *id)
{
	dbs_t *s = db_prep(c, "SELECT file_id FROM complaint_files WHERE complaint_id = ? ORDER BY position");
	db_bind(s, id);
	json_t *out = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(out, json_string(db_col_text(s, 0)));
	db_reset(s);
	return out;
}

int complaint_bodies_set(dbc_t *c, const char *id, const char *lead, const json_t *co)
{
	if (db_run(c, "DELETE FROM complaint_bodies WHERE complaint_id = ?", id) != DB_DONE)
		return -1;
	/* each row carries its request's filing time: a department's list is read in that order */
	static const char *const add = "INSERT INTO complaint_bodies (complaint_id, body, lead, created_at) "
				       "SELECT id, ?, ?, created_at FROM complaints WHERE id = ?";
	if (db_run(c, add, lead, 1, id) != DB_DONE || db_changes(c) != 1)
		return -1;
	size_t i;
	json_t *b;
	json_array_foreach(co, i, b)
	{
		const char *code = json_string_value(b);
		if (!code || !strcmp(code, lead))
			continue;
		int rc = db_run(c, add, code, 0, id);
		if (rc != DB_DONE && rc != DB_CONSTRAINT)
			return -1;
	}
	return 0;
}

bool complaint_has_body(dbc_t *c, const char *id, const char *dept)
{
	dbs_t *s = db_prep(c, "SELECT 1 FROM complaint_bodies WHERE complaint_id = ? AND body = ?");
	db_bind(s, id, dept);
	bool ok = db_step(s) == DB_ROW;
	db_reset(s);
	return ok;
}

int complaint_event_add(dbc_t *c, const char *id, int64_t at, const char *action, const char *from,
			const char *to, const char *actor_id, const char *actor_role, const char *body,
			const json_t *note)
{
	char *text = note ? json_dumps(note, JSON_COMPACT) : NULL;
	char *sealed = text ? seal(text) : NULL;
	free(text);
	if (note && !sealed)
		return -1;
	int rc =
	    db_run(c,
		   "INSERT INTO complaint_events (complaint_id, seq, at, action, from_status, to_status, "
		   "actor_id, actor_role, body, note) VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM "
		   "complaint_events WHERE complaint_id = ?), ?, ?, ?, ?, ?, ?, ?, ?)",
		   id, id, at, action, from, to, nz(actor_id), actor_role, nz(body), nz(sealed));
	free(sealed);
	return rc == DB_DONE ? 0 : -1;
}

int complaint_number_next(dbc_t *c, const char *day, int64_t *seq)
{
	if (db_run(c,
		   "INSERT INTO complaint_numbers (day, last) VALUES (?, 1) "
		   "ON CONFLICT (day) DO UPDATE SET last = complaint_numbers.last + 1",
		   day) != DB_DONE)
		return -1;
	dbs_t *s = db_prep(c, "SELECT last FROM complaint_numbers WHERE day = ?");
	db_bind(s, day);
	int rc = db_step(s) == DB_ROW ? 0 : -1;
	if (rc == 0)
		*seq = db_col_int(s, 0);
	db_reset(s);
	return rc;
}

bool complaint_category_get(dbc_t *c, const char *code, char parent[COMPLAINT_CODE_LEN], char tc[16])
{
	dbs_t *s =
	    db_prep(c, "SELECT COALESCE(parent, ''), time_class FROM complaint_categories WHERE code = ?");
	db_bind(s, code);
	bool ok = db_step(s) == DB_ROW;
	if (ok) {
		db_col_str(s, 0, parent, COMPLAINT_CODE_LEN);
		db_col_str(s, 1, tc, 16);
	}
	db_reset(s);
	return ok;
}

int complaint_duties_of(dbc_t *c, const char *category, json_t *into)
{
	dbs_t *s = db_prep(c, "SELECT category, region, body FROM complaint_duties WHERE category = ?");
	db_bind(s, category);
	int rc;
	while ((rc = db_step(s)) == DB_ROW)
		json_array_append_new(
		    into, json_pack("[sss]", db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2)));
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

bool complaint_district_government(dbc_t *c, const char *district, char out[DEPT_CODE_LEN])
{
	dbs_t *s =
	    db_prep(c, "SELECT code FROM departments WHERE kind = 'district_government' AND region = ? "
		       "ORDER BY code LIMIT 1");
	db_bind(s, district);
	bool ok = db_step(s) == DB_ROW;
	if (ok)
		db_col_str(s, 0, out, DEPT_CODE_LEN);
	db_reset(s);
	return ok;
}

bool complaint_region(dbc_t *c, const char *code, char level[16], char parent[REGION_CODE_LEN])
{
	dbs_t *s = db_prep(c, "SELECT level, COALESCE(parent, '') FROM regions WHERE code = ?");
	db_bind(s, code);
	bool ok = db_step(s) == DB_ROW;
	if (ok) {
		db_col_str(s, 0, level, 16);
		db_col_str(s, 1, parent, REGION_CODE_LEN);
	}
	db_reset(s);
	return ok;
}

bool complaint_dept_kind(dbc_t *c, const char *code, char kind[32])
{
	dbs_t *s = db_prep(c, "SELECT kind FROM departments WHERE code = ?");
	db_bind(s, code);
	bool ok = db_step(s) == DB_ROW;
	if (ok)
		db_col_str(s, 0, kind, 32);
	db_reset(s);
	return ok;
}

int complaint_category_add(dbc_t *c, const char *code, const char *parent, const char *zh, const char *en,
			   const char *tc, const char *faq_zh, const char *faq_en, int position)
{
	int rc =
	    db_run(c,
		   "INSERT INTO complaint_categories (code, parent, name_zh, name_en, time_class, faq_zh, "
		   "faq_en, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING",
		   code, nz(parent), zh, en, tc, faq_zh ? faq_zh : "", faq_en ? faq_en : "", position);
	return rc == DB_DONE ? (int)db_changes(c) : -1;
}

int complaint_duty_add(dbc_t *c, const char *category, const char *region, const char *body)
{
	int rc = db_run(c,
			"INSERT INTO complaint_duties (category, region, body) VALUES (?, ?, ?) "
			"ON CONFLICT (category, region) DO NOTHING",
			category, region, body);
	return rc == DB_DONE ? (int)db_changes(c) : -1;
}

/* ---- views ---- */

static json_t *text_or_null(dbs_t *s, int i)
{
	const char *v = db_col_text(s, i);
	return v ? json_string(v) : json_null();
}

static json_t *int_or_null(dbs_t *s, int i)
{
	return db_col_null(s, i) ? json_null() : json_integer(db_col_int(s, i));
}

json_t *complaint_view_row(dbc_t *c, const char *id)
{
	dbs_t *s = db_prep(
	    c, "SELECT p.id, p.number, p.kind, p.category, k.name_zh, k.name_en, p.time_class, p.channel, "
	       "p.caller_id, p.caller_phone, p.anonymous, p.district, p.street, p.address, p.text, "
	       "p.subject_name, "
	       "p.subject_credit_code, p.status, p.body, d.name_zh, d.name_en, p.arbitrated, p.escalated, "
	       "p.returns, p.reopens, p.direct_answer, p.answer, p.resolved, p.satisfied, p.created_at, "
	       "p.dispatched_at, p.sign_due, p.signed_at, p.reply_due, p.replied_at, p.closed_at, p.version "
	       "FROM complaints p JOIN complaint_categories k ON k.code = p.category "
	       "LEFT JOIN departments d ON d.code = p.body WHERE p.id = ?");
	db_bind(s, id);
	json_t *o = NULL;
	if (db_step(s) == DB_ROW) {
		static const char *const names[] = {"id",
						    "number",
						    "kind",
						    "category",
						    "category_zh",
						    "category_en",
						    "time_class",
						    "channel",
						    "caller_id",
						    "caller_phone",
						    "anonymous",
						    "district",
						    "street",
						    "address",
						    "text",
						    "subject_name",
						    "subject_credit_code",
						    "status",
						    "body",
						    "body_zh",
						    "body_en",
						    "arbitrated",
						    "escalated",
						    "returns",
						    "reopens",
						    "direct_answer",
						    "answer",
						    "resolved",
						    "satisfied",
						    "created_at",
						    "dispatched_at",
						    "sign_due",
						    "signed_at",
						    "reply_due",
						    "replied_at",
						    "closed_at",
						    "version"};
		o = json_object();
		for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++) {
			bool num = i == 10 || (i >= 21 && i <= 25) || i >= 27;
			if (i == 14 || i == 26) { /* the text and the answer: sealed */
				char *t = opened(s, i);
				json_object_set_new(o, names[i], t ? json_string(t) : json_null());
				free(t);
				continue;
			}
			json_object_set_new(o, names[i], num ? int_or_null(s, i) : text_or_null(s, i));
		}
	}
	db_reset(s);
	return o;
}

json_t *complaint_view_events(dbc_t *c, const char *id)
{
	dbs_t *s =
	    db_prep(c, "SELECT e.seq, e.at, e.action, e.from_status, e.to_status, e.actor_role, e.body, "
		       "d.name_zh, d.name_en, a.display_name, e.note FROM complaint_events e "
		       "LEFT JOIN departments d ON d.code = e.body LEFT JOIN accounts a ON a.id = e.actor_id "
		       "WHERE e.complaint_id = ? ORDER BY e.seq");
	db_bind(s, id);
	json_t *out = json_array();
	while (db_step(s) == DB_ROW) {
		char *nt = opened(s, 10);
		json_t *note = nt ? json_loads(nt, 0, NULL) : NULL;
		free(nt);
		json_array_append_new(
		    out, json_pack("{sI sI ss ss ss ss so so so so so}", "seq", (json_int_t)db_col_int(s, 0),
				   "at", (json_int_t)db_col_int(s, 1), "action", db_col_text(s, 2), "from",
				   db_col_text(s, 3), "to", db_col_text(s, 4), "actor_role",
				   db_col_text(s, 5), "body", text_or_null(s, 6), "body_zh",
				   text_or_null(s, 7), "body_en", text_or_null(s, 8), "actor_name",
				   text_or_null(s, 9), "note", note ? note : json_object()));
	}
	db_reset(s);
	return out;
}

json_t *complaint_view_bodies(dbc_t *c, const char *id)
{
	dbs_t *s = db_prep(c, "SELECT b.body, d.name_zh, d.name_en, d.kind, b.lead FROM complaint_bodies b "
			      "JOIN departments d ON d.code = b.body WHERE b.complaint_id = ? "
			      "ORDER BY b.lead DESC, b.body");
	db_bind(s, id);
	json_t *out = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(out, json_pack("{ss ss ss ss sb}", "code", db_col_text(s, 0), "name_zh",
						     db_col_text(s, 1), "name_en", db_col_text(s, 2), "kind",
						     db_col_text(s, 3), "lead", db_col_int(s, 4) != 0));
	db_reset(s);
	return out;
}

json_t *complaint_view_categories(dbc_t *c)
{
	dbs_t *s = db_prep(c, "SELECT code, parent, name_zh, name_en, time_class, faq_zh, faq_en "
			      "FROM complaint_categories ORDER BY position, code");
	json_t *out = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(out,
				      json_pack("{ss so ss ss ss ss ss}", "code", db_col_text(s, 0), "parent",
						text_or_null(s, 1), "zh", db_col_text(s, 2), "en",
						db_col_text(s, 3), "time_class", db_col_text(s, 4), "faq_zh",
						db_col_text(s, 5), "faq_en", db_col_text(s, 6)));
	db_reset(s);
	return out;
}

/* The three scopes of the list, each newest first in the order of its own index (migration 0062),
 * the page's start a row value below the cursor's row so that a later page is a seek, not an offset. */
#define CPL_LIST_COLS                                                                                    \
	"SELECT p.id, p.number, p.kind, p.category, k.name_zh, k.name_en, p.status, p.body, "          \
	"p.time_class, p.created_at, p.sign_due, p.reply_due, p.escalated, p.arbitrated, p.version, "    \
	"d.name_zh, d.name_en "
#define CPL_LIST_JOINS                                                                                   \
	"JOIN complaint_categories k ON k.code = p.category LEFT JOIN departments d ON d.code = p.body "
#define CPL_LIST_STATUS "AND (CAST(? AS TEXT) IS NULL OR p.status = ?) "
#define CPL_ANYONE "WHERE (CAST(? AS TEXT) IS NULL) " /* the hotline's: no key */
#define CPL_FROM_P "FROM complaints p " CPL_LIST_JOINS
#define CPL_FROM_B "FROM complaint_bodies b JOIN complaints p ON p.id = b.complaint_id " CPL_LIST_JOINS
#define CPL_P_BELOW "AND (p.created_at, p.id) < (?, ?) "
#define CPL_P_ORDER "ORDER BY p.created_at DESC, p.id DESC LIMIT ?"
#define CPL_B_BELOW "AND (b.created_at, b.complaint_id) < (?, ?) "
#define CPL_B_ORDER "ORDER BY b.created_at DESC, b.complaint_id DESC LIMIT ?"

static dbs_t *list_query(dbc_t *c, const char *scope, const char *key, const char *status,
			 const page_cursor_t *cur, int rows)
{
	static const char *const sql[3][2] = {
	    {CPL_LIST_COLS CPL_FROM_P "WHERE p.caller_id = ? " CPL_LIST_STATUS CPL_P_ORDER,
	     CPL_LIST_COLS CPL_FROM_P "WHERE p.caller_id = ? " CPL_LIST_STATUS CPL_P_BELOW CPL_P_ORDER},
	    {CPL_LIST_COLS CPL_FROM_B "WHERE b.body = ? " CPL_LIST_STATUS CPL_B_ORDER,
	     CPL_LIST_COLS CPL_FROM_B "WHERE b.body = ? " CPL_LIST_STATUS CPL_B_BELOW CPL_B_ORDER},
	    {CPL_LIST_COLS CPL_FROM_P CPL_ANYONE CPL_LIST_STATUS CPL_P_ORDER,
	     CPL_LIST_COLS CPL_FROM_P CPL_ANYONE CPL_LIST_STATUS CPL_P_BELOW CPL_P_ORDER},
	};
	int which = !strcmp(scope, "caller") ? 0 : !strcmp(scope, "body") ? 1 : 2;
	dbs_t *s = db_prep(c, sql[which][cur->set]);
	if (cur->set)
		db_bind(s, which == 2 ? NULL : key, status, status, cur->at, cur->id, rows);
	else
		db_bind(s, which == 2 ? NULL : key, status, status, rows);
	return s;
}

json_t *complaint_view_list(dbc_t *c, const char *scope, const char *key, const char *status,
			    const page_cursor_t *cur, page_t *page)
{
	dbs_t *s = list_query(c, scope, key, status, cur, page->limit + 1);
	json_t *out = json_array();
	while (db_step(s) == DB_ROW) {
		if (!page_take(page, db_col_int(s, 9), db_col_text(s, 0)))
			break;
		json_array_append_new(
		    out, json_pack("{ss ss ss ss ss ss ss so ss sI so so sb sb sI so so}", "id",
				   db_col_text(s, 0), "number", db_col_text(s, 1), "kind", db_col_text(s, 2),
				   "category", db_col_text(s, 3), "category_zh", db_col_text(s, 4),
				   "category_en", db_col_text(s, 5), "status", db_col_text(s, 6), "body",
				   text_or_null(s, 7), "time_class", db_col_text(s, 8), "created_at",
				   (json_int_t)db_col_int(s, 9), "sign_due", int_or_null(s, 10), "reply_due",
				   int_or_null(s, 11), "escalated", db_col_int(s, 12) != 0, "arbitrated",
				   db_col_int(s, 13) != 0, "version", (json_int_t)db_col_int(s, 14),
				   "body_zh", text_or_null(s, 15), "body_en", text_or_null(s, 16)));
	}
	db_reset(s);
	return out;
}

bool complaint_store_any(dbc_t *c)
{
	dbs_t *s = db_prep(c, "SELECT 1 FROM complaints LIMIT 1");
	bool some = db_step(s) == DB_ROW;
	db_reset(s);
	return some;
}

static json_t *ids_of(dbs_t *s)
{
	json_t *out = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(out, json_string(db_col_text(s, 0)));
	db_reset(s);
	return out;
}

json_t *complaint_merged_ids(dbc_t *c, const char *lead)
{
	dbs_t *s = db_prep(c, "SELECT id FROM complaints WHERE merged_into = ? AND status = 'merged' "
			      "ORDER BY created_at, id");
	db_bind(s, lead);
	return ids_of(s);
}

json_t *complaint_reply_overdue_ids(dbc_t *c, int64_t now)
{
	dbs_t *s =
	    db_prep(c, "SELECT id FROM complaints WHERE status IN ('dispatched', 'signed', 'handling') "
		       "AND reply_due < ? AND NOT EXISTS (SELECT 1 FROM supervisions v WHERE "
		       "v.subject_type = 'complaint' AND v.subject_id = complaints.id AND "
		       "v.kind = 'overdue') "
		       "ORDER BY reply_due LIMIT 500");
	db_bind(s, now);
	return ids_of(s);
}

json_t *complaint_view_duplicates(dbc_t *c, const complaint_row_t *r, int64_t window)
{
	dbs_t *s = db_prep(c, "SELECT id, number, status, created_at FROM complaints WHERE category = ? AND "
			      "district = ? AND COALESCE(street, '') = ? AND id <> ? AND status IN "
			      "('dispatched', 'signed', 'handling') AND created_at BETWEEN ? AND ? "
			      "ORDER BY created_at, id LIMIT 10");
	db_bind(s, r->category, r->district, r->street, r->id, r->created_at - window,
		r->created_at + window);
	json_t *out = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(out, json_pack("{ss ss ss sI}", "id", db_col_text(s, 0), "number",
						     db_col_text(s, 1), "status", db_col_text(s, 2),
						     "created_at", (json_int_t)db_col_int(s, 3)));
	db_reset(s);
	return out;
}

json_t *complaint_view_merged(dbc_t *c, const char *id)
{
	dbs_t *s =
	    db_prep(c, "SELECT id, number FROM complaints WHERE merged_into = ? ORDER BY created_at, id");
	db_bind(s, id);
	json_t *out = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(
		    out, json_pack("{ss ss}", "id", db_col_text(s, 0), "number", db_col_text(s, 1)));
	db_reset(s);
	return out;
}

json_t *complaint_sign_overdue_ids(dbc_t *c, int64_t now)
{
	dbs_t *s = db_prep(c, "SELECT id FROM complaints WHERE status = 'dispatched' AND escalated = 0 "
			      "AND sign_due < ? ORDER BY sign_due LIMIT 500");
	db_bind(s, now);
	json_t *out = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(out, json_string(db_col_text(s, 0)));
	db_reset(s);
	return out;
}

int complaint_stats_add(dbc_t *c, const char *body, const char *day, int dispatched, int responded,
			int callbacks, int resolved, int satisfied, int direct)
{
	return db_run(
		   c,
		   "INSERT INTO complaint_stats (body, day, dispatched, responded, callbacks, resolved, "
		   "satisfied, direct) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (body, day) DO UPDATE SET "
		   "dispatched = complaint_stats.dispatched + excluded.dispatched, "
		   "responded = complaint_stats.responded + excluded.responded, "
		   "callbacks = complaint_stats.callbacks + excluded.callbacks, "
		   "resolved = complaint_stats.resolved + excluded.resolved, "
		   "satisfied = complaint_stats.satisfied + excluded.satisfied, "
		   "direct = complaint_stats.direct + excluded.direct",
		   body, day, dispatched, responded, callbacks, resolved, satisfied, direct) == DB_DONE
		   ? 0
		   : -1;
}

int complaint_hotspot_add(dbc_t *c, int64_t day, const char *district, const char *street,
			  const char *category)
{
	return db_run(c,
		      "INSERT INTO complaint_hotspots (day, district, street, category, n) "
		      "VALUES (?, ?, ?, ?, 1) ON CONFLICT (day, district, street, category) DO UPDATE SET n "
		      "= complaint_hotspots.n + 1",
		      day, district, street ? street : "", category) == DB_DONE
		   ? 0
		   : -1;
}

void complaint_hotspot_each(dbc_t *c, int64_t from, int64_t to, const char *district, const char *category,
			    void (*fn)(const hotspot_row_t *r, void *ctx), void *ctx)
{
	dbs_t *s =
	    db_prep(c, "SELECT h.day, h.n, h.district, h.street, rs.name_zh, rs.name_en, h.category, "
		       "k.name_zh, k.name_en FROM complaint_hotspots h "
		       "JOIN complaint_categories k ON k.code = h.category "
		       "LEFT JOIN regions rs ON rs.code = h.street "
		       "WHERE h.day >= ? AND h.day <= ? AND (CAST(? AS TEXT) IS NULL OR h.district = ?) "
		       "AND (CAST(? AS TEXT) IS NULL OR h.category = ?) "
		       "ORDER BY h.district, h.street, h.category, h.day");
	if (!s)
		return;
	db_bind(s, from, to, district, district, category, category);
	while (db_step(s) == DB_ROW) {
		hotspot_row_t r = {db_col_int(s, 0),  db_col_int(s, 1),  db_col_text(s, 2),
				   db_col_text(s, 3), db_col_text(s, 4), db_col_text(s, 5),
				   db_col_text(s, 6), db_col_text(s, 7), db_col_text(s, 8)};
		fn(&r, ctx);
	}
	db_reset(s);
}

json_t *complaint_view_stats(dbc_t *c, const char *from, const char *to, const char *body)
{
	dbs_t *s = db_prep(c, "SELECT s.body, d.name_zh, d.name_en, SUM(s.dispatched), SUM(s.responded), "
			      "SUM(s.callbacks), SUM(s.resolved), SUM(s.satisfied), SUM(s.direct) "
			      "FROM complaint_stats s JOIN departments d ON d.code = s.body "
			      "WHERE s.day >= ? AND s.day <= ? AND (CAST(? AS TEXT) IS NULL OR s.body = ?) "
			      "GROUP BY s.body, d.name_zh, d.name_en ORDER BY s.body");
	db_bind(s, from, to, body, body);
	json_t *out = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(
		    out, json_pack("{ss ss ss sI sI sI sI sI sI}", "body", db_col_text(s, 0), "name_zh",
				   db_col_text(s, 1), "name_en", db_col_text(s, 2), "dispatched",
				   (json_int_t)db_col_int(s, 3), "responded", (json_int_t)db_col_int(s, 4),
				   "callbacks", (json_int_t)db_col_int(s, 5), "resolved",
				   (json_int_t)db_col_int(s, 6), "satisfied", (json_int_t)db_col_int(s, 7),
				   "direct", (json_int_t)db_col_int(s, 8)));
	db_reset(s);
	return out;
}

/* ---- the public face (complaint_public.c shapes it) ---- */

#define PUBLIC_SELECT                                                                                        \
	"SELECT p.number, p.kind, p.category, k.name_zh, k.name_en, p.status, p.text, p.address, "           \
	"p.district, rd.name_zh, rd.name_en, p.street, rs.name_zh, rs.name_en, p.body, d.name_zh, "          \
	"d.name_en, p.created_at, p.reply_due, p.closed_at, p.direct_answer, p.resolved, "                   \
	"(SELECT MAX(e.at) FROM complaint_events e WHERE e.complaint_id = p.id), p.time_class "              \
	"FROM complaints p JOIN complaint_categories k ON k.code = p.category "                              \
	"JOIN regions rd ON rd.code = p.district LEFT JOIN regions rs ON rs.code = p.street "                \
	"LEFT JOIN departments d ON d.code = p.body "

static json_t *public_row(dbs_t *s)
{
	static const char *const names[] = {
	    "number",    "kind",      "category",      "category_zh", "category_en", "status",
	    "text",      "address",   "district",      "district_zh", "district_en", "street",
	    "street_zh", "street_en", "body",          "body_zh",     "body_en",     "created_at",
	    "reply_due", "closed_at", "direct_answer", "resolved",    "updated_at",  "time_class"};
	json_t *o = json_object();
	for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++) {
		if (i == 6) { /* the text: sealed */
			char *t = opened(s, i);
			json_object_set_new(o, names[i], t ? json_string(t) : json_null());
			free(t);
		} else
			json_object_set_new(o, names[i],
					    i >= 17 && i <= 22 ? int_or_null(s, i) : text_or_null(s, i));
	}
	return o;
}

json_t *complaint_view_public_one(dbc_t *c, const char *number)
{
	dbs_t *s = db_prep(c, PUBLIC_SELECT "WHERE p.number = ?");
	db_bind(s, number);
	json_t *o = db_step(s) == DB_ROW ? public_row(s) : NULL;
	db_reset(s);
	return o;
}

json_t *complaint_view_public(dbc_t *c, int64_t from, int64_t to, const char *category, int closed, int limit)
{
	dbs_t *s =
	    db_prep(c, PUBLIC_SELECT "WHERE p.created_at >= ? AND p.created_at < ? "
				     "AND (CAST(? AS TEXT) IS NULL OR p.category = ?) "
				     "AND (? < 0 OR (CASE WHEN p.status = 'closed' THEN 1 ELSE 0 END) = ?) "
				     "ORDER BY p.created_at DESC, p.number DESC LIMIT ?");
	db_bind(s, from, to, category, category, closed, closed, limit);
	json_t *out = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(out, public_row(s));
	db_reset(s);
	return out;
}

json_t *complaint_view_places(dbc_t *c)
{
	dbs_t *s = db_prep(c, "SELECT r.code, r.name_zh, r.name_en, t.code, t.name_zh, t.name_en "
			      "FROM regions r LEFT JOIN regions t "
			      "ON t.parent = r.code AND t.level = 'street' "
			      "WHERE r.level = 'district' AND EXISTS (SELECT 1 FROM departments d "
			      "WHERE d.region = r.code AND d.kind = 'district_government') "
			      "ORDER BY r.code, t.code");
	json_t *out = json_array(), *last = NULL;
	while (db_step(s) == DB_ROW) {
		const char *code = db_col_text(s, 0);
		if (!last || strcmp(json_string_value(json_object_get(last, "code")), code)) {
			last = json_pack("{ss ss ss s[]}", "code", code, "zh", db_col_text(s, 1), "en",
					 db_col_text(s, 2), "streets");
			json_array_append_new(out, last);
		}
		if (!db_col_null(s, 3))
			json_array_append_new(json_object_get(last, "streets"),
					      json_pack("{ss ss ss}", "code", db_col_text(s, 3), "zh",
							db_col_text(s, 4), "en", db_col_text(s, 5)));
	}
	db_reset(s);
	return out;
}
