-- 0027 Idempotency-Key at 12345 intake: a retry after a lost answer (the
-- hotline's line dropped, a phone between cells) files nothing new and gets
-- the request the first attempt filed. One row per key and filer (account_id
-- '' for a caller without an account: the key and the whole request must
-- then match, phone included, so no one else's filing is ever answered).
CREATE TABLE complaint_keys (
  account_id TEXT NOT NULL,            -- the filer, '' without an account
  key TEXT NOT NULL,                   -- the client's Idempotency-Key (1–64 characters)
  request_hash TEXT NOT NULL,          -- BLAKE2b of the request body as sent
  complaint_id TEXT NOT NULL,          -- the request it filed
  created_at INTEGER NOT NULL,         -- UTC ms
  PRIMARY KEY (account_id, key)
);
