-- 0029 fees (issue 16, build item 4): the payment notice (缴款通知书) of a
-- matter with a fee, issued at the step the matter names, paid at the window
-- (a clerk records it) or online (the payment provider's signed notification).
--
-- payment_code: 20 digits, 18 random and 2 check digits (ISO 7064 MOD 97-10),
-- what the applicant types or the window scans; it names one notice and
-- cannot be guessed from another. provider_txn: the provider's transaction
-- id, unique, so that a notification sent twice pays once. receipt_number:
-- the receipt (票据号) given when paid.
CREATE TABLE payment_notices (
  id TEXT PRIMARY KEY,                 -- random
  case_id TEXT NOT NULL UNIQUE REFERENCES cases(id),
  department TEXT NOT NULL REFERENCES departments(code),
  payer_account TEXT NOT NULL REFERENCES accounts(id),
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  payment_code TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,                -- issued | paid | cancelled
  issued_at INTEGER NOT NULL,          -- UTC ms
  issued_step TEXT NOT NULL,           -- the case action that issued it (accept, approve, ...)
  result_waits INTEGER NOT NULL,       -- 1: the matter keeps the result back until paid
  paid_at INTEGER,                     -- UTC ms
  channel TEXT,                        -- window | provider, when paid
  method TEXT,                         -- at the window: cash | card | mobile
  recorded_by TEXT REFERENCES accounts(id), -- the clerk, at the window
  provider_txn TEXT UNIQUE,            -- the provider's transaction id
  receipt_number TEXT UNIQUE,          -- when paid
  cancelled_at INTEGER,
  version INTEGER NOT NULL
);
CREATE INDEX payment_notices_department ON payment_notices(department, status);
