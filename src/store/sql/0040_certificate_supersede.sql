-- 0040 superseding (变更登记): a certificate issued to a holder with the type and
-- number of one they already hold valid replaces it. The earlier one keeps its
-- row, with status 'superseded', when and by which certificate; verification
-- then says superseded. The licence number is kept in the clear beside the
-- sealed document to find the earlier one (it is printed on the licence and
-- published in 双公示; it names no person).
ALTER TABLE certificates ADD COLUMN number TEXT;
ALTER TABLE certificates ADD COLUMN superseded_by TEXT;
ALTER TABLE certificates ADD COLUMN superseded_at INTEGER;
