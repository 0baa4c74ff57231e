-- Indexes for the lists and the jobs that read a whole table to find a few
-- rows (tests/api/test_query_plans.py names them): the cases still running on
-- their clock (the yellow/red dashboard, the deadline job, supervision), the
-- staff of a department, a department's certificates, messages by age (the
-- retention job).
CREATE INDEX cases_running ON cases(department) WHERE accepted_day IS NOT NULL AND finished_day IS NULL;
CREATE INDEX accounts_staff ON accounts(department, display_name) WHERE kind = 'staff';
CREATE INDEX certificates_department ON certificates(department, issued_at);
CREATE INDEX messages_created ON messages(created_at);
-- a department's rectifications, newest first, read in that order and stopped at the page
CREATE INDEX rectifications_created ON rectifications(created_at);
-- the case lists, newest first, for a department's staff and for those who see every department's
CREATE INDEX cases_department_created ON cases(department, created_at);
CREATE INDEX cases_created ON cases(created_at);
