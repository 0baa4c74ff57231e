-- 0019 bundles (一件事): definitions joining several matters into one
-- application. Versioned like matters: a version is immutable, editing adds
-- one, and the row in `bundles` holds what lists need, copied from the
-- current version. A version's document is the bundle as served: the
-- definition, the matter versions it was derived from, its merged form and
-- materials, and the guide's sums.

CREATE TABLE bundles (
  code TEXT PRIMARY KEY,
  current_version INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'active',   -- active | retired
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1       -- row version: bumps on every change
);

CREATE TABLE bundle_versions (
  code TEXT NOT NULL REFERENCES bundles(code),
  version INTEGER NOT NULL,
  doc TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (code, version)
);
