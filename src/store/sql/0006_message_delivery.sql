-- 0006 delivery of outbox messages by pluggable senders (SMS, email): each
-- sender records what it delivered, so a message is sent once per channel.
CREATE TABLE message_deliveries (
  message_id INTEGER NOT NULL REFERENCES messages(id),
  channel TEXT NOT NULL,               -- sms | email | …
  delivered_at INTEGER NOT NULL,
  outcome TEXT NOT NULL,               -- sent | failed: <reason>
  PRIMARY KEY (message_id, channel)
);
