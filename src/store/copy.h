/* copy.h — copying a whole database into an empty one on any engine
 * (`onestop copy`: a district moving from SQLite to PostgreSQL).
 *
 * The copier uses only the store API (store.h): it migrates the target,
 * refuses a target that holds any row, reads the source in one snapshot and
 * writes the target through its writer in batches, table by table in an
 * order that satisfies the foreign keys (COPY_TABLES below). A table of the
 * source that the copier does not know makes it refuse: a table skipped in
 * silence would be data lost in the move. */
#ifndef ONESTOP_STORE_COPY_H
#define ONESTOP_STORE_COPY_H

#include "store/store.h"

/* One table of the platform, in copy order. identity: the column that is an
 * `INTEGER PRIMARY KEY` in the migrations (an identity on PostgreSQL, whose
 * sequence is moved past the copied ids), or NULL. parent: the column of a
 * self-reference (rows are copied parents first), or NULL; key is the
 * column it references. replace: the migrations put rows of their own in
 * the table (the audit chain's head): they are replaced by the source's, and
 * they do not make a target count as holding data. */
typedef struct {
	const char *name;
	const char *identity;
	const char *key;
	const char *parent;
	bool replace;
} copy_table_t;

/* The platform's tables in an order where every table comes after the
 * tables it references; *n gets their number. */
const copy_table_t *copy_tables(size_t *n);

#define COPY_BATCH_ROWS 1000

typedef struct {
	const char *table;
	int64_t source; /* rows in the source snapshot */
	int64_t target; /* rows in the target after the copy */
} copy_count_t;

/* Copies every table of `from` into `to` (migrated first, must be empty).
 * counts gets one entry per table of copy_tables(), in that order. Returns
 * 0 when every count matches; -1 with a one-line message in err otherwise
 * (refusal, database error or a count that differs). */
int store_copy(store_t *from, store_t *to, copy_count_t *counts, char *err, size_t errlen);

#endif
