-- 0021 The Open311 GeoReport v2 façade over 12345 requests: the API keys the
-- administrator issues to applications (only a keyed hash of each key is
-- kept; the key is shown once), and what a request filed through the façade
-- carries beyond a 12345 request (the key that filed it, coordinates, an
-- address id, a media URL). The façade lists requests by the time they were
-- filed: the indexes make its window and service filters range scans.

CREATE TABLE open311_keys (
  id TEXT PRIMARY KEY,                -- opaque random id, names the key in the admin routes
  name TEXT NOT NULL,                 -- the application it was issued to
  key_hash TEXT NOT NULL UNIQUE,      -- keyed BLAKE2b of the key (keystore use 8)
  created_by TEXT NOT NULL REFERENCES accounts(id),
  created_at INTEGER NOT NULL,        -- UTC ms
  revoked_by TEXT REFERENCES accounts(id),
  revoked_at INTEGER                  -- NULL: the key works
);

CREATE TABLE open311_requests (
  complaint_id TEXT PRIMARY KEY REFERENCES complaints(id),
  key_id TEXT NOT NULL REFERENCES open311_keys(id),
  lat_e6 INTEGER,                     -- WGS84 latitude in millionths of a degree (exact on both engines)
  long_e6 INTEGER,
  address_id TEXT,
  media_url TEXT
);
CREATE INDEX open311_requests_key ON open311_requests(key_id);

CREATE INDEX complaints_created ON complaints(created_at);
CREATE INDEX complaints_category_created ON complaints(category, created_at);
