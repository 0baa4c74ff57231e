-- 0020 inspections (双随机一公开): registers, plans, draws, findings.
-- Registers: inspection items per department with their legal basis; the
-- target register is the enterprise profile (kept here, keyed by the account,
-- not in accounts); the inspector register lists staff accounts with what
-- recusal needs (street of residence, declared relations and past employers,
-- as account ids). A plan freezes the registers it draws from when it is
-- committed (record: pseudonymous targets and inspectors with each one's
-- recusals), with the seed's SHA-256 and the registers' SHA-256 published
-- then; the pseudonyms map back to accounts only here (pseudonyms, never
-- published). JSON columns are TEXT.

CREATE TABLE inspection_items (
  code TEXT PRIMARY KEY,
  department TEXT NOT NULL REFERENCES departments(code),
  title TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE enterprise_profiles (
  account_id TEXT PRIMARY KEY REFERENCES accounts(id),
  industry TEXT NOT NULL,
  district TEXT NOT NULL,
  street TEXT NOT NULL DEFAULT '',
  risk TEXT NOT NULL CHECK (risk IN ('high', 'medium', 'low')),
  size TEXT NOT NULL DEFAULT '',
  founded TEXT NOT NULL DEFAULT '',       -- YYYY-MM-DD
  tax_credit TEXT NOT NULL DEFAULT '',    -- A B M C D
  employees INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE inspectors (
  account_id TEXT PRIMARY KEY REFERENCES accounts(id),
  department TEXT NOT NULL REFERENCES departments(code),
  qualifications TEXT NOT NULL,           -- JSON array of strings
  street TEXT NOT NULL,
  relations TEXT NOT NULL,                -- JSON array of account ids
  employers TEXT NOT NULL,                -- JSON array of account ids
  updated_at INTEGER NOT NULL
);

CREATE TABLE inspection_plans (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('draft', 'committed', 'drawn', 'revealed', 'inspecting', 'published')),
  version INTEGER NOT NULL DEFAULT 1,
  items TEXT NOT NULL,                    -- JSON array of item codes
  filter TEXT NOT NULL,                   -- JSON {industries: [], districts: []}
  rules TEXT NOT NULL,                    -- JSON {ratios, departments, inspectors_per_target}
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  seed TEXT,                              -- secret until revealed
  seed_sha256 TEXT,
  record TEXT,                            -- JSON {targets, inspectors} frozen at commit
  registers_sha256 TEXT,
  pseudonyms TEXT,                        -- JSON {pseudonym: account id}; never published
  public_value TEXT,
  drawn TEXT,                             -- JSON, as draw.h
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  published_at INTEGER
);

CREATE TABLE inspection_assignments (
  plan_id TEXT NOT NULL REFERENCES inspection_plans(id),
  target_account TEXT NOT NULL REFERENCES accounts(id),
  inspector_account TEXT NOT NULL REFERENCES accounts(id),
  PRIMARY KEY (plan_id, target_account, inspector_account)
);
CREATE INDEX inspection_assignments_inspector ON inspection_assignments(inspector_account);

CREATE TABLE inspection_findings (
  id TEXT PRIMARY KEY,
  plan_id TEXT NOT NULL REFERENCES inspection_plans(id),
  target_account TEXT NOT NULL REFERENCES accounts(id),
  item_code TEXT NOT NULL REFERENCES inspection_items(code),
  inspector_account TEXT NOT NULL REFERENCES accounts(id),
  result TEXT NOT NULL CHECK (result IN ('compliant', 'non_compliant', 'not_found')),
  note TEXT NOT NULL DEFAULT '',
  correction_deadline TEXT,               -- 责令改正 by this date (YYYY-MM-DD)
  recorded_at INTEGER NOT NULL,
  UNIQUE (plan_id, target_account, item_code)
);

-- 惠企政策: policies with their eligibility as a decision table
-- (domain/policies/decision.h) over the enterprise profile above; the matches
-- found on publication, each with its explanation; grants (免申即享 without an
-- application, or after one) and applications.

CREATE TABLE policies (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  issuer TEXT NOT NULL REFERENCES departments(code),
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  benefit_text TEXT NOT NULL,
  auto_grant INTEGER NOT NULL DEFAULT 0,  -- 免申即享
  eligibility TEXT NOT NULL,              -- JSON decision table
  state TEXT NOT NULL CHECK (state IN ('draft', 'published')),
  version INTEGER NOT NULL DEFAULT 1,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  published_at INTEGER
);

CREATE TABLE policy_matches (
  policy_id TEXT NOT NULL REFERENCES policies(id),
  account_id TEXT NOT NULL REFERENCES accounts(id),
  benefit INTEGER NOT NULL,               -- fen
  explanation TEXT NOT NULL,              -- JSON array of the rows hit
  matched_at INTEGER NOT NULL,
  PRIMARY KEY (policy_id, account_id)
);
CREATE INDEX policy_matches_account ON policy_matches(account_id);

CREATE TABLE policy_grants (
  policy_id TEXT NOT NULL REFERENCES policies(id),
  account_id TEXT NOT NULL REFERENCES accounts(id),
  benefit INTEGER NOT NULL,
  how TEXT NOT NULL CHECK (how IN ('auto', 'application')),
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (policy_id, account_id)
);

CREATE TABLE policy_applications (
  policy_id TEXT NOT NULL REFERENCES policies(id),
  account_id TEXT NOT NULL REFERENCES accounts(id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (policy_id, account_id)
);
