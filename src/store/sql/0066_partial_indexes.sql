-- 0066 two indexes that only their one query reads hold only the rows it asks for. The done tasks
-- newest first (tasks_done) are read with status = 'done', and the deadlines awaiting next year's
-- holidays (deadlines_provisional) with provisional = 1; as full indexes every new task and every
-- new deadline of a submission was written into them too, two more B-tree pages in each commit.
DROP INDEX tasks_done;
CREATE INDEX tasks_done ON tasks(department, done_at, id) WHERE status = 'done';
DROP INDEX deadlines_provisional;
CREATE INDEX deadlines_provisional ON deadlines(entity, entity_id) WHERE provisional = 1;
