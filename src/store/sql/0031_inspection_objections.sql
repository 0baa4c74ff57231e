-- 0031 双随机一公开, the rest of issue 17: results published within 20 working
-- days of the inspection (the last day of the plan's period, in the national
-- calendar), a plan's overdue mark, and the enterprises' objections (异议).
--
-- inspection_plans.overdue_at: when the job found the results unpublished
-- past the 20 working days (UTC ms); it then opened one supervision order
-- (subject_type 'inspection_plan').
ALTER TABLE inspection_plans ADD COLUMN overdue_at INTEGER;

-- inspection_objections: an inspected enterprise's objection to its results
-- of one plan, filed within 15 working days of publication; one per plan and
-- enterprise. A department of the plan answers it: upheld or rejected, with
-- a reason. The public page marks the result while it is pending and after.
CREATE TABLE inspection_objections (
  id TEXT PRIMARY KEY,
  plan_id TEXT NOT NULL REFERENCES inspection_plans(id),
  target_account TEXT NOT NULL REFERENCES accounts(id),
  reason TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'upheld', 'rejected')),
  answer TEXT,
  answered_by TEXT REFERENCES accounts(id),
  answered_department TEXT,
  created_at INTEGER NOT NULL,          -- UTC ms
  answered_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (plan_id, target_account)
);
CREATE INDEX inspection_objections_status ON inspection_objections(status, created_at);
