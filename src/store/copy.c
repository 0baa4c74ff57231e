/* copy.c — store_copy (copy.h). Engine-neutral but for what the engines name
 * differently: where the schema lists tables and columns, and moving
 * PostgreSQL's identity sequences past the copied ids. Values travel as text
 * or NULL; the target's column types (INTEGER affinity on SQLite, BIGINT on
 * PostgreSQL) turn the text of an integer back into one. */
#include "store/copy.h"
#include "base/mem.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One table list, written by hand rather than derived from the foreign keys
 * at run time: the order is a fact of the migrations and is reviewed with
 * them. tests/unit/store/copy.c checks it against every CREATE TABLE and
 * REFERENCES of the migrations, and a table of the source missing here
 * makes the copy refuse. */
static const copy_table_t TABLES[] = {
    {"regions", NULL, "code", "parent"},
    {"departments", NULL, NULL, NULL},
    {"accounts", NULL, NULL, NULL},
    {"account_agents", NULL, NULL, NULL},
    {"sessions", NULL, NULL, NULL},
    {"staff_totp", NULL, NULL, NULL},
    {"calendar_years", NULL, NULL, NULL},
    {"calendar_days", NULL, NULL, NULL},
    {"deadlines", "id", NULL, NULL},
    {"messages", "id", NULL, NULL},
    {"message_deliveries", NULL, NULL, NULL},
    {"notify_channels", NULL, NULL, NULL},
    {"audit_log", "seq", NULL, NULL},
    {"audit_head", "id", NULL, NULL, true},
    {"audit_checkpoints", NULL, NULL, NULL},
    {"login_throttle", NULL, NULL, NULL},
    {"rate_limits", NULL, NULL, NULL},
    {"password_resets", NULL, NULL, NULL},
    {"email_changes", NULL, NULL, NULL},
    {"matters", NULL, NULL, NULL},
    {"matter_versions", NULL, NULL, NULL},
    {"files", NULL, NULL, NULL},
    {"blobs", NULL, NULL, NULL},
    {"blob_chunks", NULL, NULL, NULL},
    {"cases", NULL, NULL, NULL},
    {"case_files", NULL, NULL, NULL},
    {"case_file_pages", NULL, NULL, NULL},
    {"case_events", NULL, NULL, NULL},
    {"case_numbers", NULL, NULL, NULL},
    {"tasks", NULL, NULL, NULL},
    {"idempotency", NULL, NULL, NULL},
    {"supervisions", NULL, NULL, NULL},
    {"slots", NULL, NULL, NULL},
    {"appointments", NULL, NULL, NULL},
    {"unmet_demand", NULL, NULL, NULL},
    {"visits", "id", NULL, NULL},
    {"complaint_categories", NULL, "code", "parent"},
    {"complaint_duties", NULL, NULL, NULL},
    {"complaint_numbers", NULL, NULL, NULL},
    {"complaints", NULL, "id", "merged_into"},
    {"complaint_bodies", NULL, NULL, NULL},
    {"complaint_files", NULL, NULL, NULL},
    {"complaint_keys", NULL, NULL, NULL},
    {"complaint_events", NULL, NULL, NULL},
    {"complaint_stats", NULL, NULL, NULL},
    {"complaint_hotspots", NULL, NULL, NULL},
    {"open311_keys", NULL, NULL, NULL},
    {"open311_requests", NULL, NULL, NULL},
    {"rating_subjects", NULL, NULL, NULL},
    {"ratings", NULL, NULL, NULL},
    {"rating_codes", NULL, NULL, NULL},
    {"rectifications", NULL, NULL, NULL},
    {"stats_daily", NULL, NULL, NULL},
    {"stats_durations", NULL, NULL, NULL},
    {"stats_demand", NULL, NULL, NULL},
    {"stats_monthly", NULL, NULL, NULL},
    {"stats_durations_monthly", NULL, NULL, NULL},
    {"stats_flat_daily", NULL, NULL, NULL},
    {"stats_flat_monthly", NULL, NULL, NULL},
    {"stats_flat_durations", NULL, NULL, NULL},
    {"stats_flat_durations_monthly", NULL, NULL, NULL},
    {"stats_flat_demand", NULL, NULL, NULL},
    {"stats_flat_demand_monthly", NULL, NULL, NULL},
    {"cert_keys", NULL, NULL, NULL},
    {"certificates", NULL, NULL, NULL},
    {"cert_serials", NULL, NULL, NULL},
    {"case_certificates", NULL, NULL, NULL},
    {"datasets", NULL, NULL, NULL},
    {"dataset_records", NULL, NULL, NULL},
    {"dataset_grants", NULL, NULL, NULL},
    {"data_uses", NULL, NULL, NULL},
    {"data_use_objections", NULL, NULL, NULL},
    {"notices", NULL, NULL, NULL},
    {"certificate_shares", NULL, NULL, NULL},
    {"inspection_items", NULL, NULL, NULL},
    {"enterprise_profiles", NULL, NULL, NULL},
    {"inspectors", NULL, NULL, NULL},
    {"inspection_plans", NULL, NULL, NULL},
    {"inspection_assignments", NULL, NULL, NULL},
    {"inspection_findings", NULL, NULL, NULL},
    {"inspection_objections", NULL, NULL, NULL},
    {"policies", NULL, NULL, NULL},
    {"policy_matches", NULL, NULL, NULL},
    {"policy_grants", NULL, NULL, NULL},
    {"policy_applications", NULL, NULL, NULL},
    {"bundles", NULL, NULL, NULL},
    {"bundle_versions", NULL, NULL, NULL},
    {"bundle_cases", NULL, NULL, NULL},
    {"bundle_steps", NULL, NULL, NULL},
    {"payment_notices", NULL, NULL, NULL},
};
#define N_TABLES (sizeof TABLES / sizeof TABLES[0])

