/* audit.h — the tamper-evident audit log.
 *
 * Every write appends an entry in the same transaction as the change it
 * records: who (account, role, department), what (action, entity, id,
 * version before and after, detail), the request id and the time. Entries
 * form a hash chain: hash = BLAKE2b-256(prev_hash || canonical entry), where
 * the canonical entry is the compact JSON of its fields with sorted keys.
 * Changing, inserting or deleting an entry breaks the chain at that point,
 * which audit_verify finds. The chain's head (seq and hash of the last
 * entry) is one row that every append takes with an UPDATE: appends from
 * several nodes queue on its row lock and extend one chain, and a log whose
 * tail was cut off no longer reaches its head. */
#ifndef ONESTOP_AUDIT_H
#define ONESTOP_AUDIT_H

#include <jansson.h>
#include <stdint.h>
#include "domain/core/actor.h"
#include "store/store.h"

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* Appends one entry on the writer's connection. detail may be NULL (borrowed).
 * Returns 0, or < 0 on a database error. */
int audit_append(dbc_t *c, const actor_t *a, const char *action, const char *entity, const char *entity_id,
		 int64_t version_before, int64_t version_after, json_t *detail);

/* Recomputes the chain. Returns 0 when intact (and sets *count); otherwise the
 * seq of the first broken entry (> 0), or -1 on a database error. */
int64_t audit_verify(dbc_t *c, int64_t *count, char *why, size_t whylen);

/* Entries for one entity (or all when entity is NULL), newest first, at most
 * `limit`, older than `before_seq` when > 0. Returns a new JSON array. */
json_t *audit_list(dbc_t *c, const char *entity, const char *entity_id, int64_t before_seq, int limit);

#endif
