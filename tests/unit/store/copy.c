/* copy.c — unit tests of store/copy: the copier's table list against the
 * migrations (every table, each after the tables it references, the
 * identity columns exactly the `INTEGER PRIMARY KEY` ones; a table a later
 * migration rebuilds — created anew, the old one dropped, the new one renamed
 * to the old name — counted once, as rebuilt), a
 * self-referencing table copied parents first whatever its row order, and a
 * target holding data refused without a change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "unit/tempstore.h"

#include "base/embedded.h"
#include "store/copy.h"

static int position(const char *name, size_t len)
{
	size_t n;
	const copy_table_t *t = copy_tables(&n);
	for (size_t i = 0; i < n; i++)
		if (strlen(t[i].name) == len && !strncmp(t[i].name, name, len))
			return (int)i;
	return -1;
}

static size_t ident_len(const char *p)
{
	size_t n = 0;
	while ((p[n] >= 'a' && p[n] <= 'z') || p[n] == '_' || (p[n] >= '0' && p[n] <= '9'))
		n++;
	return n;
}

/* The column named on the line that holds `at` (its first word). */
static void column_of_line(const char *text, const char *at, char *out, size_t n)
{
	const char *l = at;
	while (l > text && l[-1] != '\n')
		l--;
	while (*l == ' ' || *l == '\t')
		l++;
	snprintf(out, n, "%.*s", (int)ident_len(l), l);
}

/* Whether "DROP TABLE name;" comes after `at` (in the same migration, or in a later one). */
static bool dropped_later(const embedded_file_t *file, const char *at, const char *name, size_t len)
{
	char stmt[96];
	snprintf(stmt, sizeof stmt, "DROP TABLE %.*s;", (int)len, name);
	for (const embedded_file_t *f = file; f->name; f++)
		if (strstr(f == file ? at : (const char *)f->data, stmt))
			return true;
	return false;
}

/* The name a table ends with: "ALTER TABLE name RENAME TO other;" in any migration gives other
 * (*renamed_in: that migration, or NULL when the table keeps its name). */
static const char *final_name(const char *name, size_t *len, const embedded_file_t **renamed_in)
{
	char stmt[96];
	snprintf(stmt, sizeof stmt, "ALTER TABLE %.*s RENAME TO ", (int)*len, name);
	*renamed_in = NULL;
	for (const embedded_file_t *f = embedded_sql; f->name; f++) {
		const char *r = strstr((const char *)f->data, stmt);
		if (r) {
			r += strlen(stmt);
			*len = ident_len(r);
			*renamed_in = f;
			return r;
		}
	}
	return name;
}

/* Whether a table renamed in `renamed_in` is dropped by a later migration (rebuilt again: 0025's
 * supervisions by 0046). */
static bool dropped_after_rename(const embedded_file_t *renamed_in, const char *name, size_t len)
{
	char stmt[96];
	snprintf(stmt, sizeof stmt, "DROP TABLE %.*s;", (int)len, name);
	for (const embedded_file_t *f = renamed_in + 1; f->name; f++)
		if (strstr((const char *)f->data, stmt))
			return true;
	return false;
}

