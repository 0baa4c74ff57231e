-- 0002 catalogue: matters (事项) and their versions. A version is immutable:
-- editing a matter adds a version; cases pin the version they were filed
-- under. The row in `matters` holds what lists and filters need, copied from
-- the current version, plus the search text (normalised to Simplified
-- Chinese and lower case).

CREATE TABLE matters (
  code TEXT PRIMARY KEY,               -- GB/T 39554 style: XK00103000
  current_version INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'active',   -- active | retired
  department TEXT NOT NULL REFERENCES departments(code),
  type TEXT NOT NULL,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  immediate INTEGER NOT NULL,
  visits INTEGER NOT NULL,
  online_depth INTEGER NOT NULL,
  promised_days INTEGER NOT NULL,
  search_name TEXT NOT NULL,           -- normalised names: "|zh|en|"
  search_keys TEXT NOT NULL,           -- normalised keywords: "|k1|k2|"
  search_text TEXT NOT NULL,           -- normalised names, department, keywords, materials, type
  popularity INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1   -- row version: bumps on every change (update, retire)
);
CREATE INDEX matters_department ON matters(department);
CREATE INDEX matters_type ON matters(type);

CREATE TABLE matter_versions (
  code TEXT NOT NULL REFERENCES matters(code),
  version INTEGER NOT NULL,
  doc TEXT NOT NULL,                   -- the matter as served (canonical JSON object)
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (code, version)
);
