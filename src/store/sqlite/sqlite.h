/* sqlite.h — the SQLite driver of the store seam (store/driver.h). Internal to store/. */
#ifndef ONESTOP_STORE_SQLITE_H
#define ONESTOP_STORE_SQLITE_H

#include "store/driver.h"

extern const store_driver_t store_sqlite_driver;

#endif
