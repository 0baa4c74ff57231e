-- 0008 the head of the audit chain, in one row. Every append takes it with
-- an UPDATE — a row lock held until the transaction commits — so writers on
-- several nodes extend one chain in turn, never two entries with the same
-- sequence number, and the chain is verifiable as before. It also records
-- where the chain ends: a log whose last entries were deleted no longer
-- matches its head.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,               -- of the last entry; 0 for an empty log
  hash TEXT NOT NULL                  -- of the last entry; the genesis value for an empty log
);
INSERT INTO audit_head (id, seq, hash)
SELECT 1, COALESCE(MAX(seq), 0),
       COALESCE((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1),
                '0000000000000000000000000000000000000000000000000000000000000000')
FROM audit_log;
