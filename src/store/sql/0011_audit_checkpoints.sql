-- 0011 signed checkpoints of the audit chain: every so often the chain's
-- head (seq, hash, time) is signed with the platform's Ed25519 key (derived
-- from its key file) and kept here — for GET /api/v1/audit/head — and in an
-- append-only file outside the database, so that a log cut short together
-- with its head, or rewritten, no longer matches what was published.
CREATE TABLE audit_checkpoints (
  seq INTEGER NOT NULL PRIMARY KEY,   -- the head's seq when signed
  hash TEXT NOT NULL,                 -- the hash of that entry
  at INTEGER NOT NULL,                -- UTC ms
  signature TEXT NOT NULL             -- Ed25519, hex, over audit_checkpoint_message()
);
