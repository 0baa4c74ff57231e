-- 0017 ratings (好差评): what can be rated, the ratings, and walk-in rating codes.
--
-- A subject is something finished that its applicant may rate: a case when it
-- completes (the case hook writes the row in the case's transaction), later a
-- bundle, or a complaint whose callback records its satisfaction answer. The
-- subject carries what a rating is counted under (department, matter, region,
-- channel) and when the invitation to rate falls due, so the invitation job
-- reads this table alone.
CREATE TABLE rating_subjects (
  kind TEXT NOT NULL,                 -- case | bundle | complaint
  subject_id TEXT NOT NULL,
  label TEXT NOT NULL,                -- what people read: the case number
  rater_id TEXT REFERENCES accounts(id), -- the applicant who may rate it
  department TEXT NOT NULL REFERENCES departments(code),
  matter_code TEXT,
  region TEXT,
  channel TEXT NOT NULL,              -- online | in_person (which tag set applies)
  source_channel TEXT,                -- the case's own channel (online | mobile | window | assisted), for statistics
  completed_at INTEGER NOT NULL,      -- UTC ms
  invite_due_at INTEGER NOT NULL,     -- UTC ms: unrated by then, the applicant is invited
  invited_at INTEGER,                 -- UTC ms, when the invitation went to the outbox
  rated_at INTEGER,                   -- UTC ms of the first rating
  PRIMARY KEY (kind, subject_id)
);
CREATE INDEX rating_subjects_invite ON rating_subjects(invite_due_at)
  WHERE invited_at IS NULL AND rated_at IS NULL;

-- One rating per subject and round: round 1 is the rating, round 2 the one
-- re-rating a rater may give after a rectification. A rating may name a
-- window or a staff member; who rated is kept for the subject's owner and
-- the audit, never shown to the staff member named.
CREATE TABLE ratings (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  round INTEGER NOT NULL CHECK (round IN (1, 2)),
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  tags TEXT NOT NULL,                 -- JSON array of tag codes
  comment TEXT,
  staff_id TEXT REFERENCES accounts(id),
  window_label TEXT,
  via TEXT NOT NULL,                  -- portal | code | callback
  rater_id TEXT,                      -- NULL when given with a walk-in code
  department TEXT NOT NULL,
  matter_code TEXT,
  region TEXT,
  channel TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (kind, subject_id, round)
);
CREATE INDEX ratings_department ON ratings(department, created_at);
CREATE INDEX ratings_staff ON ratings(staff_id) WHERE staff_id IS NOT NULL;

-- Walk-in rating codes (评价器/二维码): a window clerk hands one to the person
-- at the window, who enters it on the portal or a kiosk without logging in.
-- Only a hash of the code is stored; a code is used once and expires.
CREATE TABLE rating_codes (
  code_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES accounts(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX rating_codes_subject ON rating_codes(kind, subject_id);

-- Rectification (整改) after a rating of 1 or 2: the department calls the
-- rater back within 1 working day and fixes the cause within 15, recording
-- what it did; the rater may then re-rate once. Its life cycle is the
-- rectification machine (docs/workflow.md); overdue ones are escalated to the
-- supervisors once (escalated_at).
CREATE TABLE rectifications (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  label TEXT NOT NULL,
  rating_id TEXT NOT NULL REFERENCES ratings(id),
  department TEXT NOT NULL REFERENCES departments(code),
  status TEXT NOT NULL,               -- open | called_back | fixed
  callback_due TEXT NOT NULL,         -- YYYY-MM-DD, 1 working day after the rating
  fix_due TEXT NOT NULL,              -- YYYY-MM-DD, 15 working days after the rating
  callback_note TEXT,
  callback_at INTEGER,
  fix_note TEXT,
  fixed_at INTEGER,
  escalated_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (kind, subject_id)
);
CREATE INDEX rectifications_department ON rectifications(department, status);
CREATE INDEX rectifications_open ON rectifications(fix_due) WHERE escalated_at IS NULL AND status <> 'fixed';

-- Statistics (domain/stats/): counters per day × department × matter ×
-- channel × region, maintained in the transaction of each case change (the
-- case hook) and each first rating, so a dashboard sums days and never scans
-- cases. Days are the platform's (Asia/Shanghai). Durations are a histogram
-- in whole working days (submission to completion), so medians and p90 are
-- exact. The case's channel (online | mobile | window | assisted) is the
-- channel of its rating too.
CREATE TABLE stats_daily (
  day TEXT NOT NULL,
  department TEXT NOT NULL,
  matter_code TEXT NOT NULL,
  channel TEXT NOT NULL,
  region TEXT NOT NULL,
  applications INTEGER NOT NULL DEFAULT 0,     -- submitted (filed or a draft submitted)
  acceptances INTEGER NOT NULL DEFAULT 0,      -- accepted at intake, or deemed accepted
  completions INTEGER NOT NULL DEFAULT 0,
  completed_no_visit INTEGER NOT NULL DEFAULT 0,   -- completed with no visit row (不见面)
  completed_first_time INTEGER NOT NULL DEFAULT 0, -- completed without a correction round (一次办成)
  ratings_1 INTEGER NOT NULL DEFAULT 0,
  ratings_2 INTEGER NOT NULL DEFAULT 0,
  ratings_3 INTEGER NOT NULL DEFAULT 0,
  ratings_4 INTEGER NOT NULL DEFAULT 0,
  ratings_5 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, department, matter_code, channel, region)
);
CREATE TABLE stats_durations (
  day TEXT NOT NULL,                 -- the day of completion
  department TEXT NOT NULL,
  matter_code TEXT NOT NULL,
  channel TEXT NOT NULL,
  region TEXT NOT NULL,
  workdays INTEGER NOT NULL,         -- whole working days from submission to completion
  n INTEGER NOT NULL,
  PRIMARY KEY (day, department, matter_code, channel, region, workdays)
);
