/* pg.h — the PostgreSQL driver of the store seam (store/driver.h), on libpq.
 * Internal to store/. */
#ifndef ONESTOP_STORE_PG_H
#define ONESTOP_STORE_PG_H

#include "store/driver.h"

extern const store_driver_t store_pg_driver;

/* The URL with its password replaced by "***", for messages. */
void pg_url_shown(const char *url, char *out, size_t n);
/* `?` parameters numbered `$1, $2 …` outside quotes; returns a new string
 * and the number of parameters, or NULL for a `?` followed by a digit
 * (SQLite's numbered form, which the platform's SQL does not use). */
char *pg_number_params(const char *sql, int *nparams);
/* Migration DDL in PostgreSQL's dialect: INTEGER is BIGINT (SQLite's
 * integers are 64-bit) and a column `INTEGER PRIMARY KEY` is an identity
 * column (SQLite's rowid alias). Returns a new string. */
char *pg_translate_ddl(const char *sql);
/* The storage fault a SQLSTATE reports: 53100 (disk_full) is FULL, 58030
 * (io_error) is IO, the other 53xxx (insufficient resources: memory, locks,
 * connections) are RESOURCES; NONE for anything else, and for NULL. */
store_fault_t pg_fault_of_sqlstate(const char *sqlstate);

#endif
