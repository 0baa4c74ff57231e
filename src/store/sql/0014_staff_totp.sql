-- 0014 staff second factor (domain/identity/totp.h): one row per staff account
-- with a TOTP secret (RFC 6238). The secret is sealed with libsodium's
-- secretbox under the keystore's KEY_TOTP subkey, never stored in clear.
-- last_step is the last 30-second step whose code was accepted: a code of
-- that step or an earlier one is refused (RFC 6238 §5.2), on every node,
-- because the claim is an UPDATE in the login's own transaction.
CREATE TABLE staff_totp (
  account_id TEXT PRIMARY KEY REFERENCES accounts(id),
  secret_box TEXT NOT NULL,          -- hex: nonce || secretbox of the 20-byte secret
  last_step INTEGER NOT NULL,        -- 0 until a code is accepted
  enrolled_at INTEGER NOT NULL,      -- UTC ms
  enrolled_by TEXT NOT NULL          -- the security administrator's account id, or 'system' (demo seed)
);
