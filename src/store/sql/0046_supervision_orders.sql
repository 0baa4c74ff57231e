-- 0046 supervision orders (督办) issued by a supervisor (issue 13, item 3), in
-- the one table that already holds the system's orders about overdue work.
--
-- kind 'overdue': opened by a job about a case turned red, a 12345 request
-- past its reply deadline, an overdue rectification or inspection plan — one
-- per subject, as before (the partial unique index). kind 'issued': a
-- supervisor's order to a department about a case, a 12345 request, a
-- rectification, or about nothing but its own title and text (subject_type
-- 'none', subject_id its own id), with a deadline to answer by. Every order
-- follows the supervision machine (docs/workflow.md): open → answered by the
-- department's head → closed or sent back by a supervisor; an issued order
-- still unanswered after its deadline is escalated by a job. The table is
-- rebuilt because SQLite cannot drop the old UNIQUE (subject_type,
-- subject_id, kind), which would allow one issued order per subject ever.
CREATE TABLE supervisions_v2 (
  id TEXT PRIMARY KEY,
  subject_type TEXT NOT NULL,          -- case | complaint | rectification | inspection_plan | none
  subject_id TEXT NOT NULL,
  department TEXT NOT NULL,            -- who must answer
  kind TEXT NOT NULL,                  -- overdue | issued
  state TEXT NOT NULL DEFAULT 'open',  -- open | escalated | answered | closed
  label TEXT,                          -- the subject as people read it: a case or request number
  title TEXT,                          -- issued orders: what it is about
  body TEXT,                           -- issued orders: what is asked
  deadline TEXT,                       -- YYYY-MM-DD, the last day to answer; NULL: none
  issued_by TEXT REFERENCES accounts(id),
  answer TEXT,
  answered_by TEXT REFERENCES accounts(id),
  answered_at INTEGER,
  review_note TEXT,                    -- the supervisor's note when closing or sending back
  escalated_at INTEGER,
  created_at INTEGER NOT NULL,         -- UTC ms
  updated_at INTEGER NOT NULL,
  resolved_at INTEGER,                 -- closed
  version INTEGER NOT NULL DEFAULT 1
);
INSERT INTO supervisions_v2 (id, subject_type, subject_id, department, kind, state, created_at, updated_at,
                             resolved_at)
  SELECT id, subject_type, subject_id, department, kind,
         CASE WHEN resolved_at IS NULL THEN 'open' ELSE 'closed' END, created_at, created_at, resolved_at
  FROM supervisions;
DROP TABLE supervisions;
ALTER TABLE supervisions_v2 RENAME TO supervisions;
CREATE UNIQUE INDEX supervisions_overdue_subject ON supervisions(subject_type, subject_id) WHERE kind = 'overdue';
CREATE INDEX supervisions_department ON supervisions(department, created_at);
CREATE INDEX supervisions_subject ON supervisions(subject_type, subject_id);
CREATE INDEX supervisions_due ON supervisions(deadline) WHERE state = 'open' AND deadline IS NOT NULL;
