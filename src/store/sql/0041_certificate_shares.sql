-- 0041 share links (授权用证, issue 11 item 6): a holder gives a third party a
-- time-limited, revocable link to one certificate. The link's token is 32
-- random bytes (libsodium) shown to the holder once, at creation; only its
-- BLAKE2b digest is kept, so the database alone opens no link. Each opening
-- is a use of the holder's data and is written to data_uses (kind
-- 'share_view', share_id naming the link; nothing about the viewer).
CREATE TABLE certificate_shares (
  id TEXT PRIMARY KEY,                 -- random: the holder's handle to list and revoke
  token_hash TEXT NOT NULL UNIQUE,     -- BLAKE2b-256 hex of the link's token
  certificate_id TEXT NOT NULL REFERENCES certificates(id),
  holder_account TEXT NOT NULL REFERENCES accounts(id),
  created_at INTEGER NOT NULL,         -- UTC ms
  expires_at INTEGER NOT NULL,         -- UTC ms
  revoked_at INTEGER,                  -- UTC ms: the holder ended it
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX certificate_shares_certificate ON certificate_shares(certificate_id, created_at);

ALTER TABLE data_uses ADD COLUMN share_id TEXT;
CREATE INDEX data_uses_share ON data_uses(share_id);
