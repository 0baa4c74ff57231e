-- 0062 the 12345 lists in cursor pages, newest first, each page a seek in an index in the list's
-- order: all requests (the hotline) by (created_at, id), a caller's by (caller_id, created_at, id),
-- a status by (status, created_at, id), and a department's through its bodies rows, which now
-- carry their request's filing time so that the department's newest are the first rows of
-- (body, created_at, complaint_id) and not a sort of everything it ever handled.
ALTER TABLE complaint_bodies ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
UPDATE complaint_bodies SET created_at = (SELECT p.created_at FROM complaints p
  WHERE p.id = complaint_bodies.complaint_id);
DROP INDEX complaint_bodies_body;
CREATE INDEX complaint_bodies_page ON complaint_bodies(body, created_at, complaint_id);
DROP INDEX complaints_caller;
CREATE INDEX complaints_caller ON complaints(caller_id, created_at, id);
DROP INDEX complaints_created;
CREATE INDEX complaints_created ON complaints(created_at, id);
CREATE INDEX complaints_status_page ON complaints(status, created_at, id);
