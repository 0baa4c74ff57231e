-- 0061 messages by kind and age: the purge of a kind (password-reset and account-claim codes,
-- kept a day) reads the old messages of that kind only, not every message older than a day.
CREATE INDEX messages_kind ON messages(kind, created_at);
