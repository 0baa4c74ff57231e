/* cert_store.h — every statement on cert_keys, certificates and
 * cert_serials (cert_store.c). Internal to domain/certs/. Strings given to a
 * callback are valid only during the call. */
#ifndef ONESTOP_CERT_STORE_H
#define ONESTOP_CERT_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "base/page.h"
#include "store/store.h"

typedef struct {
	const char *id, *department, *algorithm, *public_key, *private_box;
	int64_t not_before, not_after, retired_at; /* retired_at 0: in service */
} cert_key_row_t;

/* A new key row (strings borrowed). */
int cert_store_key_insert(dbc_t *c, const cert_key_row_t *k, int64_t now);
/* Retires every key of a department still in service; how many, or -1. */
int cert_store_key_retire_all(dbc_t *c, const char *department, int64_t now);
/* The department's key in service at now (newest first); false when none. */
bool cert_store_key_current(dbc_t *c, const char *department, int64_t now,
			    void (*fn)(const cert_key_row_t *k, void *ctx), void *ctx);
/* Every key, oldest first. */
void cert_store_key_each(dbc_t *c, void (*fn)(const cert_key_row_t *k, void *ctx), void *ctx);

typedef struct {
	const char *id, *identifier, *type, *department, *case_id, *holder_account, *holder_bidx, *document,
	    *key_id, *signature, *valid_until, *status, *revoked_by, *revoke_reason;
	int64_t issued_at, revoked_at, version;
	const char *number, *superseded_by; /* NULL: none, not superseded */
	int64_t superseded_at;
} cert_row_t;

/* Raises and returns the serial of a department's certificates of a type. */
int cert_store_serial_next(dbc_t *c, const char *department, const char *type, int64_t *serial);
int cert_store_insert(dbc_t *c, const cert_row_t *r);
/* One certificate by its opaque id; false when unknown. */
bool cert_store_get(dbc_t *c, const char *id, void (*fn)(const cert_row_t *r, void *ctx), void *ctx);
/* The certificates of a holder's account, newest first. */
void cert_store_of_holder(dbc_t *c, const char *account, void (*fn)(const cert_row_t *r, void *ctx),
			  void *ctx);
/* A holder's wallet: the certificates of the account and of every account it acts for
 * (account_agents), newest first by (issued_at, id), below the cursor `after` (not set: from
 * the newest), at most limit. 0 or -1. */
int cert_store_wallet_page(dbc_t *c, const char *account, const page_cursor_t *after, int limit,
			   void (*fn)(const cert_row_t *r, void *ctx), void *ctx);
/* A department's certificates, newest first by (issued_at, id), below the cursor `after` (not
 * set: from the newest), at most limit; q (NULL: all) matches the identifier or the licence
 * number, in part. 0 or -1. */
int cert_store_of_department(dbc_t *c, const char *department, const char *q, const page_cursor_t *after,
			     int limit, void (*fn)(const cert_row_t *r, void *ctx), void *ctx);
/* Whether an account holds a certificate of a type (any status). */
bool cert_store_holds(dbc_t *c, const char *account, const char *type);
/* Marks superseded, by new_id at now, every other valid certificate of the
 * holder with the type and number (both NULL-safe); how many, or -1. */
int cert_store_supersede(dbc_t *c, const char *holder_account, const char *type, const char *number,
			 const char *new_id, int64_t now);
/* Every revoked or superseded certificate, in the order they ended. */
void cert_store_revoked_each(dbc_t *c, void (*fn)(const cert_row_t *r, void *ctx), void *ctx);
/* Marks a valid certificate revoked at version; 1 done, 0 stale or not valid, -1 error. */
int cert_store_revoke(dbc_t *c, const char *id, int64_t version, const char *by, const char *reason,
		      int64_t now);

#endif
