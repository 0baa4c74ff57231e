-- 0010 the audit chain is keyed from here on: each entry's hash is a keyed
-- BLAKE2b (the key is derived from the platform's key file, never stored in
-- the database), so no one with write access to the database alone can
-- rewrite the chain and make it verify again. Entries written before this
-- migration keep their unkeyed hashes; keyed_from is the first keyed entry.
ALTER TABLE audit_head ADD COLUMN keyed_from INTEGER NOT NULL DEFAULT 1;
UPDATE audit_head SET keyed_from = seq + 1;
