/* case_store.c — loading and saving case rows, timeline events and the
 * task queue that follows the case's state (see case_store.h). A case's JSON
 * documents (the form, the agent, the delivery address and what staff wrote
 * into it) and its timeline notes hold ID numbers and phones: they are
 * sealed whole on the way in and opened on the way out (base/seal.h), so the
 * rest of the domain works on plain JSON. */
#include "domain/cases/case_store.h"
#include "domain/cases/case_flow.h"
#include "domain/identity/account.h"
#include "domain/core/role.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/seal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

day_t today_day(void) { return date_from_ms(clock_now_ms()); }

void today_str(char out[DATE_STR_LEN]) { date_format(today_day(), out); }

bool matter_has_result(const json_t *matter)
{
	const char *k = json_string_value(json_object_get(json_object_get(matter, "result"), "kind"));
	return k && strcmp(k, "none") != 0;
}

static json_t *col_json(dbs_t *s, int i)
{
	if (db_col_null(s, i))
		return NULL;
	char *t = seal_open(db_col_text(s, i));
	if (!t) {
		log_error("a sealed case document does not open with this key file");
		return NULL;
	}
	json_t *v = json_loads(t, 0, NULL);
	free(t);
	return v;
}

static void col_str(dbs_t *s, int i, char *out, size_t n)
{
	const char *v = db_col_text(s, i);
	snprintf(out, n, "%s", v ? v : "");
}

/* AGENT and DOCS: the columns agent, and form and delivery, or NULLs in their place (case_load_fresh) */
#define CASE_COLS_AS(AGENT, DOCS)                                                                            \
	"id, number, matter_code, matter_version, department, region, applicant_id, channel, created_by, "   \
	AGENT ", status, prev_status, " DOCS ", correction, decision, result, delivery_record, "             \
	"suspension, extension, principal_id, "                                                              \
	"immediate, promised_days, submitted_day, accepted_day, paused_day, paused_workdays, "               \
	"extension_days, due_day, "                                                                          \
	"provisional, finished_day, colour, correction_rounds, created_at, submitted_at, version"
#define CASE_COLS CASE_COLS_AS("agent", "form, delivery")

static bool load_where(dbc_t *c, const char *sql, const char *key, case_row_t *r)
{
	memset(r, 0, sizeof *r);
	dbs_t *s = db_prep(c, sql);
	if (!s)
		return false;
	db_bind_text(s, 1, key);
	bool ok = db_step(s) == DB_ROW;
	if (ok) {
		int k = 0;
		col_str(s, k++, r->id, sizeof r->id);
		col_str(s, k++, r->number, sizeof r->number);
		col_str(s, k++, r->matter_code, sizeof r->matter_code);
		r->matter_version = db_col_int(s, k++);
		col_str(s, k++, r->department, sizeof r->department);
		col_str(s, k++, r->region, sizeof r->region);
		col_str(s, k++, r->applicant_id, sizeof r->applicant_id);
		col_str(s, k++, r->channel, sizeof r->channel);
		col_str(s, k++, r->created_by, sizeof r->created_by);
		r->agent = col_json(s, k++);
		col_str(s, k++, r->status, sizeof r->status);
		col_str(s, k++, r->prev_status, sizeof r->prev_status);
		r->form = col_json(s, k++);
		r->delivery = col_json(s, k++);
		r->correction = col_json(s, k++);
		r->decision = col_json(s, k++);
		r->result = col_json(s, k++);
		r->delivery_record = col_json(s, k++);
		r->suspension = col_json(s, k++);
		r->extension = col_json(s, k++);
		col_str(s, k++, r->principal_id, sizeof r->principal_id);
		r->immediate = db_col_int(s, k++) != 0;
		r->promised_days = (int)db_col_int(s, k++);
		col_str(s, k++, r->submitted_day, sizeof r->submitted_day);
		col_str(s, k++, r->accepted_day, sizeof r->accepted_day);
		col_str(s, k++, r->paused_day, sizeof r->paused_day);
		r->paused_workdays = (int)db_col_int(s, k++);
		r->extension_days = (int)db_col_int(s, k++);
		col_str(s, k++, r->due_day, sizeof r->due_day);
		r->provisional = db_col_int(s, k++) != 0;
		col_str(s, k++, r->finished_day, sizeof r->finished_day);
		col_str(s, k++, r->colour, sizeof r->colour);
		r->correction_rounds = (int)db_col_int(s, k++);
		r->created_at = db_col_int(s, k++);
		r->submitted_at = db_col_int(s, k++);
		r->version = db_col_int(s, k++);
	}
	db_reset(s);
	if (ok && !r->form)
		r->form = json_object();
	if (ok && !r->delivery)
		r->delivery = json_object();
	return ok;
}

