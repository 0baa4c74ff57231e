-- 0044 shared data (数据共享, issue 11 item 8): the datasets departments hold
-- about people and enterprises, their records, and the grants that say which
-- matter may read which fields for which purpose (domain/sharing/dataset.c).
-- Every read of a record about a subject, and every refused one, is a row of
-- data_uses its subject reads; the subject may object to a use once, and the
-- objection goes to the platform's supervisors.
CREATE TABLE datasets (
  code TEXT PRIMARY KEY,               -- household | social_insurance | tax_credit …
  department TEXT NOT NULL REFERENCES departments(code),
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  subject TEXT NOT NULL,               -- person | enterprise: whom a record is about
  fields TEXT NOT NULL,                -- JSON [{key, name {zh, en}}]
  created_at INTEGER NOT NULL
);

-- A record about one subject, found by the keyed blind index of its ID number
-- or credit code (base/seal.h) and sealed, since it is personal data.
CREATE TABLE dataset_records (
  dataset TEXT NOT NULL REFERENCES datasets(code),
  subject_bidx TEXT NOT NULL,
  data TEXT NOT NULL,                  -- sealed JSON {field: value}
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (dataset, subject_bidx)
);

-- Which matter may read which fields of a dataset, for what purpose.
CREATE TABLE dataset_grants (
  dataset TEXT NOT NULL REFERENCES datasets(code),
  matter_code TEXT NOT NULL,
  fields TEXT NOT NULL,                -- JSON array of field keys
  purpose_zh TEXT NOT NULL,
  purpose_en TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (dataset, matter_code)
);

-- data_uses (0023) gains the dataset a read was of, and whether it was done
-- or refused (no grant, a field outside it, another case's purpose).
ALTER TABLE data_uses ADD COLUMN dataset TEXT;
ALTER TABLE data_uses ADD COLUMN outcome TEXT NOT NULL DEFAULT 'read';  -- read | refused | not_found
ALTER TABLE data_uses ADD COLUMN refusal TEXT;                          -- no_grant | field_not_granted | other_purpose | unknown_dataset

CREATE TABLE data_use_objections (
  id TEXT PRIMARY KEY,
  data_use_id TEXT NOT NULL UNIQUE REFERENCES data_uses(id),
  subject_account TEXT NOT NULL REFERENCES accounts(id),
  reason TEXT NOT NULL,
  at INTEGER NOT NULL                  -- UTC ms
);
CREATE INDEX data_use_objections_at ON data_use_objections(at);
