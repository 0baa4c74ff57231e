-- 0004 cases (办件): the application, its materials, its timeline, the
-- daily case-number sequence, the staff task queue, idempotency keys and
-- supervision orders on overdue work.

CREATE TABLE cases (
  id TEXT PRIMARY KEY,                 -- opaque
  number TEXT NOT NULL UNIQUE,         -- 310000-20261123-000042
  matter_code TEXT NOT NULL REFERENCES matters(code),
  matter_version INTEGER NOT NULL,     -- pinned
  department TEXT NOT NULL REFERENCES departments(code),
  region TEXT NOT NULL,
  applicant_id TEXT NOT NULL REFERENCES accounts(id),
  channel TEXT NOT NULL,               -- online | mobile | window | assisted
  created_by TEXT NOT NULL,            -- the account that filed it (applicant or clerk)
  agent TEXT,                          -- JSON: name, id_number, relation, authorization_file
  status TEXT NOT NULL,
  prev_status TEXT,                    -- where resume returns to
  form TEXT NOT NULL,                  -- JSON object
  delivery TEXT NOT NULL,              -- JSON: the applicant's choice
  correction TEXT,                     -- JSON: the latest correction notice
  decision TEXT,                       -- JSON: approve/deny/refuse details
  result TEXT,                         -- JSON: issued result
  delivery_record TEXT,                -- JSON: how it was delivered
  suspension TEXT,                     -- JSON: the current special procedure
  extension TEXT,                      -- JSON: the extension granted
  immediate INTEGER NOT NULL,
  promised_days INTEGER NOT NULL,
  submitted_day TEXT,
  accepted_day TEXT,
  paused_day TEXT,
  paused_workdays INTEGER NOT NULL DEFAULT 0,
  extension_days INTEGER NOT NULL DEFAULT 0,
  due_day TEXT,
  provisional INTEGER NOT NULL DEFAULT 0,
  finished_day TEXT,
  colour TEXT NOT NULL DEFAULT 'none',
  correction_rounds INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  submitted_at INTEGER,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_applicant ON cases(applicant_id, created_at);
CREATE INDEX cases_department ON cases(department, status);
CREATE INDEX cases_status ON cases(status);

CREATE TABLE case_files (
  case_id TEXT NOT NULL REFERENCES cases(id),
  material_key TEXT NOT NULL,
  file_id TEXT NOT NULL,
  PRIMARY KEY (case_id, material_key)
);
CREATE INDEX case_files_file ON case_files(file_id);

CREATE TABLE case_events (
  case_id TEXT NOT NULL REFERENCES cases(id),
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  action TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  department TEXT NOT NULL,
  role TEXT NOT NULL,
  note TEXT NOT NULL,                  -- JSON shown to the applicant
  PRIMARY KEY (case_id, seq)
);

CREATE TABLE case_numbers (
  region TEXT NOT NULL,
  day TEXT NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (region, day)
);

CREATE TABLE tasks (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  department TEXT NOT NULL,
  role TEXT NOT NULL,
  kind TEXT NOT NULL,                  -- intake | review | decide | issue | deliver | complete | resume
  status TEXT NOT NULL,                -- open | claimed | done | cancelled
  claimed_by TEXT REFERENCES accounts(id),
  created_at INTEGER NOT NULL,
  done_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tasks_queue ON tasks(department, status);
CREATE INDEX tasks_case ON tasks(case_id, status);

CREATE TABLE idempotency (
  account_id TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  case_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, key)
);

CREATE TABLE supervisions (
  id INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  department TEXT NOT NULL,
  kind TEXT NOT NULL,                  -- overdue
  created_at INTEGER NOT NULL,
  resolved_at INTEGER,
  UNIQUE (case_id, kind)
);
