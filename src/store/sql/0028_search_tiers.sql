-- 0028 search that ranks by where a word is found (issue 16): the matter's
-- search text split into the fields the ranking weighs (name, keywords,
-- guide, materials; search_name and search_keys exist already), who may apply
-- (for the 个人/法人 filter), and the rule the text was built under. Rows
-- built before (search_rev 0) are rebuilt from their current document when
-- the server or `onestop seed` starts (domain/catalog: matter_search_refresh).
ALTER TABLE matters ADD COLUMN search_guide TEXT NOT NULL DEFAULT '';      -- department, type, description, 受理条件
ALTER TABLE matters ADD COLUMN search_materials TEXT NOT NULL DEFAULT '';  -- material names
ALTER TABLE matters ADD COLUMN applicants TEXT NOT NULL DEFAULT '|person|enterprise|';
ALTER TABLE matters ADD COLUMN search_rev INTEGER NOT NULL DEFAULT 0;
