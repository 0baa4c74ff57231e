-- A material of several pages (正反面, a multi-page scan taken as images):
-- its first file stays in case_files, the files after it are here, in the
-- order given (page 2, 3, …). The matter's material says how many files it
-- takes (max_files, 1 unless it says more).
CREATE TABLE case_file_pages (
  case_id TEXT NOT NULL REFERENCES cases(id),
  material_key TEXT NOT NULL,
  page INTEGER NOT NULL,
  file_id TEXT NOT NULL,
  PRIMARY KEY (case_id, material_key, page)
);
CREATE INDEX case_file_pages_file ON case_file_pages(file_id);
