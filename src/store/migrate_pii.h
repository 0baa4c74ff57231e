/* migrate_pii.h — the one-time step of migration 0013 (personal data at
 * rest, base/seal.h): seals the ID numbers, phones and case documents written
 * in the clear before it, and fills the accounts' blind indexes. store_migrate
 * runs it inside migration 0013's exclusive transaction, so it runs once, on
 * one node, and commits with the migration's record or not at all. It only
 * touches values still in the clear, so running it again changes nothing. */
#ifndef ONESTOP_MIGRATE_PII_H
#define ONESTOP_MIGRATE_PII_H

#include "store/driver.h"

#define MIGRATE_PII_VERSION 13

/* 0, or -1 with a message in err (a value to seal and no key loaded, a
 * sealed value that does not open, a database error). */
int migrate_pii_seal_all(dbc_t *c, char *err, size_t errlen);

#endif
