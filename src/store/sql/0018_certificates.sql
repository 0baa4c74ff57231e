-- 0018 electronic certificates (电子证照): the departments' signing keys and
-- the certificates they sign (domain/certs/).
--
-- A key's private half is stored only as a secretbox under a key derived from
-- the key file (keystore KEY_CERT_SIGN), never in the clear; its public half
-- is published by GET /api/v1/keys. A key signs from not_before until
-- not_after or until it is retired by a rotation, whichever is first; the
-- certificates it signed in that time go on verifying after it.
CREATE TABLE cert_keys (
  id TEXT PRIMARY KEY,                 -- published key id: department-yyyymmdd-random
  department TEXT NOT NULL REFERENCES departments(code),
  algorithm TEXT NOT NULL,             -- Ed25519 | SM2-SM3
  public_key TEXT NOT NULL,            -- base64url, no padding
  private_box TEXT NOT NULL,           -- "c1:" base64(nonce || secretbox(private key))
  not_before INTEGER NOT NULL,         -- UTC ms
  not_after INTEGER NOT NULL,          -- UTC ms
  retired_at INTEGER,                  -- UTC ms: a newer key took over
  created_at INTEGER NOT NULL
);
CREATE INDEX cert_keys_department ON cert_keys(department, not_before);

-- One row per issued certificate. The signed document names the holder's ID
-- number or credit code, so it is stored sealed (base/seal.h); the holder is
-- found through the account and the blind index.
CREATE TABLE certificates (
  id TEXT PRIMARY KEY,                 -- opaque random id (URLs)
  identifier TEXT NOT NULL UNIQUE,     -- GB/T 36904-shaped (cert_ident.h)
  type TEXT NOT NULL,                  -- the matter's certificate_type
  department TEXT NOT NULL REFERENCES departments(code),
  case_id TEXT REFERENCES cases(id),
  holder_account TEXT REFERENCES accounts(id),
  holder_bidx TEXT NOT NULL,           -- keyed blind index of the holder's ID number / credit code
  document TEXT NOT NULL,              -- sealed: the signed JSON (its JCS form is what was signed)
  key_id TEXT NOT NULL REFERENCES cert_keys(id),
  signature TEXT NOT NULL,             -- base64url
  issued_at INTEGER NOT NULL,          -- UTC ms
  valid_until TEXT,                    -- YYYY-MM-DD, NULL: no end
  status TEXT NOT NULL DEFAULT 'valid', -- valid | revoked
  revoked_at INTEGER,
  revoked_by TEXT,
  revoke_reason TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX certificates_case ON certificates(case_id);
CREATE INDEX certificates_holder ON certificates(holder_account, issued_at);
CREATE INDEX certificates_holder_bidx ON certificates(holder_bidx, type);
CREATE INDEX certificates_revoked ON certificates(revoked_at);

-- The serial numbers of the identifiers, per department and type.
CREATE TABLE cert_serials (
  department TEXT NOT NULL,
  type TEXT NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (department, type)
);
