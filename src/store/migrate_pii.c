/* migrate_pii.c — see migrate_pii.h. The columns are those that migrations
 * 0013 and 0024 declare sealed (docs/security.md lists each with the reason); a row
 * is read in batches and written back with every listed column sealed and its
 * blind index set, without touching its version (the data did not change). */
#include "store/migrate_pii.h"
#include "base/mem.h"
#include "base/seal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 200
#define MAX_COLS 9

typedef struct {
	const char *name;
	const char *bidx; /* the blind index column, or NULL */
	seal_index_kind_t kind;
} pii_col_t;

typedef struct {
	long version; /* the migration that declares the table's columns sealed */
	const char *table;
	const char *key; /* the primary key's columns, comma-separated */
	int nkey;
	pii_col_t cols[MAX_COLS];
	int ncols;
} pii_table_t;

static const pii_table_t TABLES[] = {
    {13,
     "accounts",
     "id",
     1,
     {{"id_number", "id_number_bidx", SEAL_INDEX_ID_NUMBER}, {"phone", "phone_bidx", SEAL_INDEX_PHONE}},
     2},
    {13,
     "cases",
     "id",
     1,
     {{"agent", NULL, 0},
      {"form", NULL, 0},
      {"delivery", NULL, 0},
      {"correction", NULL, 0},
      {"decision", NULL, 0},
      {"result", NULL, 0},
      {"delivery_record", NULL, 0},
      {"suspension", NULL, 0},
      {"extension", NULL, 0}},
     9},
    {13, "case_events", "case_id, seq", 2, {{"note", NULL, 0}}, 1},
    {24, "files", "id", 1, {{"name", NULL, 0}}, 1},
};

/* SELECT key..., col... FROM t WHERE any col is in the clear LIMIT BATCH */
static void select_sql(const pii_table_t *t, char *out, size_t n)
{
	size_t len = (size_t)snprintf(out, n, "SELECT %s", t->key);
	for (int i = 0; i < t->ncols; i++)
		len += (size_t)snprintf(out + len, n - len, ", %s", t->cols[i].name);
	len += (size_t)snprintf(out + len, n - len, " FROM %s WHERE", t->table);
	for (int i = 0; i < t->ncols; i++)
		len += (size_t)snprintf(out + len, n - len,
					"%s (%s IS NOT NULL AND %s NOT LIKE '" SEAL_PREFIX "%%')",
					i ? " OR" : "", t->cols[i].name, t->cols[i].name);
	snprintf(out + len, n - len, " LIMIT %d", BATCH);
}

/* UPDATE t SET col = ?, [bidx = ?,] ... WHERE key1 = ? [AND key2 = ?] */
static void update_sql(const pii_table_t *t, char *out, size_t n)
{
	size_t len = (size_t)snprintf(out, n, "UPDATE %s SET", t->table);
	for (int i = 0; i < t->ncols; i++) {
		len += (size_t)snprintf(out + len, n - len, "%s %s = ?", i ? "," : "", t->cols[i].name);
		if (t->cols[i].bidx)
			len += (size_t)snprintf(out + len, n - len, ", %s = ?", t->cols[i].bidx);
	}
	len += (size_t)snprintf(out + len, n - len, " WHERE ");
	char keys[64];
	snprintf(keys, sizeof keys, "%s", t->key);
	int k = 0;
	for (char *save = NULL, *p = strtok_r(keys, ", ", &save); p; p = strtok_r(NULL, ", ", &save))
		len += (size_t)snprintf(out + len, n - len, "%s%s = ?", k++ ? " AND " : "", p);
}

typedef struct {
	char **v; /* nkey + ncols values per row, NULL for SQL NULL */
	int rows, width;
} batch_t;

static void batch_free(batch_t *b)
{
	for (int i = 0; i < b->rows * b->width; i++)
		free(b->v[i]);
	free(b->v);
	memset(b, 0, sizeof *b);
}

/* Seals the values of one row (in place) and binds the update's parameters. */
static int bind_row(dbs_t *u, const pii_table_t *t, char **row, char *err, size_t errlen)
{
	int p = 1;
	for (int i = 0; i < t->ncols; i++) {
		char *stored = row[t->nkey + i];
		char *plain = seal_open(stored);
		if (stored && !plain) {
			snprintf(err, errlen,
				 "%s.%s of row %s holds a sealed value that does not open with this "
				 "key file",
				 t->table, t->cols[i].name, row[0]);
			return -1;
		}
		char *sealed = stored && !seal_is_sealed(stored) ? seal(plain) : NULL;
		if (stored && !seal_is_sealed(stored) && !sealed) {
			snprintf(err, errlen,
				 "%s.%s holds personal data in the clear and no key file is loaded "
				 "to seal it (--keystore)",
				 t->table, t->cols[i].name);
			free(plain);
			return -1;
		}
		db_bind_text(u, p++, sealed ? sealed : stored);
		if (t->cols[i].bidx) {
			char ix[SEAL_INDEX_LEN];
			db_bind_text(u, p++, plain && seal_index(t->cols[i].kind, plain, ix) ? ix : NULL);
		}
		free(sealed);
		free(plain);
	}
	for (int k = 0; k < t->nkey; k++)
		db_bind_text(u, p++, row[k]);
	return 0;
}

static int seal_table(dbc_t *c, const pii_table_t *t, char *err, size_t errlen)
{
	char sel[1024], upd[1024];
	select_sql(t, sel, sizeof sel);
	update_sql(t, upd, sizeof upd);
	for (;;) {
		batch_t b = {xcalloc((size_t)BATCH * (size_t)(t->nkey + t->ncols), sizeof(char *)), 0,
			     t->nkey + t->ncols};
		dbs_t *s = db_prep(c, sel);
		int rc;
		while ((rc = db_step(s)) == DB_ROW) {
			for (int i = 0; i < b.width; i++)
				b.v[b.rows * b.width + i] =
				    db_col_null(s, i) ? NULL : xstrdup(db_col_text(s, i));
			b.rows++;
		}
		db_reset(s);
		if (rc != DB_DONE) {
			snprintf(err, errlen, "cannot read %s: %s", t->table, db_errmsg(c));
			batch_free(&b);
			return -1;
		}
		int rows = b.rows;
		for (int r = 0; r < b.rows; r++) {
			dbs_t *u = db_prep(c, upd);
			if (bind_row(u, t, b.v + r * b.width, err, errlen) != 0) {
				db_reset(u);
				batch_free(&b);
				return -1;
			}
			rc = db_step(u);
			db_reset(u);
			if (rc != DB_DONE) {
				snprintf(err, errlen, "cannot seal a row of %s: %s", t->table, db_errmsg(c));
				batch_free(&b);
				return -1;
			}
		}
		batch_free(&b);
		if (rows < BATCH)
			return 0;
	}
}

int migrate_pii_seal(dbc_t *c, long version, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof TABLES / sizeof TABLES[0]; i++)
		if ((version == 0 || TABLES[i].version == version) &&
		    seal_table(c, &TABLES[i], err, errlen) != 0)
			return -1;
	return 0;
}

int migrate_pii_seal_all(dbc_t *c, char *err, size_t errlen) { return migrate_pii_seal(c, 0, err, errlen); }