bool case_load(dbc_t *c, const char *id, case_row_t *r)
{
	return load_where(c, "SELECT " CASE_COLS " FROM cases WHERE id = ?", id, r);
}

bool case_load_fresh(dbc_t *c, const char *id, json_t *agent, json_t *form, json_t *delivery, case_row_t *r)
{
	if (!load_where(c, "SELECT " CASE_COLS_AS("NULL", "NULL, NULL") " FROM cases WHERE id = ?", id, r))
		return false;
	r->agent = json_incref(agent);
	if (form) {
		json_decref(r->form);
		r->form = json_incref(form);
	}
	if (delivery) {
		json_decref(r->delivery);
		r->delivery = json_incref(delivery);
	}
	return true;
}

bool case_load_by_number(dbc_t *c, const char *number, case_row_t *r)
{
	return load_where(c, "SELECT " CASE_COLS " FROM cases WHERE number = ?", number, r);
}

void case_row_release(case_row_t *r)
{
	json_t **js[] = {&r->agent,           &r->form,       &r->delivery,
			 &r->correction,      &r->decision,   &r->result,
			 &r->delivery_record, &r->suspension, &r->extension};
	for (size_t i = 0; i < sizeof js / sizeof js[0]; i++) {
		json_decref(*js[i]);
		*js[i] = NULL;
	}
}

char *case_seal_json(const json_t *v, bool *ok)
{
	if (!v)
		return NULL;
	char *t = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
	char *sealed = t ? seal(t) : NULL;
	free(t);
	if (!sealed)
		*ok = false;
	return sealed;
}

static void bind_json(dbs_t *s, int i, const json_t *v, bool *ok)
{
	char *t = case_seal_json(v, ok);
	db_bind_text(s, i, t);
	free(t);
}

static void bind_day(dbs_t *s, int i, const char *d) { db_bind_text(s, i, d && d[0] ? d : NULL); }

int case_store_form_set(dbc_t *c, const char *id, const json_t *form)
{
	dbs_t *s = db_prep(c, "UPDATE cases SET form = ? WHERE id = ?");
	bool ok = true;
	bind_json(s, 1, form, &ok);
	db_bind_text(s, 2, id);
	int rc = ok && db_step(s) == DB_DONE ? 0 : -1;
	db_reset(s);
	return rc;
}

int case_save(dbc_t *c, case_row_t *r, int64_t expected)
{
	dbs_t *s = db_prep(
	    c, "UPDATE cases SET status = ?, prev_status = ?, form = ?, delivery = ?, correction = ?, "
	       "decision = ?, result = ?, delivery_record = ?, suspension = ?, extension = ?, submitted_day "
	       "= ?, "
	       "accepted_day = ?, paused_day = ?, paused_workdays = ?, extension_days = ?, due_day = ?, "
	       "provisional = ?, finished_day = ?, colour = ?, correction_rounds = ?, submitted_at = ?, "
	       "updated_at = ?, version = version + 1 WHERE id = ? AND version = ?");
	if (!s)
		return -1;
	int k = 1;
	bool ok = true;
	db_bind_text(s, k++, r->status);
	db_bind_text(s, k++, r->prev_status[0] ? r->prev_status : NULL);
	bind_json(s, k++, r->form, &ok);
	bind_json(s, k++, r->delivery, &ok);
	bind_json(s, k++, r->correction, &ok);
	bind_json(s, k++, r->decision, &ok);
	bind_json(s, k++, r->result, &ok);
	bind_json(s, k++, r->delivery_record, &ok);
	bind_json(s, k++, r->suspension, &ok);
	bind_json(s, k++, r->extension, &ok);
	bind_day(s, k++, r->submitted_day);
	bind_day(s, k++, r->accepted_day);
	bind_day(s, k++, r->paused_day);
	db_bind_int(s, k++, r->paused_workdays);
	db_bind_int(s, k++, r->extension_days);
	bind_day(s, k++, r->due_day);
	db_bind_int(s, k++, r->provisional);
	bind_day(s, k++, r->finished_day);
	db_bind_text(s, k++, r->colour[0] ? r->colour : "none");
	db_bind_int(s, k++, r->correction_rounds);
	if (r->submitted_at)
		db_bind_int(s, k++, r->submitted_at);
	else
		db_bind_null(s, k++);
	db_bind_int(s, k++, clock_now_ms());
	db_bind_text(s, k++, r->id);
	db_bind_int(s, k++, expected);
	int rc = ok ? db_step(s) : DB_ERR;
	db_reset(s);
	if (rc != DB_DONE)
		return -1;
	if (db_changes(c) != 1)
		return 2; /* E_STALE is the caller's mapping; 2 means "changed meanwhile" */
	r->version = expected + 1;
	return 0;
}

