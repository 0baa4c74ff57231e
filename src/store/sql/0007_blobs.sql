-- 0007 blobs in the database: with PostgreSQL every node reads the same
-- bytes, so an upload's bytes are kept here, content-addressed by SHA-256
-- and stored once, in chunks of 256 KiB as base64 text (the same SQL on
-- both engines; no engine's binary type). SQLite keeps the bytes in the
-- files directory and leaves these tables empty. A blob's row and all its
-- chunks are written in one transaction, the row first (the chunks refer
-- to it), before any files row names the blob; blobs are never changed.

CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,             -- of the bytes, 64 hex
  size INTEGER NOT NULL,               -- bytes
  chunks INTEGER NOT NULL,             -- rows in blob_chunks: ceil(size / 262144)
  created_at INTEGER NOT NULL
);

CREATE TABLE blob_chunks (
  sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  n INTEGER NOT NULL,                  -- 0, 1, …: the chunk at byte n * 262144
  data TEXT NOT NULL,                  -- base64 (RFC 4648, padded) of at most 262144 bytes
  PRIMARY KEY (sha256, n)
);
