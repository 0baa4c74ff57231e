-- 惠企政策 applied for are cases (issue 17, item 7): a policy that takes
-- applications names the 政策兑现 matter of its department; an application
-- files a case of it and records the case's decision (granted, or refused
-- with the reason) when the department decides it on the workbench.
ALTER TABLE policies ADD COLUMN matter_code TEXT;
ALTER TABLE policy_applications ADD COLUMN case_id TEXT REFERENCES cases(id);
ALTER TABLE policy_applications ADD COLUMN status TEXT NOT NULL DEFAULT 'applied'
  CHECK (status IN ('applied', 'granted', 'refused', 'withdrawn'));
ALTER TABLE policy_applications ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE policy_applications ADD COLUMN decided_at INTEGER;
CREATE UNIQUE INDEX policy_applications_case ON policy_applications(case_id);
