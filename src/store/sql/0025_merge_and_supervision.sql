-- 0025 duplicate 12345 requests merged into one handling (issue 12, item 4),
-- and supervision orders about any kind of work (item 5), not cases alone.
--
-- complaints.merged_into: the request whose handling a duplicate follows (same
-- category and place, filed within 7 days); its caller is answered with that
-- request's reply and is called back for themselves.
ALTER TABLE complaints ADD COLUMN merged_into TEXT REFERENCES complaints(id);
CREATE INDEX complaints_merged_into ON complaints(merged_into);

-- supervisions: one order (督办) per overdue piece of work: subject_type
-- 'case' (a case turned red), 'complaint' (a 12345 request past its reply
-- deadline), later 'rectification'. The orders written before keep their
-- case as subject; their numeric ids become text (new ones are random).
CREATE TABLE supervisions_any (
  id TEXT PRIMARY KEY,
  subject_type TEXT NOT NULL,          -- case | complaint | rectification
  subject_id TEXT NOT NULL,
  department TEXT NOT NULL,            -- whose work is overdue
  kind TEXT NOT NULL,                  -- overdue
  created_at INTEGER NOT NULL,         -- UTC ms
  resolved_at INTEGER,
  UNIQUE (subject_type, subject_id, kind)
);
INSERT INTO supervisions_any (id, subject_type, subject_id, department, kind, created_at, resolved_at)
  SELECT CAST(id AS TEXT), 'case', case_id, department, kind, created_at, resolved_at FROM supervisions;
DROP TABLE supervisions;
ALTER TABLE supervisions_any RENAME TO supervisions;
CREATE INDEX supervisions_department ON supervisions(department, created_at);
