-- 0012 abuse limits (domain/core/ratelimit.h): one row per rule and subject
-- ("cases:<account id>", "registrations:<client address>"), counting the
-- accepted writes of its current fixed window. The count is taken in the
-- transaction of the write it limits, so every node sees the same count, a
-- refused write counts nothing and an accepted one counts once. A job
-- removes rows whose window has ended. (0011 is left to another change.)
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,      -- UTC ms, a multiple of the rule's period
  count INTEGER NOT NULL,
  expires_at INTEGER NOT NULL         -- the window's end, UTC ms
);
CREATE INDEX rate_limits_expires ON rate_limits(expires_at);
