-- 0024 the names of uploaded files are personal data ("身份证 110105….pdf",
-- "张三 13812345678 户口本.jpg" are what people name their scans), so
-- files.name holds sealed text like the columns of 0013 (base/seal.h). The
-- names written before this migration are sealed by its step in C
-- (store/migrate_pii.c), in this migration's own transaction. The column's
-- type does not change; this statement only records the intent.
SELECT 1;
