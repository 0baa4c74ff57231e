-- 0009 failed logins, per key ("u:<username>" or "a:<client address>"), as
-- rows rather than one node's memory: every node behind a load balancer sees
-- the same delays, and a restart does not forgive them. A job removes keys
-- idle for an hour.
CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_at INTEGER NOT NULL,           -- the last failure, UTC ms
  until_at INTEGER NOT NULL           -- no try before this, UTC ms
);
CREATE INDEX login_throttle_last ON login_throttle(last_at);
