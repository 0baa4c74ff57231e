-- 0064 the supervisors' overview in cursor pages: the cases whose clock runs and is red or
-- yellow, red first ('red' < 'yellow'), then by deadline and the case's id. Each page is a seek
-- in this index from its cursor, not a sort of every such case with the first 200 kept.
CREATE INDEX cases_oversight ON cases(colour, due_day, id)
    WHERE accepted_day IS NOT NULL AND finished_day IS NULL AND colour IN ('red', 'yellow');
