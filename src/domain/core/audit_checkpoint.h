/* audit_checkpoint.h — signed checkpoints of the audit chain.
 *
 * A checkpoint is the chain's head (seq and hash of the last entry) and the
 * time, signed with the platform's Ed25519 key (base/keystore.h,
 * KEY_AUDIT_SIGN). The job "audit.checkpoint" writes one whenever the head
 * has moved: a row (served by GET /api/v1/audit/head, for anyone to keep) and
 * a line in an append-only file outside the database (JSON per line:
 * seq, hash, at, public_key, signature). Under several nodes the job's lock
 * makes one node the writer at a time; each node's file holds what it signed.
 *
 * `onestop audit-verify --checkpoints FILE` checks every line of such a file
 * against the log: a bad signature, an entry the log no longer has (the log
 * was cut, even with its head put back) or an entry whose hash differs (it
 * was rewritten, even by someone holding the chain's MAC key) is named. */
#ifndef ONESTOP_AUDIT_CHECKPOINT_H
#define ONESTOP_AUDIT_CHECKPOINT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/crypto.h"
#include "store/store.h"

#define AUDIT_SIG_HEX 129 /* 64-byte Ed25519 signature as hex + NUL */
#define AUDIT_PK_HEX 65   /* 32-byte public key as hex + NUL */

/* One line of a checkpoint file, parsed. */
typedef struct {
	int64_t seq, at;
	char hash[HASH_HEX_LEN];
	char public_key[AUDIT_PK_HEX];
	char signature[AUDIT_SIG_HEX];
} audit_checkpoint_t;

/* Parses one line of a checkpoint file (n bytes; a final newline is
 * allowed): a JSON object with exactly seq (>= 1), hash (64 lowercase hex
 * digits), at (>= 0), public_key (64) and signature (128), nothing else and
 * no NUL byte. 0, or -1 (cp zeroed) when the line is not a checkpoint. Pure
 * (tests/fuzz/fuzz_checkpoint.c). */
int audit_checkpoint_parse(const char *line, size_t n, audit_checkpoint_t *cp);
/* The line for cp, as the job writes it (compact JSON, no newline); malloc'd. */
char *audit_checkpoint_format(const audit_checkpoint_t *cp);
/* Whether cp's public key is pk_hex and its signature over seq, hash and at
 * verifies under it. */
bool audit_checkpoint_signed(const audit_checkpoint_t *cp, const char *pk_hex);

/* Where the job appends its lines (set once at start; "" writes none). */
void audit_checkpoint_file(const char *path);
/* The platform's checkpoint public key, hex. */
void audit_checkpoint_public_key(char out[AUDIT_PK_HEX]);
/* The job: signs the head if it moved since the last checkpoint. 1 when it
 * wrote one, 0 when there was nothing new, -1 on an error. */
int audit_checkpoint_job(store_t *st);
/* The latest checkpoint as JSON ({seq, hash, at, public_key, signature}),
 * or NULL when none was signed yet. */
json_t *audit_checkpoint_latest(dbc_t *c);
/* Checks every line of a checkpoint file against the log. Returns 0 when all
 * hold (*count gets how many), the seq of the first that does not (why says
 * what), or -1 when the file cannot be read. */
int64_t audit_checkpoint_verify(dbc_t *c, const char *path, int64_t *count, char *why, size_t whylen);

#endif
