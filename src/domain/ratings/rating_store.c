/* rating_store.c — every SQL statement of ratings (see rating_store.h). */
#include "domain/ratings/rating_store.h"
#include <string.h>

int rating_store_subject_add(dbc_t *c, const rating_subject_t *s)
{
	if (rating_store_subject(c, s->kind, s->subject_id, &(rating_subject_t){0}))
		return 0;
	int rc = db_run(
	    c,
	    "INSERT INTO rating_subjects (kind, subject_id, label, rater_id, department, matter_code, "
	    "region, channel, source_channel, completed_at, invite_due_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
	    s->kind, s->subject_id, s->label, s->rater_id[0] ? s->rater_id : NULL, s->department,
	    s->matter_code[0] ? s->matter_code : NULL, s->region[0] ? s->region : NULL, s->channel,
	    s->source_channel[0] ? s->source_channel : NULL, s->completed_at, s->invite_due_at);
	return rc == DB_DONE ? 0 : -1;
}

#define SUBJECT_COLS                                                                                         \
	"kind, subject_id, label, rater_id, department, matter_code, region, channel, completed_at, "        \
	"invite_due_at, invited_at, rated_at, source_channel"

static void subject_cols(dbs_t *s, rating_subject_t *o)
{
	db_col_str(s, 0, o->kind, sizeof o->kind);
	db_col_str(s, 1, o->subject_id, sizeof o->subject_id);
	db_col_str(s, 2, o->label, sizeof o->label);
	db_col_str(s, 3, o->rater_id, sizeof o->rater_id);
	db_col_str(s, 4, o->department, sizeof o->department);
	db_col_str(s, 5, o->matter_code, sizeof o->matter_code);
	db_col_str(s, 6, o->region, sizeof o->region);
	db_col_str(s, 7, o->channel, sizeof o->channel);
	o->completed_at = db_col_int(s, 8);
	o->invite_due_at = db_col_int(s, 9);
	o->invited_at = db_col_null(s, 10) ? 0 : db_col_int(s, 10);
	o->rated_at = db_col_null(s, 11) ? 0 : db_col_int(s, 11);
	db_col_str(s, 12, o->source_channel, sizeof o->source_channel);
}

bool rating_store_subject(dbc_t *c, const char *kind, const char *subject_id, rating_subject_t *out)
{
	dbs_t *s =
	    db_prep(c, "SELECT " SUBJECT_COLS " FROM rating_subjects WHERE kind = ? AND subject_id = ?");
	db_bind(s, kind, subject_id);
	bool found = db_step(s) == DB_ROW;
	if (found)
		subject_cols(s, out);
	db_reset(s);
	return found;
}

int rating_store_subject_rated(dbc_t *c, const char *kind, const char *subject_id, int64_t now)
{
	return db_run(c,
		      "UPDATE rating_subjects SET rated_at = ? WHERE kind = ? AND subject_id = ? AND "
		      "rated_at IS NULL",
		      now, kind, subject_id) == DB_DONE
		   ? 0
		   : -1;
}

int rating_store_insert(dbc_t *c, const rating_row_t *r)
{
	int rc = db_run(c,
			"INSERT INTO ratings (id, kind, subject_id, round, level, tags, comment, staff_id, "
			"window_label, via, rater_id, department, matter_code, region, channel, created_at) "
			"VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
			r->id, r->kind, r->subject_id, r->round, r->level, r->tags, r->comment, r->staff_id,
			r->window_label, r->via, r->rater_id, r->department, r->matter_code, r->region,
			r->channel, r->created_at);
	return rc == DB_DONE ? 0 : rc == DB_CONSTRAINT ? 1 : -1;
}

