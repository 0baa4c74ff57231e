-- 0023 reuse instead of re-upload (免提交, issue 11 item 7) and the data-use
-- log its holder reads (item 8's sentence on every use of a held certificate).
--
-- A material whose source is certificate:TYPE takes the applicant's valid
-- certificate of that type by reference when no file is sent for it (or
-- when the applicant names one). The row keeps the certificate's view as it
-- was when attached (type, title, issuer, holder, fields), sealed like the
-- case's form since it names the holder; the certificate itself stays in
-- certificates and its verify address answers for its status now.
CREATE TABLE case_certificates (
  case_id TEXT NOT NULL REFERENCES cases(id),
  material_key TEXT NOT NULL,
  certificate_id TEXT NOT NULL REFERENCES certificates(id),
  automatic INTEGER NOT NULL,          -- 1: taken because no file was sent; 0: named by the applicant
  document TEXT NOT NULL,              -- sealed: the certificate's view when attached
  attached_at INTEGER NOT NULL,        -- UTC ms
  PRIMARY KEY (case_id, material_key)
);
CREATE INDEX case_certificates_certificate ON case_certificates(certificate_id);

-- Every use of a person's or enterprise's data held by the platform, for
-- its subject to read (GET /api/v1/me/data-use): who, which department, which
-- case, which certificate, for which purpose (the matter), which fields.
-- Written in the transaction of the use; never changed.
CREATE TABLE data_uses (
  id TEXT PRIMARY KEY,                 -- random
  subject_account TEXT NOT NULL REFERENCES accounts(id),
  at INTEGER NOT NULL,                 -- UTC ms
  kind TEXT NOT NULL,                  -- certificate
  actor_id TEXT NOT NULL,              -- the account that filed (the applicant, or a window clerk)
  actor_role TEXT NOT NULL,            -- self | window_clerk | staff
  department TEXT NOT NULL REFERENCES departments(code),
  case_id TEXT REFERENCES cases(id),
  case_number TEXT,
  certificate_id TEXT REFERENCES certificates(id),
  material_key TEXT,
  purpose TEXT NOT NULL,               -- the matter's code
  purpose_name TEXT NOT NULL,          -- JSON {zh, en}: the matter's name then
  fields TEXT NOT NULL                 -- JSON array: the names of the fields read
);
CREATE INDEX data_uses_subject ON data_uses(subject_account, at);
