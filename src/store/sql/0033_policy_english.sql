-- 惠企政策 in English beside Chinese: the portal's English mode shows a
-- policy's title, text and benefit in English (empty when the department
-- gave none; the page then shows the Chinese as typed data).
ALTER TABLE policies ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
ALTER TABLE policies ADD COLUMN text_en TEXT NOT NULL DEFAULT '';
ALTER TABLE policies ADD COLUMN benefit_en TEXT NOT NULL DEFAULT '';
