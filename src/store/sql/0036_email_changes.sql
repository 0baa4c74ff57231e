-- 0036 adding or changing an account's email address after registration. The
-- new address is used only once its owner has typed the code sent to it: until
-- then it waits here, and the account's own address (if any) is the one the
-- messages go to. One pending change per account (the primary key: asking
-- again replaces it, with a new code). As for password reset codes, only a
-- keyed BLAKE2b of the account id and the code is stored (the key from the key
-- file); the code itself is in clear only in the outbox message that carries
-- it, which goes to the new address alone (messages.to_address) on the email
-- channel and is removed with the change.
-- (0034 and 0035 are left to other changes.)
CREATE TABLE email_changes (
  account_id TEXT PRIMARY KEY REFERENCES accounts(id),
  email TEXT NOT NULL,                 -- the address asked for, not yet in use
  code_hash TEXT NOT NULL,             -- keyed BLAKE2b(account id || code), hex
  attempts INTEGER NOT NULL DEFAULT 0, -- wrong codes typed
  sends INTEGER NOT NULL DEFAULT 1,    -- codes sent since sends_from
  sends_from INTEGER NOT NULL,         -- UTC ms: the hour the sends count in
  created_at INTEGER NOT NULL,         -- UTC ms
  expires_at INTEGER NOT NULL          -- UTC ms
);

-- A message for one address that is not (yet) the account's: the sender uses
-- it instead of the account's. NULL for every other message.
ALTER TABLE messages ADD COLUMN to_address TEXT;
