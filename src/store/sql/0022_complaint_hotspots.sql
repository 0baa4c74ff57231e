-- 12345 hotspots (issue 12, item 6): requests per day × district × street ×
-- category, counted at intake in the same transaction, so the hotspot view
-- and its spike flags (未诉先办) never scan the requests.
-- day: the day of intake in Asia/Shanghai, as days since 1970-01-01 (the
-- platform's day_t); street '' when the request names none.
CREATE TABLE complaint_hotspots (
  day INTEGER NOT NULL,
  district TEXT NOT NULL REFERENCES regions(code),
  street TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL REFERENCES complaint_categories(code),
  n INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, district, street, category)
);

-- the requests already taken, counted once (integer division is the same on both engines)
INSERT INTO complaint_hotspots (day, district, street, category, n)
SELECT (created_at + 28800000) / 86400000, district, COALESCE(street, ''), category, COUNT(*)
FROM complaints
GROUP BY (created_at + 28800000) / 86400000, district, COALESCE(street, ''), category;
