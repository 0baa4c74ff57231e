-- 0059 the lists paged by a cursor, as the case list is: newest first by (time, id), the id
-- breaking ties. Each index holds the list's filter, its time and its id, so a page seeks
-- below the cursor's row, reads in the list's order and stops at the page.
-- A department's certificates (staff) and a holder's wallet.
DROP INDEX certificates_department;
CREATE INDEX certificates_department ON certificates(department, issued_at, id);
DROP INDEX certificates_holder;
CREATE INDEX certificates_holder ON certificates(holder_account, issued_at, id);
-- rectifications: a department's, and everyone's (supervisors)
DROP INDEX rectifications_created;
CREATE INDEX rectifications_created ON rectifications(created_at, id);
CREATE INDEX rectifications_department_created ON rectifications(department, created_at, id);
-- supervision orders: a department's, and everyone's (supervisors)
DROP INDEX supervisions_department;
CREATE INDEX supervisions_department ON supervisions(department, created_at, id);
CREATE INDEX supervisions_created ON supervisions(created_at, id);
-- the links a holder made to a certificate
DROP INDEX certificate_shares_certificate;
CREATE INDEX certificate_shares_certificate ON certificate_shares(certificate_id, created_at, id);
-- the data-use log a person reads, and the objections to it (supervisors)
DROP INDEX data_uses_subject;
CREATE INDEX data_uses_subject ON data_uses(subject_account, at, id);
DROP INDEX data_use_objections_at;
CREATE INDEX data_use_objections_at ON data_use_objections(at, id);
