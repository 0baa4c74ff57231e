/* migrate_pii.h — the one-time steps of the migrations that seal personal
 * data at rest (base/seal.h): 0013 seals the ID numbers, phones and case
 * documents written in the clear before it, and fills the accounts' blind
 * indexes; 0024 seals the names of uploaded files. store_migrate runs each
 * inside its migration's exclusive transaction, so it runs once, on one
 * node, and commits with the migration's record or not at all. It only
 * touches values still in the clear, so running it again changes nothing. */
#ifndef ONESTOP_MIGRATE_PII_H
#define ONESTOP_MIGRATE_PII_H

#include "store/driver.h"

/* Seals the columns that migration `version` declares sealed (none for most
 * versions; 0: every migration's). 0, or -1 with a message in err (a value to seal and no key loaded, a
 * sealed value that does not open, a database error). */
int migrate_pii_seal(dbc_t *c, long version, char *err, size_t errlen);
/* migrate_pii_seal(c, 0, …): every sealed column of every migration. */
int migrate_pii_seal_all(dbc_t *c, char *err, size_t errlen);

#endif