int case_event(dbc_t *c, const case_row_t *r, const actor_t *a, const char *action, const char *from,
	       const char *to, json_t *note)
{
	dbs_t *s = db_prep(c, "INSERT INTO case_events (case_id, seq, at, action, from_status, to_status, "
			      "department, role, note) "
			      "VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM case_events WHERE case_id = "
			      "?), ?, ?, ?, ?, ?, ?, ?)");
	if (!s)
		return -1;
	db_bind_text(s, 1, r->id);
	db_bind_text(s, 2, r->id);
	db_bind_int(s, 3, clock_now_ms());
	db_bind_text(s, 4, action);
	db_bind_text(s, 5, from);
	db_bind_text(s, 6, to);
	db_bind_text(s, 7,
		     (a->roles & ROLES_STAFF)   ? a->department
		     : (a->roles & ROLE_SYSTEM) ? r->department
						: "");
	db_bind_text(s, 8,
		     (a->roles & ROLES_APPLICANT) && !(a->roles & ROLES_STAFF) ? "applicant"
									       : actor_primary_role(a));
	json_t *empty = json_object();
	bool ok = true;
	bind_json(s, 9, note ? note : empty, &ok);
	json_decref(empty);
	int rc = ok ? db_step(s) : DB_ERR;
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

/* The key an open task is queued by (tasks.queue_due, migration 0060): a deadline, or one after
 * every deadline when there is none, so the department's queue is read in index order. */
static const char *queue_key(const char *due) { return due && due[0] ? due : CASE_QUEUE_NONE; }

int case_tasks_first(dbc_t *c, const case_row_t *r, bool has_result, const char *intake_due)
{
	const char *kind, *role;
	if (!case_task_for(r->status, has_result, &kind, &role))
		return 0;
	int64_t now = clock_now_ms();
	char id[ENTITY_ID_LEN];
	id_new(id);
	dbs_t *s = db_prep(c, "INSERT INTO tasks (id, case_id, department, role, kind, status, created_at, "
			      "queue_due) VALUES (?,?,?,?,?, 'open', ?, ?)");
	db_bind_text(s, 1, id);
	db_bind_text(s, 2, r->id);
	db_bind_text(s, 3, r->department);
	db_bind_text(s, 4, role);
	db_bind_text(s, 5, kind);
	db_bind_int(s, 6, now);
	db_bind_text(s, 7, queue_key(r->due_day[0] ? r->due_day : intake_due));
	int rc = db_step(s);
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

int case_tasks_follow(dbc_t *c, const case_row_t *r, bool has_result, const char *intake_due)
{
	dbs_t *s = db_prep(c, "UPDATE tasks SET status = 'done', done_at = ?, version = version + 1 "
			      "WHERE case_id = ? AND status IN ('open', 'claimed')");
	db_bind_int(s, 1, clock_now_ms());
	db_bind_text(s, 2, r->id);
	int rc = db_step(s);
	db_reset(s);
	if (rc != DB_DONE)
		return -1;
	return case_tasks_first(c, r, has_result, intake_due);
}

int case_tasks_requeue(dbc_t *c, const char *case_id, const char *due_day)
{
	return db_run(c, "UPDATE tasks SET queue_due = ? WHERE case_id = ? AND status IN ('open', 'claimed')",
		      queue_key(due_day), case_id) == DB_DONE
		   ? 0
		   : -1;
}

int case_task_to_asker(dbc_t *c, const case_row_t *r)
{
	char asker[ACCOUNT_ID_LEN] = "", task[ENTITY_ID_LEN] = "", role[32] = "";
	dbs_t *s = db_prep(c, "SELECT actor_id FROM audit_log WHERE entity = 'case' AND entity_id = ? "
			      "AND action = 'case.request_correction' ORDER BY seq DESC LIMIT 1");
	db_bind(s, r->id);
	if (db_step(s) == DB_ROW)
		db_col_str(s, 0, asker, sizeof asker);
	db_reset(s);
	s = db_prep(c, "SELECT id, role FROM tasks WHERE case_id = ? AND status = 'open'");
	db_bind(s, r->id);
	if (db_step(s) == DB_ROW) {
		db_col_str(s, 0, task, sizeof task);
		db_col_str(s, 1, role, sizeof role);
	}
	db_reset(s);
	unsigned roles = 0;
	/* only to a colleague who still holds the task's role in the department */
	if (!asker[0] || !task[0] || !account_staff_roles(c, asker, r->department, &roles) ||
	    !(roles & role_from_name(role)))
		return 0;
	int rc = db_run(c, "UPDATE tasks SET status = 'claimed', claimed_by = ?, version = version + 1 "
			   "WHERE id = ?",
			asker, task);
	return rc == DB_DONE ? 0 : -1;
}

json_t *case_files_of(dbc_t *c, const char *id)
{
	json_t *o = json_object();
	dbs_t *s = db_prep(c, "SELECT material_key, file_id FROM case_files WHERE case_id = ?");
	db_bind(s, id);
	while (db_step(s) == DB_ROW)
		json_object_set_new(o, db_col_text(s, 0), json_string(db_col_text(s, 1)));
	db_reset(s);
	return o;
}

int case_files_clear(dbc_t *c, const char *id)
{
	/* the agent's power of attorney (帮办代办) is the clerk's filing, not one of the materials */
	return db_run(c, "DELETE FROM case_files WHERE case_id = ? AND material_key <> ?", id,
		      CASE_AGENT_AUTHORIZATION) == DB_DONE &&
			       db_run(c, "DELETE FROM case_file_pages WHERE case_id = ?", id) == DB_DONE
		   ? 0
		   : -1;
}

/* The files after a material's first, as pages 2, 3, … (the material has none yet). */
static int pages_insert(dbc_t *c, const char *id, const char *key, const json_t *file_ids)
{
	size_t i;
	json_t *v;
	json_array_foreach(file_ids, i, v) {
		if (db_run(c,
			   "INSERT INTO case_file_pages (case_id, material_key, page, file_id) "
			   "VALUES (?, ?, ?, ?)",
			   id, key, (int64_t)(i + 2), json_string_value(v)) != DB_DONE)
			return -1;
	}
	return 0;
}

int case_pages_set(dbc_t *c, const char *id, const char *key, const json_t *file_ids)
{
	if (db_run(c, "DELETE FROM case_file_pages WHERE case_id = ? AND material_key = ?", id, key) !=
	    DB_DONE)
		return -1;
	return pages_insert(c, id, key, file_ids);
}

int case_files_attach(dbc_t *c, const char *id, const json_t *files, const json_t *pages)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)files, key, v) {
		if (case_file_set(c, id, key, json_string_value(v)) != 0)
			return -1;
		const json_t *more = json_object_get(pages, key);
		if (more && case_pages_set(c, id, key, more) != 0)
			return -1;
	}
	return 0;
}

