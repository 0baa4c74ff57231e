-- 0060 a department's task queue read in its own order. Each open task carries the deadline it
-- is queued by (its case's, or the intake term's before acceptance; '9999-12-31' for none), and
-- one partial index holds the open tasks by department in that order: the first page of the queue
-- is the first rows of the index, not a sort of every open task joined to its case.
ALTER TABLE tasks ADD COLUMN queue_due TEXT NOT NULL DEFAULT '9999-12-31';
UPDATE tasks SET queue_due = COALESCE(
  (SELECT c.due_day FROM cases c WHERE c.id = tasks.case_id),
  (SELECT d.due_day FROM deadlines d WHERE d.entity = 'case' AND d.entity_id = tasks.case_id
     AND d.purpose = 'intake' AND tasks.kind = 'intake'),
  '9999-12-31')
WHERE status IN ('open', 'claimed');
-- the id breaks ties, so a page's cursor (queue date, arrival, id) names one place in the index
CREATE INDEX tasks_open_queue ON tasks(department, queue_due, created_at, id, status)
  WHERE status IN ('open', 'claimed');
-- the done tasks, newest first
DROP INDEX tasks_queue;
CREATE INDEX tasks_done ON tasks(department, status, done_at, id);
