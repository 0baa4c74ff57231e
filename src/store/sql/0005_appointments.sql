-- 0005 appointments (预约) and visits (到现场).
-- A department publishes time slots with a capacity; applicants book them.
-- `booked` is kept on the slot row and changed in the same transaction as the
-- appointment, so the writer can refuse a booking that would exceed the
-- capacity; the CHECK is the database's own guarantee of the same rule.
-- Bookings that could not be made (slot full, slot already begun) are counted
-- in unmet_demand — the demand the platform could not serve (测评真实需求量).
-- Every in-person visit (appointment check-in, window intake, pickup) is a
-- row of `visits`, so "at most one visit" is measured, not assumed.

CREATE TABLE slots (
  id TEXT PRIMARY KEY,                 -- opaque random id
  department TEXT NOT NULL REFERENCES departments(code),
  day TEXT NOT NULL,                   -- YYYY-MM-DD, Asia/Shanghai
  start_time TEXT NOT NULL,            -- HH:MM, Asia/Shanghai
  end_time TEXT NOT NULL,              -- HH:MM, after start_time
  capacity INTEGER NOT NULL CHECK (capacity >= 1 AND capacity <= 50),
  booked INTEGER NOT NULL DEFAULT 0 CHECK (booked >= 0 AND booked <= capacity),
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,            -- account id, or "system" for the demo seed
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (department, day, start_time)
);

CREATE TABLE appointments (
  id TEXT PRIMARY KEY,                 -- opaque random id
  slot_id TEXT NOT NULL REFERENCES slots(id),
  account_id TEXT NOT NULL REFERENCES accounts(id),
  department TEXT NOT NULL REFERENCES departments(code),
  matter_code TEXT,                    -- optional: what the visit is for
  status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'checked_in')),
  created_at INTEGER NOT NULL,
  cancelled_at INTEGER,
  checked_in_at INTEGER,
  checked_in_by TEXT REFERENCES accounts(id),
  version INTEGER NOT NULL DEFAULT 1
);
-- One active (booked or checked-in) appointment per person per slot.
CREATE UNIQUE INDEX appointments_active ON appointments(slot_id, account_id) WHERE status <> 'cancelled';
CREATE INDEX appointments_slot ON appointments(slot_id);
CREATE INDEX appointments_account ON appointments(account_id, created_at);

-- Counters of refused bookings. matter_code is '' when none was named (a
-- primary-key column is never NULL in PostgreSQL).
CREATE TABLE unmet_demand (
  department TEXT NOT NULL REFERENCES departments(code),
  day TEXT NOT NULL,                   -- the day asked for, YYYY-MM-DD
  hour INTEGER NOT NULL,               -- 0..23, the slot's starting hour
  weekday INTEGER NOT NULL,            -- 1 = Monday .. 7 = Sunday
  channel TEXT NOT NULL,               -- online | mobile | window
  matter_code TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL,                -- full | past
  count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (department, day, hour, channel, matter_code, reason)
);

CREATE TABLE visits (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  department TEXT NOT NULL REFERENCES departments(code),
  kind TEXT NOT NULL CHECK (kind IN ('appointment_checkin', 'window_intake', 'pickup')),
  case_id TEXT,
  appointment_id TEXT REFERENCES appointments(id),
  at INTEGER NOT NULL,                 -- UTC milliseconds
  recorded_by TEXT NOT NULL            -- the clerk's account id
);
CREATE INDEX visits_account ON visits(account_id, at);
CREATE INDEX visits_case ON visits(case_id);
CREATE INDEX visits_department ON visits(department, at);