const copy_table_t *copy_tables(size_t *n)
{
	*n = N_TABLES;
	return TABLES;
}

static const char *const SQLITE_TABLES =
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
static const char *const PG_TABLES = "SELECT table_name FROM information_schema.tables "
				     "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'";
static const char *const SQLITE_COLUMNS = "SELECT name FROM pragma_table_info(?) ORDER BY cid";
static const char *const PG_COLUMNS = "SELECT column_name FROM information_schema.columns "
				      "WHERE table_schema = current_schema() AND table_name = ? "
				      "ORDER BY ordinal_position";
static const char *const VERSION_SQL = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";

/* Rows per INSERT: at most COPY_STMT_ROWS, and at most COPY_STMT_PARAMS
 * parameters (under SQLite's oldest default limit of 999). */
#define COPY_STMT_ROWS 100
#define COPY_STMT_PARAMS 900

typedef struct {
	char **names;
	size_t n;
} cols_t;

typedef struct {
	store_t *to;
	bool pg_from, pg_to;
	int64_t version;        /* the target's last migration */
	cols_t tcols[N_TABLES]; /* the target's columns */
	copy_count_t *counts;
	char *err;
	size_t errlen;
} job_t;

typedef struct {
	const char *insert_one;  /* one row */
	const char *insert_many; /* per_stmt rows */
	size_t per_stmt;
	size_t ncols, nrows;
	char **vals; /* nrows × ncols; NULL for SQL NULL */
	char err[256];
} batch_t;

/* ---- SQL text ---- */

typedef struct {
	char *p;
	size_t len, cap;
} sbuf_t;

static void sb_add(sbuf_t *b, const char *s)
{
	size_t n = strlen(s);
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
}

/* Adds a double-quoted identifier, with a prefix ("src.") when given. */
static void sb_ident(sbuf_t *b, const char *prefix, const char *name)
{
	if (prefix)
		sb_add(b, prefix);
	sb_add(b, "\"");
	sb_add(b, name);
	sb_add(b, "\"");
}

/* Names that need no escaping inside double quotes. */
static bool plain_ident(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return false;
	return true;
}

static void cols_free(cols_t *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->names[i]);
	free(c->names);
	c->names = NULL;
	c->n = 0;
}

