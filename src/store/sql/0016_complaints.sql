-- 0016 接诉即办: 12345 requests (complaints), their categories with a time
-- class, the responsibility list (职责清单) that names the handling body of
-- a category at a place, and each request's timeline.
-- Handling bodies are departments; departments.kind (0001) tells a street
-- office ('street_office') and a district government ('district_government',
-- the body of last resort, 兜底) from a bureau ('agency').

CREATE TABLE complaint_categories (
  code TEXT PRIMARY KEY,
  parent TEXT REFERENCES complaint_categories(code),
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  time_class TEXT NOT NULL,           -- urgent | utility | general | complex
  faq_zh TEXT NOT NULL DEFAULT '',    -- the knowledge base's answer to the usual enquiry
  faq_en TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL DEFAULT 0
);

-- (category, place) -> body; place is a street, a district or the city.
CREATE TABLE complaint_duties (
  category TEXT NOT NULL REFERENCES complaint_categories(code),
  region TEXT NOT NULL REFERENCES regions(code),
  body TEXT NOT NULL REFERENCES departments(code),
  PRIMARY KEY (category, region)
);

CREATE TABLE complaint_numbers (
  day TEXT PRIMARY KEY,               -- YYYYMMDD (Asia/Shanghai)
  last INTEGER NOT NULL
);

CREATE TABLE complaints (
  id TEXT PRIMARY KEY,                -- opaque random id
  number TEXT NOT NULL UNIQUE,        -- 12345-YYYYMMDD-NNNNNN, read out on the phone
  kind TEXT NOT NULL,                 -- enquiry | help | complaint | report | suggestion
  category TEXT NOT NULL REFERENCES complaint_categories(code),
  time_class TEXT NOT NULL,
  channel TEXT NOT NULL,              -- web | mobile | hotline
  caller_id TEXT REFERENCES accounts(id),   -- NULL: anonymous, known by the phone only
  taken_by TEXT REFERENCES accounts(id),    -- the hotline operator who took the call
  caller_phone TEXT,                  -- sealed (base/seal.h)
  anonymous INTEGER NOT NULL DEFAULT 0,     -- the caller stays anonymous to the handling body
  district TEXT NOT NULL REFERENCES regions(code),
  street TEXT REFERENCES regions(code),
  address TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  subject_name TEXT,                  -- 被投诉对象
  subject_credit_code TEXT,
  status TEXT NOT NULL,
  body TEXT REFERENCES departments(code),   -- the lead body (首接负责)
  arbitrated INTEGER NOT NULL DEFAULT 0,
  escalated INTEGER NOT NULL DEFAULT 0,
  returns INTEGER NOT NULL DEFAULT 0,
  reopens INTEGER NOT NULL DEFAULT 0,
  direct_answer INTEGER NOT NULL DEFAULT 0,
  answer TEXT,
  resolved INTEGER,
  satisfied INTEGER,
  created_at INTEGER NOT NULL,        -- UTC ms
  dispatched_at INTEGER,
  sign_due INTEGER,
  signed_at INTEGER,
  reply_due INTEGER,
  replied_at INTEGER,
  closed_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX complaints_caller ON complaints(caller_id, created_at);
CREATE INDEX complaints_status ON complaints(status, sign_due);

-- The bodies of a request: one lead, any co-handlers; each sees the whole request.
CREATE TABLE complaint_bodies (
  complaint_id TEXT NOT NULL REFERENCES complaints(id),
  body TEXT NOT NULL REFERENCES departments(code),
  lead INTEGER NOT NULL,
  PRIMARY KEY (complaint_id, body)
);
CREATE INDEX complaint_bodies_body ON complaint_bodies(body);

CREATE TABLE complaint_events (
  complaint_id TEXT NOT NULL REFERENCES complaints(id),
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,                -- UTC ms
  action TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  actor_id TEXT,
  actor_role TEXT NOT NULL,           -- caller | operator | dispatcher | body | system
  body TEXT,                          -- the acting body, if any
  note TEXT,                          -- JSON
  PRIMARY KEY (complaint_id, seq)
);

-- 三率 counters per handling body and day (Asia/Shanghai), kept in the
-- transaction of each step they count, so the rates never scan requests:
-- dispatched (a dispatch, re-dispatch or arbitration to the body), responded
-- (first replied, signed for and replied within the deadlines), callbacks,
-- resolved and satisfied at callback, direct answers (the hotline's).
CREATE TABLE complaint_stats (
  body TEXT NOT NULL,
  day TEXT NOT NULL,
  dispatched INTEGER NOT NULL DEFAULT 0,
  responded INTEGER NOT NULL DEFAULT 0,
  callbacks INTEGER NOT NULL DEFAULT 0,
  resolved INTEGER NOT NULL DEFAULT 0,
  satisfied INTEGER NOT NULL DEFAULT 0,
  direct INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (body, day)
);