int rating_store_of_subject(dbc_t *c, const char *kind, const char *subject_id,
			    void (*fn)(const rating_row_t *r, void *ctx), void *ctx)
{
	dbs_t *s =
	    db_prep(c, "SELECT id, round, level, tags, comment, staff_id, window_label, via, rater_id, "
		       "created_at FROM ratings WHERE kind = ? AND subject_id = ? ORDER BY round");
	db_bind(s, kind, subject_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		json_t *tags = db_col_json(s, 3);
		rating_row_t r = {.id = db_col_text(s, 0),
				  .kind = kind,
				  .subject_id = subject_id,
				  .round = (int)db_col_int(s, 1),
				  .level = db_col_int(s, 2),
				  .tags = tags,
				  .comment = db_col_text(s, 4),
				  .staff_id = db_col_text(s, 5),
				  .window_label = db_col_text(s, 6),
				  .via = db_col_text(s, 7),
				  .rater_id = db_col_text(s, 8),
				  .created_at = db_col_int(s, 9)};
		fn(&r, ctx);
		json_decref(tags);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

bool rating_store_exists(dbc_t *c, const char *kind, const char *subject_id)
{
	dbs_t *s = db_prep(c, "SELECT 1 FROM ratings WHERE kind = ? AND subject_id = ?");
	db_bind(s, kind, subject_id);
	bool found = db_step(s) == DB_ROW;
	db_reset(s);
	return found;
}

int rating_store_code_replace(dbc_t *c, const char *hash, const char *kind, const char *subject_id,
			      const char *by, int64_t now, int64_t expires_at)
{
	if (db_run(c, "DELETE FROM rating_codes WHERE kind = ? AND subject_id = ? AND used_at IS NULL", kind,
		   subject_id) != DB_DONE)
		return -1;
	return db_run(c,
		      "INSERT INTO rating_codes (code_hash, kind, subject_id, created_by, created_at, "
		      "expires_at) "
		      "VALUES (?,?,?,?,?,?)",
		      hash, kind, subject_id, by, now, expires_at) == DB_DONE
		   ? 0
		   : -1;
}

bool rating_store_code_find(dbc_t *c, const char *hash, int64_t now, char kind[16],
			    char subject_id[ENTITY_ID_LEN])
{
	dbs_t *s =
	    db_prep(c, "SELECT kind, subject_id FROM rating_codes WHERE code_hash = ? AND used_at IS NULL "
		       "AND expires_at > ?");
	db_bind(s, hash, now);
	bool found = db_step(s) == DB_ROW;
	if (found) {
		db_col_str(s, 0, kind, 16);
		db_col_str(s, 1, subject_id, ENTITY_ID_LEN);
	}
	db_reset(s);
	return found;
}

int rating_store_code_use(dbc_t *c, const char *hash, int64_t now)
{
	return db_run(c, "UPDATE rating_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL", now,
		      hash) == DB_DONE &&
		       db_changes(c) == 1
		   ? 0
		   : -1;
}

int rating_store_due_invites(dbc_t *c, int64_t now, int max, rating_subject_t *out)
{
	dbs_t *s = db_prep(c, "SELECT " SUBJECT_COLS " FROM rating_subjects WHERE invite_due_at <= ? AND "
			      "invited_at IS NULL AND rated_at IS NULL AND rater_id IS NOT NULL "
			      "ORDER BY invite_due_at, subject_id LIMIT ?");
	db_bind(s, now, max);
	int n = 0;
	while (n < max && db_step(s) == DB_ROW)
		subject_cols(s, &out[n++]);
	db_reset(s);
	return n;
}

int rating_store_invited(dbc_t *c, const char *kind, const char *subject_id, int64_t now)
{
	return db_run(c, "UPDATE rating_subjects SET invited_at = ? WHERE kind = ? AND subject_id = ?", now,
		      kind, subject_id) == DB_DONE
		   ? 0
		   : -1;
}

bool rating_store_round_exists(dbc_t *c, const char *kind, const char *subject_id, int round)
{
	dbs_t *s = db_prep(c, "SELECT 1 FROM ratings WHERE kind = ? AND subject_id = ? AND round = ?");
	db_bind(s, kind, subject_id, round);
	bool found = db_step(s) == DB_ROW;
	db_reset(s);
	return found;
}

/* Reads the bundles' and the cases' tables (never writes them). */
int rating_store_bundle_of_case(dbc_t *c, const char *case_id, rating_bundle_row_t *out)
{
	dbs_t *s = db_prep(c, "SELECT b.id, b.status, b.applicant_id, COALESCE(d.name_zh, b.bundle_code), "
			      "f.department, COALESCE(f.region, ''), f.channel FROM bundle_steps s "
			      "JOIN bundle_cases b ON b.id = s.bundle_case_id "
			      "JOIN bundle_steps s0 ON s0.bundle_case_id = b.id AND s0.step = 0 "
			      "JOIN cases f ON f.id = s0.case_id "
			      "LEFT JOIN bundles d ON d.code = b.bundle_code WHERE s.case_id = ?");
	db_bind(s, case_id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		db_col_str(s, 0, out->id, sizeof out->id);
		db_col_str(s, 1, out->status, sizeof out->status);
		db_col_str(s, 2, out->applicant_id, sizeof out->applicant_id);
		db_col_str(s, 3, out->name, sizeof out->name);
		db_col_str(s, 4, out->department, sizeof out->department);
		db_col_str(s, 5, out->region, sizeof out->region);
		db_col_str(s, 6, out->channel, sizeof out->channel);
	}
	db_reset(s);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

bool rating_store_bundle_owner(dbc_t *c, const char *id, char applicant[ACCOUNT_ID_LEN], char status[24],
			       char department[DEPT_CODE_LEN])
{
	dbs_t *s = db_prep(c, "SELECT b.applicant_id, b.status, f.department FROM bundle_cases b "
			      "JOIN bundle_steps s0 ON s0.bundle_case_id = b.id AND s0.step = 0 "
			      "JOIN cases f ON f.id = s0.case_id WHERE b.id = ?");
	db_bind(s, id);
	bool found = db_step(s) == DB_ROW;
	if (found) {
		db_col_str(s, 0, applicant, ACCOUNT_ID_LEN);
		db_col_str(s, 1, status, 24);
		db_col_str(s, 2, department, DEPT_CODE_LEN);
	}
	db_reset(s);
	return found;
}