/* Writes the job's one-line message; returns -1. */
__attribute__((format(printf, 2, 3))) static int fail(job_t *j, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(j->err, j->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int list_columns(dbc_t *c, bool pg, const char *table, cols_t *out)
{
	dbs_t *s = db_prep(c, pg ? PG_COLUMNS : SQLITE_COLUMNS);
	db_bind_text(s, 1, table);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		const char *name = db_col_text(s, 0);
		if (!name || !plain_ident(name)) {
			db_reset(s);
			return -1;
		}
		out->names = xrealloc(out->names, (out->n + 1) * sizeof *out->names);
		out->names[out->n++] = xstrdup(name);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

static int64_t scalar(dbc_t *c, const char *sql, bool *ok)
{
	dbs_t *s = db_prep(c, sql);
	*ok = db_step(s) == DB_ROW;
	int64_t v = *ok ? db_col_int(s, 0) : 0;
	db_reset(s);
	return v;
}

static int64_t count_rows(dbc_t *c, const char *table, bool *ok)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM \"%s\"", table);
	return scalar(c, sql, ok);
}

static int table_index(const char *name)
{
	for (size_t i = 0; i < N_TABLES; i++)
		if (!strcmp(TABLES[i].name, name))
			return (int)i;
	return -1;
}

/* ---- the target before: empty, then migrated; its columns ---- */

/* Before migrating, so that a refused target is left exactly as it was. */
static int check_empty(dbc_t *c, void *ctx)
{
	job_t *j = ctx;
	bool present[N_TABLES] = {false};
	dbs_t *s = db_prep(c, j->pg_to ? PG_TABLES : SQLITE_TABLES);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		const char *name = db_col_text(s, 0);
		int i = name ? table_index(name) : -1;
		if (i >= 0)
			present[i] = true;
	}
	db_reset(s);
	if (rc != DB_DONE)
		return fail(j, "cannot list the tables of the target");
	for (size_t i = 0; i < N_TABLES; i++) {
		bool ok;
		if (!present[i] || TABLES[i].replace)
			continue;
		int64_t n = count_rows(c, TABLES[i].name, &ok);
		if (!ok)
			return fail(j, "cannot count the rows of %s in the target", TABLES[i].name);
		if (n > 0)
			return fail(
			    j,
			    "the target already holds data (table %s is not empty); onestop copy only "
			    "fills an empty database",
			    TABLES[i].name);
	}
	return 0;
}

/* After migrating: the target's last migration and its columns. */
static int check_target(dbc_t *c, void *ctx)
{
	job_t *j = ctx;
	bool ok;
	j->version = scalar(c, VERSION_SQL, &ok);
	if (!ok)
		return fail(j, "cannot read the target's migrations");
	for (size_t i = 0; i < N_TABLES; i++)
		if (list_columns(c, j->pg_to, TABLES[i].name, &j->tcols[i]) != 0 || j->tcols[i].n == 0)
			return fail(j, "the target lacks table %s after migrating", TABLES[i].name);
	return 0;
}

/* ---- the copy ---- */

/* Binds rows [first, first + n) to s and steps it once. */
static int insert_rows(dbc_t *c, batch_t *b, const char *sql, size_t first, size_t n)
{
	dbs_t *s = db_prep(c, sql);
	for (size_t i = 0; i < n * b->ncols; i++)
		db_bind_text(s, (int)i + 1, b->vals[first * b->ncols + i]);
	int rc = db_step(s);
	if (rc != DB_DONE)
		snprintf(b->err, sizeof b->err, "%s", db_errmsg(c));
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

/* Several rows per statement: one round trip to a PostgreSQL server per
 * statement, not per row. */
static int write_batch(dbc_t *c, void *ctx)
{
	batch_t *b = ctx;
	size_t r = 0;
	for (; r + b->per_stmt <= b->nrows; r += b->per_stmt)
		if (insert_rows(c, b, b->insert_many, r, b->per_stmt) != 0)
			return -1;
	for (; r < b->nrows; r++)
		if (insert_rows(c, b, b->insert_one, r, 1) != 0)
			return -1;
	return 0;
}

static void batch_clear(batch_t *b)
{
	for (size_t i = 0; i < b->nrows * b->ncols; i++)
		free(b->vals[i]);
	b->nrows = 0;
}

static int flush(job_t *j, batch_t *b, const char *table)
{
	if (b->nrows == 0)
		return 0;
	b->err[0] = 0;
	int rc = store_write(j->to, write_batch, b);
	batch_clear(b);
	if (rc != 0)
		return fail(j, "writing %s into the target failed: %s", table,
			    b->err[0] ? b->err : "the write was rolled back");
	return 0;
}

/* SELECT of every column, parents first for a self-referencing table. */
static char *select_sql(const copy_table_t *t, const cols_t *cols)
{
	sbuf_t b = {0};
	if (t->parent) {
		sb_add(&b, "WITH RECURSIVE tree(k, depth) AS (SELECT ");
		sb_ident(&b, NULL, t->key);
		sb_add(&b, ", 0 FROM ");
		sb_ident(&b, NULL, t->name);
		sb_add(&b, " WHERE ");
		sb_ident(&b, NULL, t->parent);
		sb_add(&b, " IS NULL UNION ALL SELECT ");
		sb_ident(&b, "x.", t->key);
		sb_add(&b, ", tree.depth + 1 FROM ");
		sb_ident(&b, NULL, t->name);
		sb_add(&b, " x JOIN tree ON ");
		sb_ident(&b, "x.", t->parent);
		sb_add(&b, " = tree.k) ");
	}
	sb_add(&b, "SELECT ");
	for (size_t i = 0; i < cols->n; i++) {
		if (i)
			sb_add(&b, ", ");
		sb_ident(&b, "src.", cols->names[i]);
	}
	sb_add(&b, " FROM ");
	sb_ident(&b, NULL, t->name);
	sb_add(&b, " src");
	if (t->parent) {
		sb_add(&b, " JOIN tree ON ");
		sb_ident(&b, "src.", t->key);
		sb_add(&b, " = tree.k ORDER BY tree.depth");
	}
	return b.p;
}

/* INSERT of every column, `rows` rows per statement. */
static char *insert_sql(const copy_table_t *t, const cols_t *cols, size_t rows)
{
	sbuf_t b = {0};
	sb_add(&b, "INSERT INTO ");
	sb_ident(&b, NULL, t->name);
	sb_add(&b, " (");
	for (size_t i = 0; i < cols->n; i++) {
		if (i)
			sb_add(&b, ", ");
		sb_ident(&b, NULL, cols->names[i]);
	}
	sb_add(&b, ") VALUES ");
	for (size_t r = 0; r < rows; r++) {
		sb_add(&b, r ? ", (" : "(");
		for (size_t i = 0; i < cols->n; i++)
			sb_add(&b, i ? ", ?" : "?");
		sb_add(&b, ")");
	}
	return b.p;
}

static bool same_columns(const cols_t *a, const cols_t *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->names[i], b->names[i]) != 0)
			return false;
	return true;
}

