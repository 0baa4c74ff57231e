-- 0053 flat roll-ups of the statistics counters, so a view without a matter
-- filter reads a number of rows that does not grow with the cases: the same
-- counters as stats_daily / stats_monthly and the duration histograms, per
-- day or month × department × channel only (no matter, no region), and
-- rolled up over each dimension too: department '*' is every department,
-- channel '*' every channel (a real value is never '*'). Each change adds to
-- the four keys (department, channel), (department, '*'), ('*', channel),
-- ('*', '*') in the same transaction as the day and month rows, so every
-- query without a matter is one key: the primary key (department, channel,
-- period) finds exactly the rows summed — one per day or month of the range,
-- and one more per working-day value for the histograms. Filled here from
-- the day and month tables; `onestop stats-rebuild` rebuilds and compares them.
CREATE TABLE stats_flat_daily (
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
);
CREATE TABLE stats_flat_monthly (
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
);
CREATE TABLE stats_flat_durations (
  day TEXT NOT NULL,
  department TEXT NOT NULL,
  channel TEXT NOT NULL,
  workdays INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (department, channel, day, workdays)
);
CREATE TABLE stats_flat_durations_monthly (
  month TEXT NOT NULL,
  department TEXT NOT NULL,
  channel TEXT NOT NULL,
  workdays INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (department, channel, month, workdays)
);
-- a matter's views find its rows by the matter, not by scanning every matter of the range
CREATE INDEX stats_daily_matter ON stats_daily (matter_code, day);
CREATE INDEX stats_monthly_matter ON stats_monthly (matter_code, month);
CREATE INDEX stats_durations_matter ON stats_durations (matter_code, day);
CREATE INDEX stats_durations_monthly_matter ON stats_durations_monthly (matter_code, month);
-- the ranking reads each department's durations per matter by the department
CREATE INDEX stats_durations_department ON stats_durations (department, day);
CREATE INDEX stats_durations_monthly_department ON stats_durations_monthly (department, month);

INSERT INTO stats_flat_daily
  SELECT day, department, channel, SUM(applications), SUM(acceptances), SUM(completions), SUM(completed_no_visit),
    SUM(completed_first_time), SUM(ratings_1), SUM(ratings_2), SUM(ratings_3), SUM(ratings_4), SUM(ratings_5)
  FROM stats_daily GROUP BY day, department, channel
  UNION ALL
  SELECT day, department, '*', SUM(applications), SUM(acceptances), SUM(completions), SUM(completed_no_visit),
    SUM(completed_first_time), SUM(ratings_1), SUM(ratings_2), SUM(ratings_3), SUM(ratings_4), SUM(ratings_5)
  FROM stats_daily GROUP BY day, department
  UNION ALL
  SELECT day, '*', channel, SUM(applications), SUM(acceptances), SUM(completions), SUM(completed_no_visit),
    SUM(completed_first_time), SUM(ratings_1), SUM(ratings_2), SUM(ratings_3), SUM(ratings_4), SUM(ratings_5)
  FROM stats_daily GROUP BY day, channel
  UNION ALL
  SELECT day, '*', '*', SUM(applications), SUM(acceptances), SUM(completions), SUM(completed_no_visit),
    SUM(completed_first_time), SUM(ratings_1), SUM(ratings_2), SUM(ratings_3), SUM(ratings_4), SUM(ratings_5)
  FROM stats_daily GROUP BY day;

INSERT INTO stats_flat_monthly
  SELECT month, department, channel, SUM(applications), SUM(acceptances), SUM(completions), SUM(completed_no_visit),
    SUM(completed_first_time), SUM(ratings_1), SUM(ratings_2), SUM(ratings_3), SUM(ratings_4), SUM(ratings_5)
  FROM stats_monthly GROUP BY month, department, channel
  UNION ALL
  SELECT month, department, '*', SUM(applications), SUM(acceptances), SUM(completions), SUM(completed_no_visit),
    SUM(completed_first_time), SUM(ratings_1), SUM(ratings_2), SUM(ratings_3), SUM(ratings_4), SUM(ratings_5)
  FROM stats_monthly GROUP BY month, department
  UNION ALL
  SELECT month, '*', channel, SUM(applications), SUM(acceptances), SUM(completions), SUM(completed_no_visit),
    SUM(completed_first_time), SUM(ratings_1), SUM(ratings_2), SUM(ratings_3), SUM(ratings_4), SUM(ratings_5)
  FROM stats_monthly GROUP BY month, channel
  UNION ALL
  SELECT month, '*', '*', SUM(applications), SUM(acceptances), SUM(completions), SUM(completed_no_visit),
    SUM(completed_first_time), SUM(ratings_1), SUM(ratings_2), SUM(ratings_3), SUM(ratings_4), SUM(ratings_5)
  FROM stats_monthly GROUP BY month;

INSERT INTO stats_flat_durations
  SELECT day, department, channel, workdays, SUM(n)
  FROM stats_durations GROUP BY day, department, channel, workdays
  UNION ALL
  SELECT day, department, '*', workdays, SUM(n)
  FROM stats_durations GROUP BY day, department, workdays
  UNION ALL
  SELECT day, '*', channel, workdays, SUM(n)
  FROM stats_durations GROUP BY day, channel, workdays
  UNION ALL
  SELECT day, '*', '*', workdays, SUM(n)
  FROM stats_durations GROUP BY day, workdays;

INSERT INTO stats_flat_durations_monthly
  SELECT month, department, channel, workdays, SUM(n)
  FROM stats_durations_monthly GROUP BY month, department, channel, workdays
  UNION ALL
  SELECT month, department, '*', workdays, SUM(n)
  FROM stats_durations_monthly GROUP BY month, department, workdays
  UNION ALL
  SELECT month, '*', channel, workdays, SUM(n)
  FROM stats_durations_monthly GROUP BY month, channel, workdays
  UNION ALL
  SELECT month, '*', '*', workdays, SUM(n)
  FROM stats_durations_monthly GROUP BY month, workdays;