int case_files_insert(dbc_t *c, const char *id, const json_t *files, const json_t *pages)
{
	enum { MAX_ROWS = 64 };
	size_t n = json_object_size(files);
	if (n == 0)
		return 0;
	if (n > MAX_ROWS)	/* more than any matter lists: one row at a time */
		return case_files_attach(c, id, files, pages);
	/* one statement for every material's first file */
	db_val_t v[MAX_ROWS * 3];
	char sql[80 + MAX_ROWS * 8] = "INSERT INTO case_files (case_id, material_key, file_id) VALUES ";
	size_t len = strlen(sql), i = 0;
	const char *key;
	json_t *f;
	json_object_foreach((json_t *)files, key, f) {
		len += (size_t)snprintf(sql + len, sizeof sql - len, "%s(?, ?, ?)", i ? ", " : "");
		v[i * 3] = db_v_text(id);
		v[i * 3 + 1] = db_v_text(key);
		v[i * 3 + 2] = db_v_text(json_string_value(f));
		i++;
	}
	if (db_run_vals(c, sql, v, (int)(i * 3)) != DB_DONE)
		return -1;
	json_object_foreach((json_t *)pages, key, f) {
		if (pages_insert(c, id, key, f) != 0)
			return -1;
	}
	return 0;
}

int case_file_set(dbc_t *c, const char *id, const char *key, const char *file_id)
{
	/* an upload replaces a certificate taken for the material (case_certs_store.c), and the
	 * pages of an earlier upload */
	if (case_cert_unset(c, id, key) != 0 || case_pages_set(c, id, key, NULL) != 0)
		return -1;
	return db_run(c,
		      "INSERT INTO case_files (case_id, material_key, file_id) VALUES (?, ?, ?) "
		      "ON CONFLICT (case_id, material_key) DO UPDATE SET file_id = excluded.file_id",
		      id, key, file_id) == DB_DONE
		   ? 0
		   : -1;
}

