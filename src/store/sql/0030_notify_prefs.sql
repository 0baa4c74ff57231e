-- 0030 a person chooses their channels, and a failed delivery is tried again.
-- The in-app inbox always gets every message; SMS and email only for an
-- account with a row here, and only messages made from chosen_at on (opting
-- in does not send the whole inbox again). A message written for one channel
-- (a reset code by SMS) goes whatever is chosen.
-- (0028 and 0029 are left to other changes.)
CREATE TABLE notify_channels (
  account_id TEXT NOT NULL REFERENCES accounts(id),
  channel TEXT NOT NULL,               -- sms | email
  chosen_at INTEGER NOT NULL,          -- UTC ms
  PRIMARY KEY (account_id, channel)
);

-- A failure is tried again at next_at (UTC ms) until the attempts run out;
-- next_at NULL: final (sent, or failed for good). Rows from before keep
-- their outcome as it was.
ALTER TABLE message_deliveries ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
ALTER TABLE message_deliveries ADD COLUMN next_at INTEGER;
CREATE INDEX message_deliveries_retry ON message_deliveries(next_at);
