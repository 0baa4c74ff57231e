/* tempstore.h — a migrated SQLite store in a fresh temporary directory, for
 * the unit tests that need a database (header-only: each test is one
 * program). tempstore_open returns NULL after printing why; tempstore_close
 * closes the store and removes the directory with its files. */
#ifndef ONESTOP_TEST_TEMPSTORE_H
#define ONESTOP_TEST_TEMPSTORE_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "store/store.h"
#include "base/keystore.h"

#define TEMPSTORE_DIR_LEN 64

static inline store_t *tempstore_open(const char *tag, char dir[TEMPSTORE_DIR_LEN])
{
	snprintf(dir, TEMPSTORE_DIR_LEN, "/tmp/onestop-%s-XXXXXX", tag);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return NULL;
	}
	/* the key the audit chain is kept with: a fixed one, for tests only */
	static const unsigned char key[KEY_BYTES] = "onestop unit tests: not a key...";
	keystore_set(key);
	char url[128], err[256] = "";
	snprintf(url, sizeof url, "sqlite:%s/t.db", dir);
	store_t *st = store_open(url, err, sizeof err);
	if (!st) {
		fprintf(stderr, "store_open: %s\n", err);
		return NULL;
	}
	if (store_migrate(st, err, sizeof err) < 0) {
		fprintf(stderr, "store_migrate: %s\n", err);
		store_close(st);
		return NULL;
	}
	return st;
}

static inline void tempstore_close(store_t *st, const char *dir)
{
	if (st)
		store_close(st);
	static const char *const files[] = {"t.db", "t.db-wal", "t.db-shm", "t.db-journal"};
	char p[128];
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, files[i]);
		unlink(p);
	}
	rmdir(dir);
}

#endif
