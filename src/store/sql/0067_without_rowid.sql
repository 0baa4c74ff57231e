-- sqlite only
-- 0067 the tables a submission writes that are read by their primary key keep their rows in its
-- B-tree (WITHOUT ROWID). As rowid tables each had a second B-tree, the index of the primary key,
-- beside the rows: every new Idempotency-Key, timeline entry and material went into both (three
-- more pages in each commit), and every counter and case-number upsert sought its row twice.
-- PostgreSQL keeps a heap and its indexes whatever the table says: this migration is SQLite's only
-- (migrate.c records it as applied on PostgreSQL without running it).
CREATE TABLE idempotency_k (
  account_id TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  case_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, key)
) WITHOUT ROWID;
INSERT INTO idempotency_k (account_id, key, request_hash, case_id, created_at)
  SELECT account_id, key, request_hash, case_id, created_at FROM idempotency;
DROP TABLE idempotency;
ALTER TABLE idempotency_k RENAME TO idempotency;
CREATE TABLE case_events_k (
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
) WITHOUT ROWID;
INSERT INTO case_events_k (case_id, seq, at, action, from_status, to_status, department, role, note)
  SELECT case_id, seq, at, action, from_status, to_status, department, role, note FROM case_events;
DROP TABLE case_events;
ALTER TABLE case_events_k RENAME TO case_events;
CREATE TABLE case_files_k (
  case_id TEXT NOT NULL REFERENCES cases(id),
  material_key TEXT NOT NULL,
  file_id TEXT NOT NULL,
  PRIMARY KEY (case_id, material_key)
) WITHOUT ROWID;
INSERT INTO case_files_k (case_id, material_key, file_id)
  SELECT case_id, material_key, file_id FROM case_files;
DROP TABLE case_files;
ALTER TABLE case_files_k RENAME TO case_files;
CREATE INDEX case_files_file ON case_files(file_id);
CREATE TABLE case_numbers_k (
  region TEXT NOT NULL,
  day TEXT NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (region, day)
) WITHOUT ROWID;
INSERT INTO case_numbers_k (region, day, last)
  SELECT region, day, last FROM case_numbers;
DROP TABLE case_numbers;
ALTER TABLE case_numbers_k RENAME TO case_numbers;
CREATE TABLE stats_daily_k (
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
) WITHOUT ROWID;
INSERT INTO stats_daily_k (day, department, matter_code, channel, region, applications, acceptances, completions, completed_no_visit, completed_first_time, ratings_1, ratings_2, ratings_3, ratings_4, ratings_5)
  SELECT day, department, matter_code, channel, region, applications, acceptances, completions, completed_no_visit, completed_first_time, ratings_1, ratings_2, ratings_3, ratings_4, ratings_5 FROM stats_daily;
DROP TABLE stats_daily;
ALTER TABLE stats_daily_k RENAME TO stats_daily;
CREATE INDEX stats_daily_matter ON stats_daily (matter_code, day);
CREATE TABLE stats_monthly_k (
  month TEXT NOT NULL,
  department TEXT NOT NULL,
  matter_code TEXT NOT NULL,
  channel TEXT NOT NULL,
  region TEXT NOT NULL,
  applications INTEGER NOT NULL DEFAULT 0,
  acceptances INTEGER NOT NULL DEFAULT 0,
  completions INTEGER NOT NULL DEFAULT 0,
  completed_no_visit INTEGER NOT NULL DEFAULT 0,
  completed_first_time INTEGER NOT NULL DEFAULT 0,
  ratings_1 INTEGER NOT NULL DEFAULT 0,
  ratings_2 INTEGER NOT NULL DEFAULT 0,
  ratings_3 INTEGER NOT NULL DEFAULT 0,
  ratings_4 INTEGER NOT NULL DEFAULT 0,
  ratings_5 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, department, matter_code, channel, region)
) WITHOUT ROWID;
INSERT INTO stats_monthly_k (month, department, matter_code, channel, region, applications, acceptances, completions, completed_no_visit, completed_first_time, ratings_1, ratings_2, ratings_3, ratings_4, ratings_5)
  SELECT month, department, matter_code, channel, region, applications, acceptances, completions, completed_no_visit, completed_first_time, ratings_1, ratings_2, ratings_3, ratings_4, ratings_5 FROM stats_monthly;
DROP TABLE stats_monthly;
ALTER TABLE stats_monthly_k RENAME TO stats_monthly;
CREATE INDEX stats_monthly_matter ON stats_monthly (matter_code, month);
CREATE TABLE stats_demand_k (
  day TEXT NOT NULL,
  hour INTEGER NOT NULL,               -- 0..23
  weekday INTEGER NOT NULL,            -- 1 = Monday .. 7 = Sunday
  department TEXT NOT NULL,
  matter_code TEXT NOT NULL,
  channel TEXT NOT NULL,               -- online | mobile | window | assisted
  applications INTEGER NOT NULL DEFAULT 0,
  bookings INTEGER NOT NULL DEFAULT 0,
  refused INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, hour, department, matter_code, channel)
) WITHOUT ROWID;
INSERT INTO stats_demand_k (day, hour, weekday, department, matter_code, channel, applications, bookings, refused)
  SELECT day, hour, weekday, department, matter_code, channel, applications, bookings, refused FROM stats_demand;
