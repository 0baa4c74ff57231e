-- 0032 English forms of a department's address and opening hours, shown in
-- English mode beside the names that already have theirs. Empty when a
-- department gives none: the page then shows the Chinese text.
ALTER TABLE departments ADD COLUMN address_en TEXT NOT NULL DEFAULT '';
ALTER TABLE departments ADD COLUMN hours_en TEXT NOT NULL DEFAULT '';