static int clear_table(dbc_t *c, void *name)
{
	char sql[96];
	snprintf(sql, sizeof sql, "DELETE FROM %s", (const char *)name);
	return db_exec(c, sql) == DB_OK ? 0 : -1;
}

static int copy_table(dbc_t *c, job_t *j, size_t ti)
{
	const copy_table_t *t = &TABLES[ti];
	cols_t cols = {0};
	if (list_columns(c, j->pg_from, t->name, &cols) != 0 || !same_columns(&cols, &j->tcols[ti])) {
		cols_free(&cols);
		return fail(j, "table %s has other columns in the source than in the target", t->name);
	}
	bool ok;
	j->counts[ti].source = count_rows(c, t->name, &ok);
	size_t per = COPY_STMT_PARAMS / cols.n;
	per = per < 1 ? 1 : per > COPY_STMT_ROWS ? COPY_STMT_ROWS : per;
	char *sel = select_sql(t, &cols), *one = insert_sql(t, &cols, 1), *many = insert_sql(t, &cols, per);
	batch_t b = {.insert_one = one, .insert_many = many, .per_stmt = per, .ncols = cols.n};
	b.vals = xmalloc(COPY_BATCH_ROWS * cols.n * sizeof *b.vals);
	int64_t copied = 0;
	int rc = ok ? 0 : fail(j, "cannot count the rows of %s in the source", t->name);
	if (rc == 0 && t->replace && store_write(j->to, clear_table, (void *)t->name) != 0)
		rc = fail(j, "cannot clear %s in the target", t->name);
	dbs_t *s = db_prep(c, sel);
	int step = DB_DONE;
	while (rc == 0 && (step = db_step(s)) == DB_ROW) {
		for (size_t i = 0; i < cols.n; i++)
			b.vals[b.nrows * cols.n + i] =
			    db_col_null(s, (int)i) ? NULL : xstrdup(db_col_text(s, (int)i));
		b.nrows++;
		copied++;
		if (b.nrows == COPY_BATCH_ROWS)
			rc = flush(j, &b, t->name);
	}
	if (rc == 0 && step != DB_DONE)
		rc = fail(j, "reading %s from the source failed", t->name);
	db_reset(s);
	if (rc == 0)
		rc = flush(j, &b, t->name);
	batch_clear(&b);
	if (rc == 0 && copied != j->counts[ti].source)
		rc =
		    fail(j, "%s: not every row could be read in an order that keeps its references", t->name);
	free(b.vals);
	free(sel);
	free(one);
	free(many);
	cols_free(&cols);
	return rc;
}

