/* seed.h — reference data and demo data, from the files compiled into the
 * binary (data/). Both are idempotent: what exists is left alone.
 *   seed_reference: the national region and every year of data/calendar/;
 *   it also rebuilds the catalogue's search text stored under older rules.
 *   seed_demo: data/demo/ — regions, departments, accounts (and what later
 *   modules register in seed_demo's list, such as the catalogue). */
#ifndef ONESTOP_SEED_H
#define ONESTOP_SEED_H

#include <stdbool.h>
#include "store/store.h"

int seed_reference(store_t *st);
int seed_demo(store_t *st);
/* The demo's past on top of the demo data: six weeks of 12345 requests taken
 * through the real intake and life cycle at past times (serve --demo-history);
 * nothing when any request exists. With files_dir (where uploads are kept),
 * also three months of synthetic cases for the statistics dashboard
 * (synth_demo). */
int seed_demo_history(store_t *st, const char *files_dir);
/* True when no account exists yet (serve --demo seeds only then). */
bool seed_db_empty(store_t *st);

#endif