static void order_follows_the_migrations(void **state)
{
	(void)state;
	size_t n;
	const copy_table_t *tables = copy_tables(&n);
	size_t seen = 0;
	for (const embedded_file_t *f = embedded_sql; f->name; f++) {
		const char *text = (const char *)f->data;
		for (const char *p = strstr(text, "CREATE TABLE "); p; p = strstr(p + 1, "CREATE TABLE ")) {
			const char *name = p + 13;
			size_t len = ident_len(name);
			if (dropped_later(f, name, name, len))
				continue; /* rebuilt later: its last form is the one checked */
			size_t final_len = len;
			const embedded_file_t *renamed_in;
			const char *final = final_name(name, &final_len, &renamed_in);
			if (renamed_in && dropped_after_rename(renamed_in, final, final_len))
				continue; /* its renamed form is rebuilt later too */
			int me = position(final, final_len);
			if (me < 0)
				fail_msg("%s: table %.*s is not in the copier's list", f->name, (int)final_len,
					 final);
			seen++;
			/* the statement's end: ");", or ") WITHOUT ROWID;" (0067) */
			const char *end = strstr(name, ");"), *wr = strstr(name, ") WITHOUT ROWID;");
			if (wr && (!end || wr < end))
				end = wr;
			assert_non_null(end);
			const char *identity = NULL;
			char col[64];
			for (const char *r = strstr(name, "REFERENCES "); r && r < end;
			     r = strstr(r + 1, "REFERENCES ")) {
				const char *ref = r + 11;
				int theirs = position(ref, ident_len(ref));
				assert_true(theirs >= 0);
				if (theirs == me) {
					column_of_line(text, r, col, sizeof col);
					assert_non_null(tables[me].parent);
					assert_string_equal(tables[me].parent, col);
				} else if (theirs > me) {
					fail_msg("%s comes before %s, which it references", tables[me].name,
						 tables[theirs].name);
				}
			}
			const char *pk = strstr(name, "INTEGER PRIMARY KEY");
			if (pk && pk < end) {
				column_of_line(text, pk, col, sizeof col);
				identity = col;
			}
			if (identity) {
				assert_non_null(tables[me].identity);
				assert_string_equal(tables[me].identity, identity);
			} else {
				assert_null(tables[me].identity);
			}
		}
	}
	assert_int_equal(seen, n); /* and no table listed twice or absent from the migrations */
	/* a column added later with a reference: the same order rules */
	for (const embedded_file_t *f = embedded_sql; f->name; f++) {
		const char *text = (const char *)f->data;
		for (const char *p = strstr(text, "ALTER TABLE "); p; p = strstr(p + 1, "ALTER TABLE ")) {
			const char *name = p + 12, *eol = strchr(p, '\n');
			const char *add = strstr(name, " ADD COLUMN ");
			const char *r = strstr(name, "REFERENCES ");
			if (!add || !r || !eol || add > eol || r > eol)
				continue;
			int me = position(name, ident_len(name));
			int theirs = position(r + 11, ident_len(r + 11));
			assert_true(me >= 0 && theirs >= 0);
			if (theirs == me) {
				char col[64];
				const char *c = add + 12;
				snprintf(col, sizeof col, "%.*s", (int)ident_len(c), c);
				if (!tables[me].parent || strcmp(tables[me].parent, col))
					fail_msg("%s: %s references its own table: the copier's parent column",
						 tables[me].name, col);
			} else if (theirs > me)
				fail_msg("%s comes before %s, which it references", tables[me].name,
					 tables[theirs].name);
		}
	}
}

typedef struct {
	char dir[TEMPSTORE_DIR_LEN];
	store_t *src, *dst;
} fx_t;

static int regions_out_of_order(dbc_t *c, void *arg)
{
	(void)arg;
	/* 310000 is inserted first and only then given a parent inserted after it */
	if (db_run(c, "INSERT INTO regions (code, name_zh, name_en, parent, level) VALUES (?, ?, ?, ?, ?)",
		   "310000", "上海市", "Shanghai", NULL, "province") != DB_DONE ||
	    db_run(c, "INSERT INTO regions (code, name_zh, name_en, parent, level) VALUES (?, ?, ?, ?, ?)",
		   "310104", "徐汇区", "Xuhui", "310000", "district") != DB_DONE ||
	    db_run(c, "INSERT INTO regions (code, name_zh, name_en, parent, level) VALUES (?, ?, ?, ?, ?)",
		   "000000", "全国", "National", NULL, "national") != DB_DONE ||
	    db_run(c, "UPDATE regions SET parent = ? WHERE code = ?", "000000", "310000") != DB_DONE)
		return -1;
	return 0;
}

static int setup(void **state)
{
	fx_t *f = calloc(1, sizeof *f);
	f->src = tempstore_open("copy", f->dir);
	if (!f->src || store_write(f->src, regions_out_of_order, NULL) != 0)
		return -1;
	char url[128], err[256];
	snprintf(url, sizeof url, "sqlite:%s/u.db", f->dir);
	f->dst = store_open(url, err, sizeof err);
	if (!f->dst)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx_t *f = *state;
	store_close(f->dst);
	static const char *const files[] = {"u.db", "u.db-wal", "u.db-shm", "u.db-journal"};
	char p[128];
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", f->dir, files[i]);
		unlink(p);
	}
	tempstore_close(f->src, f->dir);
	free(f);
	return 0;
}

static void parents_first_then_refused_when_full(void **state)
{
	fx_t *f = *state;
	size_t n;
	copy_tables(&n);
	copy_count_t *counts = calloc(n, sizeof *counts);
	char err[256] = "";
	int rc = store_copy(f->src, f->dst, counts, err, sizeof err);
	if (rc != 0)
		fail_msg("copy: %s", err);
	assert_string_equal(counts[0].table, "regions");
	assert_int_equal(counts[0].source, 3);
	assert_int_equal(counts[0].target, 3);

	rc = store_copy(f->src, f->dst, counts, err, sizeof err);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, "already holds data"));
	free(counts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(order_follows_the_migrations),
	    cmocka_unit_test_setup_teardown(parents_first_then_refused_when_full, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
