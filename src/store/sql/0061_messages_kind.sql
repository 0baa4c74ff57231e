-- 0061 messages by kind and age: the purge of a kind (password-reset and account-claim codes,
-- kept a day) reads the old messages of that kind only, not every message older than a day.
CREATE INDEX messages_kind ON messages(kind, created_at);
-- messages by age and id: the purge of seen messages goes on from the (created_at, id) where it
-- stopped, a seek in this index on both engines
DROP INDEX messages_created;
CREATE INDEX messages_created ON messages(created_at, id);