bool case_task_held_by_other(dbc_t *c, const char *case_id, const char *account)
{
	dbs_t *s =
	    db_prep(c, "SELECT 1 FROM tasks WHERE case_id = ? AND status = 'claimed' AND claimed_by <> ?");
	db_bind(s, case_id, account);
	bool held = db_step(s) == DB_ROW;
	db_reset(s);
	return held;
}

int case_insert(dbc_t *c, const case_insert_t *in)
{
	int rc = db_run(c,
			"INSERT INTO cases (id, number, matter_code, matter_version, department, region, "
			"applicant_id, channel, created_by, agent, status, form, delivery, immediate, "
			"promised_days, submitted_day, created_at, submitted_at, updated_at) "
			"VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
			in->id, in->number, in->matter_code, in->matter_version, in->department, in->region,
			in->applicant, in->channel, in->created_by, in->sealed_agent, in->status,
			in->sealed_form, in->sealed_delivery, in->immediate, in->promised_days,
			in->submitted_day, in->now,
			in->submitted_day ? db_v_int(in->now) : db_v_null(NULL), in->now);
	return rc == DB_DONE ? 0 : -1;
}

bool case_head(dbc_t *c, const char *id, case_head_t *out)
{
	dbs_t *s = db_prep(c, "SELECT number, matter_code, matter_version, status, version FROM cases "
			      "WHERE id = ?");
	db_bind(s, id);
	bool found = db_step(s) == DB_ROW;
	if (found) {
		db_col_str(s, 0, out->number, sizeof out->number);
		db_col_str(s, 1, out->matter_code, sizeof out->matter_code);
		out->matter_version = db_col_int(s, 2);
		db_col_str(s, 3, out->status, sizeof out->status);
		out->version = db_col_int(s, 4);
	}
	db_reset(s);
	return found;
}

int case_number_next(dbc_t *c, const char *region, const char *day, int64_t *seq)
{
	dbs_t *s = db_prep(c, "INSERT INTO case_numbers (region, day, last) VALUES (?, ?, 1) "
			      "ON CONFLICT (region, day) DO UPDATE SET last = case_numbers.last + 1 "
			      "RETURNING last");
	db_bind(s, region, day);
	int rc = -1;
	if (db_step(s) == DB_ROW) {
		*seq = db_col_int(s, 0);
		rc = 0;
	}
	db_reset(s);
	return rc;
}

