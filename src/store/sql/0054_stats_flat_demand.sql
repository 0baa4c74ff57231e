-- 0054 flat roll-ups of the demand heat map (测评真实需求量), as 0053 does for
-- the other counters: the cells of stats_demand per day or month × weekday ×
-- hour × department × channel, without the matter, and with department '*'
-- for every department (the channel stays: the heat map is per channel).
-- Each count adds to (department, channel) and ('*', channel) of the day and
-- of the month in the same transaction as the stats_demand cell, so a view
-- without a matter reads, through the primary key, the cells of one
-- department (or of all) in its range — at most 7 weekdays × 24 hours ×
-- channels per month, 24 × channels per edge day — whatever the number of
-- requests. A matter's view reads its cells through an index on the matter.
-- Filled here from stats_demand; `onestop stats-rebuild` rebuilds and
-- compares them.
CREATE TABLE stats_flat_demand (
  day TEXT NOT NULL,
  weekday INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  department TEXT NOT NULL,
  channel TEXT NOT NULL,
  applications INTEGER NOT NULL DEFAULT 0,
  bookings INTEGER NOT NULL DEFAULT 0,
  refused INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (department, day, weekday, hour, channel)
);
CREATE TABLE stats_flat_demand_monthly (
  month TEXT NOT NULL,
  weekday INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  department TEXT NOT NULL,
  channel TEXT NOT NULL,
  applications INTEGER NOT NULL DEFAULT 0,
  bookings INTEGER NOT NULL DEFAULT 0,
  refused INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (department, month, weekday, hour, channel)
);
CREATE INDEX stats_demand_matter ON stats_demand (matter_code, day);

INSERT INTO stats_flat_demand
  SELECT day, weekday, hour, department, channel, SUM(applications), SUM(bookings), SUM(refused)
  FROM stats_demand GROUP BY day, weekday, hour, department, channel
  UNION ALL
  SELECT day, weekday, hour, '*', channel, SUM(applications), SUM(bookings), SUM(refused)
  FROM stats_demand GROUP BY day, weekday, hour, channel;
INSERT INTO stats_flat_demand_monthly
  SELECT substr(day, 1, 7), weekday, hour, department, channel, SUM(applications), SUM(bookings), SUM(refused)
  FROM stats_demand GROUP BY substr(day, 1, 7), weekday, hour, department, channel
  UNION ALL
  SELECT substr(day, 1, 7), weekday, hour, '*', channel, SUM(applications), SUM(bookings), SUM(refused)
  FROM stats_demand GROUP BY substr(day, 1, 7), weekday, hour, channel;