DROP TABLE stats_demand;
ALTER TABLE stats_demand_k RENAME TO stats_demand;
CREATE INDEX stats_demand_matter ON stats_demand (matter_code, day);
CREATE TABLE stats_flat_daily_k (
  day TEXT NOT NULL,
  department TEXT NOT NULL,
  channel TEXT NOT NULL,
  applications INTEGER NOT NULL DEFAULT 0,
  acceptances INTEGER NOT NULL DEFAULT 0,
  completions INTEGER NOT NULL DEFAULT 0,
  completed_no_visit INTEGER NOT NULL DEFAULT 0,
  completed_first_time INTEGER NOT NULL DEFAULT 0,
  ratings_1 INTEGER NOT NULL DEFAULT 0,
  ratings_2 INTEGER NOT NULL DEFAULT 0,
  ratings_3 INTEGER NOT NULL DEFAULT 0,
  ratings_4 INTEGER NOT NULL DEFAULT 0,
  ratings_5 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (department, channel, day)
) WITHOUT ROWID;
INSERT INTO stats_flat_daily_k (day, department, channel, applications, acceptances, completions, completed_no_visit, completed_first_time, ratings_1, ratings_2, ratings_3, ratings_4, ratings_5)
  SELECT day, department, channel, applications, acceptances, completions, completed_no_visit, completed_first_time, ratings_1, ratings_2, ratings_3, ratings_4, ratings_5 FROM stats_flat_daily;
DROP TABLE stats_flat_daily;
ALTER TABLE stats_flat_daily_k RENAME TO stats_flat_daily;
CREATE TABLE stats_flat_monthly_k (
  month TEXT NOT NULL,
  department TEXT NOT NULL,
  channel TEXT NOT NULL,
  applications INTEGER NOT NULL DEFAULT 0,
  acceptances INTEGER NOT NULL DEFAULT 0,
  completions INTEGER NOT NULL DEFAULT 0,
  completed_no_visit INTEGER NOT NULL DEFAULT 0,
  completed_first_time INTEGER NOT NULL DEFAULT 0,
  ratings_1 INTEGER NOT NULL DEFAULT 0,
  ratings_2 INTEGER NOT NULL DEFAULT 0,
  ratings_3 INTEGER NOT NULL DEFAULT 0,
  ratings_4 INTEGER NOT NULL DEFAULT 0,
  ratings_5 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (department, channel, month)
) WITHOUT ROWID;
INSERT INTO stats_flat_monthly_k (month, department, channel, applications, acceptances, completions, completed_no_visit, completed_first_time, ratings_1, ratings_2, ratings_3, ratings_4, ratings_5)
  SELECT month, department, channel, applications, acceptances, completions, completed_no_visit, completed_first_time, ratings_1, ratings_2, ratings_3, ratings_4, ratings_5 FROM stats_flat_monthly;
DROP TABLE stats_flat_monthly;
ALTER TABLE stats_flat_monthly_k RENAME TO stats_flat_monthly;
CREATE TABLE stats_flat_demand_k (
  day TEXT NOT NULL,
  weekday INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  department TEXT NOT NULL,
  channel TEXT NOT NULL,
  applications INTEGER NOT NULL DEFAULT 0,
  bookings INTEGER NOT NULL DEFAULT 0,
  refused INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (department, day, weekday, hour, channel)
) WITHOUT ROWID;
INSERT INTO stats_flat_demand_k (day, weekday, hour, department, channel, applications, bookings, refused)
  SELECT day, weekday, hour, department, channel, applications, bookings, refused FROM stats_flat_demand;
DROP TABLE stats_flat_demand;
ALTER TABLE stats_flat_demand_k RENAME TO stats_flat_demand;
CREATE TABLE stats_flat_demand_monthly_k (
  month TEXT NOT NULL,
  weekday INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  department TEXT NOT NULL,
  channel TEXT NOT NULL,
  applications INTEGER NOT NULL DEFAULT 0,
  bookings INTEGER NOT NULL DEFAULT 0,
  refused INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (department, month, weekday, hour, channel)
) WITHOUT ROWID;
INSERT INTO stats_flat_demand_monthly_k (month, weekday, hour, department, channel, applications, bookings, refused)
  SELECT month, weekday, hour, department, channel, applications, bookings, refused FROM stats_flat_demand_monthly;
DROP TABLE stats_flat_demand_monthly;
ALTER TABLE stats_flat_demand_monthly_k RENAME TO stats_flat_demand_monthly;