bool case_idem_find(dbc_t *c, const char *account, const char *key, char case_id[CASE_ID_LEN],
		    char hash[HASH_HEX_LEN])
{
	dbs_t *s =
	    db_prep(c, "SELECT case_id, request_hash FROM idempotency WHERE account_id = ? AND key = ?");
	db_bind(s, account, key);
	bool found = db_step(s) == DB_ROW;
	if (found) {
		db_col_str(s, 0, case_id, CASE_ID_LEN);
		db_col_str(s, 1, hash, HASH_HEX_LEN);
	}
	db_reset(s);
	return found;
}

int case_idem_claim(dbc_t *c, const char *account, const char *key, const char *hash, const char *case_id,
		    int64_t now)
{
	if (db_run(c,
		   "INSERT INTO idempotency (account_id, key, request_hash, case_id, created_at) VALUES "
		   "(?, ?, ?, ?, ?) ON CONFLICT (account_id, key) DO NOTHING",
		   account, key, hash, case_id, now) != DB_DONE)
		return -1;
	return (int)db_changes(c);
}

bool case_owner_dept(dbc_t *c, const char *id, const char *viewer, char owner[ACCOUNT_ID_LEN],
		     char dept[DEPT_CODE_LEN])
{
	dbs_t *s = db_prep(c, "SELECT applicant_id, department FROM cases WHERE id = ? AND (status <> "
			      "'draft' OR applicant_id = ?)");
	db_bind(s, id, viewer);
	bool ok = db_step(s) == DB_ROW;
	if (ok) {
		db_col_str(s, 0, owner, ACCOUNT_ID_LEN);
		db_col_str(s, 1, dept, DEPT_CODE_LEN);
	}
	db_reset(s);
	return ok;
}

int case_scan_files(dbc_t *c, const char *case_id, void (*fn)(const case_file_t *f, void *ctx), void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT cf.material_key, f.id, f.type, f.size, f.name, 1 FROM case_files cf "
			      "JOIN files f ON f.id = cf.file_id WHERE cf.case_id = ? "
			      "UNION ALL SELECT p.material_key, f.id, f.type, f.size, f.name, p.page "
			      "FROM case_file_pages p JOIN files f ON f.id = p.file_id WHERE p.case_id = ? "
			      "ORDER BY 1, 6");
	db_bind(s, case_id, case_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		char *name = seal_open(db_col_text(s, 4)); /* sealed: migration 0024 */
		if (!name) {
			log_error("a sealed file name does not open with this key file");
			rc = DB_ERR;
			break;
		}
		case_file_t f = {db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2), name,
				 db_col_int(s, 3), (int)db_col_int(s, 5)};
		fn(&f, ctx);
		free(name);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