static int check_source_tables(dbc_t *c, job_t *j)
{
	dbs_t *s = db_prep(c, j->pg_from ? PG_TABLES : SQLITE_TABLES);
	int rc;
	char unknown[128] = "";
	while ((rc = db_step(s)) == DB_ROW) {
		const char *name = db_col_text(s, 0);
		if (name && strcmp(name, "schema_migrations") != 0 && table_index(name) < 0 && !unknown[0])
			snprintf(unknown, sizeof unknown, "%s", name);
	}
	db_reset(s);
	if (rc != DB_DONE)
		return fail(j, "cannot list the tables of the source");
	if (unknown[0])
		return fail(j,
			    "the source has a table onestop copy does not know (%s); refusing rather than "
			    "leaving it behind",
			    unknown);
	return 0;
}

static int copy_all(dbc_t *c, void *ctx)
{
	job_t *j = ctx;
	bool ok;
	int64_t v = scalar(c, VERSION_SQL, &ok);
	if (!ok)
		return fail(j, "the source is not an onestop database (no schema_migrations)");
	if (v != j->version) {
		return fail(
		    j,
		    v < j->version
			? "the source is at migration %lld, this onestop at %lld: run onestop migrate "
			  "on the source first"
			: "the source is at migration %lld, newer than this onestop (%lld): use the "
			  "onestop that wrote it",
		    (long long)v, (long long)j->version);
	}
	if (check_source_tables(c, j) != 0)
		return -1;
	for (size_t i = 0; i < N_TABLES; i++)
		if (copy_table(c, j, i) != 0)
			return -1;
	return 0;
}

/* ---- the target after ---- */

/* PostgreSQL: an identity column's sequence does not move when ids are
 * given explicitly; the next generated id must come after the copied ones. */
static int move_identities(dbc_t *c, void *ctx)
{
	job_t *j = ctx;
	for (size_t i = 0; i < N_TABLES; i++) {
		const copy_table_t *t = &TABLES[i];
		if (!t->identity)
			continue;
		char sql[256];
		snprintf(sql, sizeof sql,
			 "SELECT setval(pg_get_serial_sequence('%s', '%s'), MAX(\"%s\")) FROM \"%s\"",
			 t->name, t->identity, t->identity, t->name);
		dbs_t *s = db_prep(c, sql);
		int rc = db_step(s);
		db_reset(s);
		if (rc != DB_ROW)
			return fail(j, "cannot move the identity sequence of %s: %s", t->name, db_errmsg(c));
	}
	return 0;
}

static int count_target(dbc_t *c, void *ctx)
{
	job_t *j = ctx;
	for (size_t i = 0; i < N_TABLES; i++) {
		bool ok;
		j->counts[i].target = count_rows(c, TABLES[i].name, &ok);
		if (!ok)
			return fail(j, "cannot count the rows of %s in the target", TABLES[i].name);
	}
	return 0;
}

int store_copy(store_t *from, store_t *to, copy_count_t *counts, char *err, size_t errlen)
{
	for (size_t i = 0; i < N_TABLES; i++)
		counts[i] = (copy_count_t){TABLES[i].name, 0, 0};
	err[0] = 0;
	job_t j = {.to = to, .counts = counts, .err = err, .errlen = errlen};
	j.pg_from = !strcmp(store_engine(from), "postgresql");
	j.pg_to = !strcmp(store_engine(to), "postgresql");
	int rc = store_read(to, check_empty, &j);
	if (rc == 0 && store_migrate(to, err, errlen) < 0)
		return -1;
	if (rc == 0)
		rc = store_read(to, check_target, &j);
	if (rc == 0)
		rc = store_read(from, copy_all, &j);
	if (rc == 0 && j.pg_to)
		rc = store_write(to, move_identities, &j);
	if (rc == 0)
		rc = store_read(to, count_target, &j);
	for (size_t i = 0; i < N_TABLES; i++)
		cols_free(&j.tcols[i]);
	if (rc != 0) {
		if (!err[0])
			snprintf(err, errlen, "the database does not answer");
		return -1;
	}
	int differ = 0;
	for (size_t i = 0; i < N_TABLES; i++)
		differ += counts[i].source != counts[i].target;
	if (differ) {
		snprintf(err, errlen, "row counts differ between source and target in %d table(s)", differ);
		return -1;
	}
	return 0;
}
