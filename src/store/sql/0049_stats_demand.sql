-- 0049 demand by hour × weekday × channel (测评真实需求量): what people asked
-- for and when, counted in the transaction of each request, so the heat map
-- never scans cases or appointments. Three kinds of demand in one row:
-- applications (a case submitted: the moment of submission), bookings (an
-- appointment made: the slot's day and starting hour, the time the person
-- wants to come) and refusals because the slot was full (the same cell of
-- the slot asked for; unmet_demand keeps the reason-by-reason detail). Days
-- and hours are the platform's (Asia/Shanghai); matter_code is '' when a
-- booking names no matter. Filled from then on; `onestop stats-rebuild`
-- recomputes it from the rows (cases' submissions, appointments, the full
-- slots of unmet_demand), filling the past in.
CREATE TABLE stats_demand (
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
);

-- The channel a booking came by (online | mobile | window), so a rebuild
-- counts it where it was counted; NULL for bookings made before this.
ALTER TABLE appointments ADD COLUMN channel TEXT;
