-- 双随机一公开 in English beside Chinese: an inspection item's name and legal
-- basis and a plan's title, shown in English mode (empty when none was given;
-- the pages then show the Chinese, marked as a registered name or a citation).
ALTER TABLE inspection_items ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
ALTER TABLE inspection_items ADD COLUMN legal_basis_en TEXT NOT NULL DEFAULT '';
ALTER TABLE inspection_plans ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
