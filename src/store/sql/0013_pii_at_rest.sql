-- 0013 personal data at rest (base/seal.h): accounts.id_number and
-- accounts.phone hold sealed text ("s1:" + base64 of a secretbox), which
-- differs for equal values, so look-ups and uniqueness move to keyed blind
-- indexes beside them. A case's JSON documents (form, agent, delivery and
-- the others) and its timeline notes are sealed whole. The rows written
-- before this migration are sealed by a step in C that runs in this
-- migration's own transaction (store/migrate_pii.c), after these lines.
ALTER TABLE accounts ADD COLUMN id_number_bidx TEXT;
ALTER TABLE accounts ADD COLUMN phone_bidx TEXT;
DROP INDEX accounts_id_number;
CREATE UNIQUE INDEX accounts_id_number_bidx ON accounts(id_number_bidx);
CREATE INDEX accounts_phone_bidx ON accounts(phone_bidx);
