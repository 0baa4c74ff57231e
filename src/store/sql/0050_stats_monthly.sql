-- 0050 monthly roll-ups of the statistics counters, so a long range (a year)
-- reads twelve month rows, not 365 day rows: the same counters as
-- stats_daily and stats_durations per calendar month (YYYY-MM, Asia/Shanghai),
-- written in the same transaction as the day rows. A query reads the month
-- table for the whole months of its range and the day tables for the days at
-- its edges. Filled here from the day rows; `onestop stats-rebuild` rebuilds
-- and compares them too.
CREATE TABLE stats_monthly (
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
);
CREATE TABLE stats_durations_monthly (
  month TEXT NOT NULL,
  department TEXT NOT NULL,
  matter_code TEXT NOT NULL,
  channel TEXT NOT NULL,
  region TEXT NOT NULL,
  workdays INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (month, department, matter_code, channel, region, workdays)
);
INSERT INTO stats_monthly
  SELECT substr(day, 1, 7), department, matter_code, channel, region, SUM(applications), SUM(acceptances),
         SUM(completions), SUM(completed_no_visit), SUM(completed_first_time), SUM(ratings_1),
         SUM(ratings_2), SUM(ratings_3), SUM(ratings_4), SUM(ratings_5)
  FROM stats_daily GROUP BY substr(day, 1, 7), department, matter_code, channel, region;
INSERT INTO stats_durations_monthly
  SELECT substr(day, 1, 7), department, matter_code, channel, region, workdays, SUM(n)
  FROM stats_durations GROUP BY substr(day, 1, 7), department, matter_code, channel, region, workdays;
