/* audit_store.h — the SQL of the audit log (internal to domain/core). */
#ifndef ONESTOP_AUDIT_STORE_H
#define ONESTOP_AUDIT_STORE_H

#include <stdint.h>
#include "store/store.h"

/* One entry as stored; in a row callback the strings are borrowed and valid
 * only during the call. */
typedef struct {
	int64_t seq, at;
	const char *request_id, *actor_id, *actor_role, *actor_dept, *action, *entity, *entity_id;
	int64_t version_before, version_after;
	const char *detail;       /* compact JSON with sorted keys */
	const char *prev_hash, *hash;
} audit_entry_t;

/* Takes the chain head for one more entry: the head's seq is incremented
 * (its row stays locked until the transaction ends) and the new seq and the
 * previous entry's hash are returned. 0, or -1 on a database error. */
int audit_store_take_head(dbc_t *c, int64_t *seq, char *hash, size_t hashlen);
/* Records the hash of the entry just appended as the head's. */
int audit_store_set_head(dbc_t *c, const char *hash);
/* The head's seq (the last entry there should be) and the first keyed entry. */
int audit_store_head(dbc_t *c, int64_t *seq, int64_t *keyed_from);
/* Returns 0, or -1 on a database error. */
int audit_store_insert(dbc_t *c, const audit_entry_t *e);
/* The head's seq and hash. 0, or -1. */
int audit_store_head_hash(dbc_t *c, int64_t *seq, char *hash, size_t hashlen);
/* The stored hash of entry seq: 0, or -1 when there is no such entry. */
int audit_store_entry_hash(dbc_t *c, int64_t seq, char *hash, size_t hashlen);
/* The seq of the latest checkpoint (0 when none). 0, or -1. */
int audit_store_last_checkpoint(dbc_t *c, int64_t *seq);
int audit_store_checkpoint_insert(dbc_t *c, int64_t seq, const char *hash, int64_t at, const char *sig);
/* The latest checkpoint: 0, or -1 when there is none. */
int audit_store_checkpoint_latest(dbc_t *c, int64_t *seq, char *hash, size_t hashlen, int64_t *at, char *sig,
				  size_t siglen);
/* Every entry by seq; stops when fn returns non-zero. Returns fn's last
 * result, or -1 when the read itself failed. */
int audit_store_each(dbc_t *c, int (*fn)(const audit_entry_t *e, void *ctx), void *ctx);
/* Entries newest first, filtered as audit_list describes (prev_hash not read). */
void audit_store_page(dbc_t *c, const char *entity, const char *entity_id, int64_t before_seq, int limit,
		      void (*fn)(const audit_entry_t *e, void *ctx), void *ctx);

#endif
