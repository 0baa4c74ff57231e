-- 0015 password reset codes, and accounts erased on request.
-- One live code per account (the primary key: a new request replaces the
-- last). Only a keyed BLAKE2b of the account id and the code is stored (the
-- key comes from the key file, never the database, so a copy of the database
-- does not let anyone try the million six-digit codes offline); the code
-- itself exists in clear only in the outbox message that carries it to the
-- phone, which the retention job removes with the code. A job removes used
-- and expired codes past their retention (domain/core/retention.h).
-- (0013 and 0014 are left to other changes.)
CREATE TABLE password_resets (
  account_id TEXT PRIMARY KEY REFERENCES accounts(id),
  code_hash TEXT NOT NULL,            -- keyed BLAKE2b(account id || code), hex
  channel TEXT NOT NULL,              -- sms | window
  issued_by TEXT,                     -- window: the clerk's account id
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,        -- UTC ms
  expires_at INTEGER NOT NULL,        -- UTC ms
  used_at INTEGER                     -- UTC ms, NULL while live
);
CREATE INDEX password_resets_expires ON password_resets(expires_at);

-- When an account's personal data was erased at its owner's request (status
-- 'deleted'); NULL otherwise.
ALTER TABLE accounts ADD COLUMN deleted_at INTEGER;
