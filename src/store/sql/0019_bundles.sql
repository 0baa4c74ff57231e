-- 0019 bundles (一件事): definitions joining several matters into one
-- application. Versioned like matters: a version is immutable, editing adds
-- one, and the row in `bundles` holds what lists need, copied from the
-- current version. A version's document is the bundle as served: the
-- definition, the matter versions it was derived from, its merged form and
-- materials, and the guide's sums.

CREATE TABLE bundles (
  code TEXT PRIMARY KEY,
  current_version INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'active',   -- active | retired
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1       -- row version: bumps on every change
);

CREATE TABLE bundle_versions (
  code TEXT NOT NULL REFERENCES bundles(code),
  version INTEGER NOT NULL,
  doc TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (code, version)
);

-- A bundle case (一件事办件): one application, one sub-case (a case of its own
-- department, tasks and statutory clock) per matter, all filed in one
-- transaction. Steps not yet startable wait as drafts; a case hook submits
-- each when its prerequisites allow (domain/bundles/bundle_steps.c). The
-- answers live only in the sub-cases (cases.form, sealed at rest): this row
-- holds no personal data.
CREATE TABLE bundle_cases (
  id TEXT PRIMARY KEY,
  bundle_code TEXT NOT NULL REFERENCES bundles(code),
  bundle_version INTEGER NOT NULL,
  applicant_id TEXT NOT NULL,
  status TEXT NOT NULL,                 -- in_progress | completed | partially_completed | withdrawn
  credit_code TEXT,                     -- issued when the registration step completes
  idem_key TEXT,
  req_hash TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX bundle_cases_idem ON bundle_cases(applicant_id, idem_key);
CREATE INDEX bundle_cases_applicant ON bundle_cases(applicant_id);

CREATE TABLE bundle_steps (
  bundle_case_id TEXT NOT NULL REFERENCES bundle_cases(id),
  step INTEGER NOT NULL,                -- the matter's place in the definition
  matter_code TEXT NOT NULL,
  case_id TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL,                  -- pending | running | approved | failed | cancelled
  reason TEXT,
  PRIMARY KEY (bundle_case_id, step)
);