int case_scan_events(dbc_t *c, const char *case_id, void (*fn)(const case_event_t *e, void *ctx), void *ctx)
{
	dbs_t *s =
	    db_prep(c, "SELECT at, action, from_status, to_status, department, role, note FROM case_events "
		       "WHERE case_id = ? ORDER BY seq");
	db_bind(s, case_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		char *note = seal_open(db_col_text(s, 6));
		case_event_t e = {db_col_int(s, 0),  db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3),
				  db_col_text(s, 4), db_col_text(s, 5), note ? note : "{}"};
		fn(&e, ctx);
		free(note);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

int case_scan_list(dbc_t *c, const case_list_filter_t *f, void (*fn)(const case_summary_t *r, void *ctx),
		   void *ctx)
{
	/* newest first: (created_at, id) descending, the cursor continues below it. One statement
	 * for each kind of viewer, so that each reads its cases by an index in the page's order and
	 * stops at the page: an applicant's by cases_applicant, a department's by
	 * cases_department_created, everyone's (supervisors, admins) by cases_created. Staff do not
	 * apply: a department's list is its cases, never a draft. */
#define LIST_HEAD                                                                                     \
	"SELECT c.id, c.number, c.matter_code, m.name_zh, m.name_en, c.status, c.channel, c.due_day, "   \
	"c.colour, c.created_at, c.department, c.matter_version FROM cases c "                          \
	"JOIN matters m ON m.code = c.matter_code LEFT JOIN accounts ap ON ap.id = c.applicant_id WHERE "
#define LIST_TAIL                                                                                     \
	"AND (CAST(? AS TEXT) IS NULL OR c.status = ?) "                                                \
	"AND (CAST(? AS TEXT) IS NULL OR c.number LIKE ?) "                                             \
	"AND (CAST(? AS TEXT) IS NULL OR ap.display_name LIKE ? ESCAPE '\\') "                          \
	"AND (CAST(? AS TEXT) IS NULL OR c.matter_code = ?) "                                           \
	"AND (CAST(? AS TEXT) IS NULL OR c.department = ?) "                                            \
	"AND (CAST(? AS TEXT) IS NULL OR c.submitted_day >= ?) "                                        \
	"AND (CAST(? AS TEXT) IS NULL OR c.submitted_day <= ?) "                                        \
	"AND c.created_at <= ? AND (c.created_at < ? OR c.id < ?) "                                     \
	"ORDER BY c.created_at DESC, c.id DESC LIMIT ?"
	static const char *const SQL[] = {
	    LIST_HEAD "c.applicant_id = ? " LIST_TAIL,
	    LIST_HEAD "c.department = ? AND c.status <> 'draft' " LIST_TAIL,
	    LIST_HEAD "(c.status <> 'draft' OR c.applicant_id = ?) " LIST_TAIL,
	};
#undef LIST_HEAD
#undef LIST_TAIL
	int which = f->overseer ? 2 : f->staff ? 1 : 0;
	dbs_t *s = db_prep(c, SQL[which]);
	/* no cursor: below every time there is */
	int64_t below = f->after > 0 ? f->after : INT64_MAX;
	db_bind(s, which == 1 ? f->department : f->viewer, f->status, f->status, f->number_like,
		f->number_like, f->applicant_like, f->applicant_like, f->matter, f->matter, f->in_department,
		f->in_department, f->from_day, f->from_day, f->to_day, f->to_day, below, below,
		f->after > 0 && f->after_id ? f->after_id : "", f->limit);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		case_summary_t r = {db_col_text(s, 0),  db_col_text(s, 1), db_col_text(s, 2),
				    db_col_text(s, 3),  db_col_text(s, 4), db_col_text(s, 5),
				    db_col_text(s, 6),  db_col_text(s, 7), db_col_text(s, 8),
				    db_col_text(s, 10), db_col_int(s, 9),  db_col_int(s, 11)};
		fn(&r, ctx);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

case_ids_t case_ids(dbc_t *c, case_ids_which_t which,
		    bool (*keep)(dbc_t *c, const case_clock_row_t *r, void *ctx), void *ctx)
{
#define CLOCK_COLS                                                                                      \
	"SELECT id, region, submitted_day, accepted_day, paused_day, finished_day, colour, promised_days, " \
	"extension_days, paused_workdays FROM cases "
	static const char *const SQL[] = {
	    [CASE_IDS_AWAITING_INTAKE] = CLOCK_COLS "WHERE status = 'submitted'",
	    [CASE_IDS_CLOCK_RUNNING] = CLOCK_COLS
	    "WHERE accepted_day IS NOT NULL AND finished_day IS NULL "
	    "AND status NOT IN ('completed', 'refused', 'withdrawn')",
	};
#undef CLOCK_COLS
	case_ids_t l = {NULL, 0};
	size_t cap = 0;
	dbs_t *s = db_prep(c, SQL[which]);
	while (db_step(s) == DB_ROW) {
		case_clock_row_t r = {db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2),
				      db_col_text(s, 3), db_col_text(s, 4), db_col_text(s, 5),
				      db_col_text(s, 6), (int)db_col_int(s, 7), (int)db_col_int(s, 8),
				      (int)db_col_int(s, 9)};
		if (!r.id || (keep && !keep(c, &r, ctx)))
			continue;
		if (l.n == cap) {
			cap = cap ? cap * 2 : 64;
			l.ids = xrealloc(l.ids, cap * sizeof *l.ids);
		}
		snprintf(l.ids[l.n++], CASE_ID_LEN, "%s", r.id);
	}
	db_reset(s);
	return l;
}

void case_ids_release(case_ids_t *l)
{
	free(l->ids);
	l->ids = NULL;
	l->n = 0;
}

int case_set_colour(dbc_t *c, const char *id, const char *colour)
{
	return db_run(c, "UPDATE cases SET colour = ? WHERE id = ?", colour, id) == DB_DONE ? 0 : -1;
}

void case_store_applicant_statuses(dbc_t *c, const char *applicant_id,
				   void (*fn)(const char *status, void *ctx), void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT DISTINCT status FROM cases WHERE applicant_id = ?");
	db_bind(s, applicant_id);
	while (db_step(s) == DB_ROW)
		fn(db_col_text(s, 0), ctx);
	db_reset(s);
}

#define DRAFT_BATCH 500

int64_t case_store_drafts_delete(dbc_t *c, const char *applicant_id, int64_t before_ms)
{
	char ids[DRAFT_BATCH][CASE_ID_LEN];
	int64_t n = 0;
	dbs_t *s = db_prep(c, "SELECT id FROM cases WHERE status = 'draft' AND updated_at < ? "
			      "AND (CAST(? AS TEXT) IS NULL OR applicant_id = ?) ORDER BY id LIMIT ?");
	db_bind(s, before_ms, applicant_id, applicant_id, (int64_t)DRAFT_BATCH);
	while (n < DRAFT_BATCH && db_step(s) == DB_ROW)
		db_col_str(s, 0, ids[n++], CASE_ID_LEN);
	db_reset(s);
	for (int64_t i = 0; i < n; i++)
		if (db_run(c, "DELETE FROM case_files WHERE case_id = ?", ids[i]) != DB_DONE ||
		    db_run(c, "DELETE FROM case_file_pages WHERE case_id = ?", ids[i]) != DB_DONE ||
		    case_certs_delete(c, ids[i]) != 0 ||
		    db_run(c, "DELETE FROM case_events WHERE case_id = ?", ids[i]) != DB_DONE ||
		    db_run(c, "DELETE FROM idempotency WHERE case_id = ?", ids[i]) != DB_DONE ||
		    db_run(c, "DELETE FROM cases WHERE id = ? AND status = 'draft'", ids[i]) != DB_DONE)
			return -1;
	return n;
}

void case_store_decisions(dbc_t *c, int64_t lo, int64_t hi, const char *department,
			  const decision_cursor_t *after, int limit,
			  void (*fn)(const decision_row_t *r, void *ctx), void *ctx)
{
	dbs_t *s = db_prep(
	    c, "SELECT e.at, e.seq, e.case_id, e.action, c.matter_code, m.name_zh, m.name_en, c.department, "
	       "d.name_zh, d.name_en, a.kind, a.display_name, a.credit_code, c.matter_version "
	       "FROM case_events e JOIN cases c ON c.id = e.case_id JOIN matters m ON m.code = c.matter_code "
	       "JOIN departments d ON d.code = c.department JOIN accounts a ON a.id = c.applicant_id "
	       "WHERE e.action IN ('approve', 'deny') AND m.type = 'licensing' AND e.at >= ? AND e.at < ? "
	       "AND (CAST(? AS TEXT) IS NULL OR c.department = ?) "
	       "AND (? = 0 OR e.at < ? OR (e.at = ? AND (e.case_id < ? OR (e.case_id = ? AND e.seq < ?)))) "
	       "ORDER BY e.at DESC, e.case_id DESC, e.seq DESC LIMIT ?");
	if (!s)
		return;
	int64_t at = after ? after->at : 0, seq = after ? after->seq : 0;
	const char *id = after ? after->case_id : "";
	db_bind(s, lo, hi, department, department, after != NULL, at, at, id, id, seq, limit);
	while (db_step(s) == DB_ROW) {
		decision_row_t r = {db_col_int(s, 0),  db_col_int(s, 1),   db_col_text(s, 2),
				    db_col_text(s, 3), db_col_text(s, 4),  db_col_text(s, 5),
				    db_col_text(s, 6), db_col_text(s, 7),  db_col_text(s, 8),
				    db_col_text(s, 9), db_col_text(s, 10), db_col_text(s, 11),
				    db_col_text(s, 12), db_col_int(s, 13)};
		fn(&r, ctx);
	}
	db_reset(s);
}

int case_store_set_principal(dbc_t *c, const char *case_id, const char *principal_id)
{
	return db_run(c, "UPDATE cases SET principal_id = ? WHERE id = ?", principal_id, case_id);
}
