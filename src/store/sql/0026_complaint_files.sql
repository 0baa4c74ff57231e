-- 0026 attachments of 12345 requests (issue 12, item 1): photos and papers the
-- caller uploaded (POST /api/v1/files) and names at intake. The file stays the
-- uploader's; the request's bodies, the hotline and the supervisors read it
-- through the request (domain/files/file.c, file_get), and an attached file
-- is never purged as unattached.
CREATE TABLE complaint_files (
  complaint_id TEXT NOT NULL REFERENCES complaints(id),
  file_id TEXT NOT NULL REFERENCES files(id),
  position INTEGER NOT NULL,           -- the order the caller gave
  PRIMARY KEY (complaint_id, file_id)
);
CREATE INDEX complaint_files_file ON complaint_files(file_id);
