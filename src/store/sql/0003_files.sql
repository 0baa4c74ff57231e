-- 0003 files: uploaded material files. The bytes live on disk, content-
-- addressed by SHA-256 (<files_dir>/<first two hex>/<sha256>), so the same
-- bytes are stored once; every upload still gets its own row: its own opaque
-- id, owner and original name.

CREATE TABLE files (
  id TEXT PRIMARY KEY,                 -- opaque random id, 32 hex
  sha256 TEXT NOT NULL,                -- of the bytes; names the blob on disk
  type TEXT NOT NULL,                  -- pdf | jpeg | png | ofd, decided from the bytes
  size INTEGER NOT NULL,               -- bytes
  name TEXT NOT NULL,                  -- original name, sanitised, at most 200 characters
  owner_account TEXT NOT NULL REFERENCES accounts(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX files_sha256 ON files(sha256);
CREATE INDEX files_owner ON files(owner_account, created_at);
