-- 0001 foundation: regions, departments, accounts, sessions, the working
-- calendar, deadlines that follow it, the message outbox and the audit log.
-- Portable SQL: TEXT/INTEGER columns, no SQLite-only syntax.

CREATE TABLE regions (
  code TEXT PRIMARY KEY,              -- GB/T 2260, "000000" is the national root
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  parent TEXT REFERENCES regions(code),
  level TEXT NOT NULL                 -- national | province | city | district
);

CREATE TABLE departments (
  code TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  region TEXT NOT NULL REFERENCES regions(code),
  kind TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  hours TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,                -- opaque random id
  kind TEXT NOT NULL,                 -- person | enterprise | staff
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  display_name TEXT NOT NULL,
  id_number TEXT,                     -- person: GB 11643, normalised to 18 characters
  credit_code TEXT,                   -- enterprise: GB 32100
  legal_rep TEXT,                     -- enterprise: legal representative's name
  phone TEXT,
  email TEXT,
  department TEXT REFERENCES departments(code),
  roles TEXT NOT NULL DEFAULT '',     -- staff: comma-separated role names
  status TEXT NOT NULL DEFAULT 'active',
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX accounts_id_number ON accounts(id_number);
CREATE UNIQUE INDEX accounts_credit_code ON accounts(credit_code);
CREATE INDEX accounts_department ON accounts(department);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,        -- BLAKE2b of the token; the token itself is never stored
  account_id TEXT NOT NULL REFERENCES accounts(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE calendar_years (
  region TEXT NOT NULL REFERENCES regions(code),
  year INTEGER NOT NULL,
  source TEXT NOT NULL,
  loaded_at INTEGER NOT NULL,
  loaded_by TEXT,
  PRIMARY KEY (region, year)
);

CREATE TABLE calendar_days (
  region TEXT NOT NULL,
  day TEXT NOT NULL,                  -- YYYY-MM-DD
  workday INTEGER NOT NULL,           -- 1: 调休 working day, 0: holiday
  name TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (region, day)
);

-- A working-day deadline of anything (a case, a complaint): kept here so that
-- a provisional one (running into a year not yet loaded) can be recomputed
-- when that year's calendar arrives.
CREATE TABLE deadlines (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  purpose TEXT NOT NULL,              -- e.g. "decision", "intake"
  region TEXT NOT NULL,
  start_day TEXT NOT NULL,
  workdays INTEGER NOT NULL,
  due_day TEXT NOT NULL,
  provisional INTEGER NOT NULL,
  owner_account TEXT REFERENCES accounts(id),
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (entity, entity_id, purpose)
);
CREATE INDEX deadlines_provisional ON deadlines(provisional);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  kind TEXT NOT NULL,
  title_zh TEXT NOT NULL,
  title_en TEXT NOT NULL,
  body_zh TEXT NOT NULL,
  body_en TEXT NOT NULL,
  entity TEXT,
  entity_id TEXT,
  channel TEXT NOT NULL DEFAULT 'inapp',
  created_at INTEGER NOT NULL,
  read_at INTEGER
);
CREATE INDEX messages_account ON messages(account_id, id);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  request_id TEXT NOT NULL,
  actor_id TEXT NOT NULL,             -- account id, or "system"
  actor_role TEXT NOT NULL,
  actor_dept TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  version_before INTEGER NOT NULL,
  version_after INTEGER NOT NULL,
  detail TEXT NOT NULL,               -- canonical JSON
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
