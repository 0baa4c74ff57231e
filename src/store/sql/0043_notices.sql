-- 0043 sealed notices (文书, issue 11 item 4): the written documents the
-- Administrative Licensing Law requires of a case — 受理通知书 and
-- 不予受理决定书 at intake (Art. 32), 准予 / 不予行政许可决定书 at the decision
-- (Art. 38, with reasons, basis and the right to review or litigation) —
-- produced in the transaction of the step, signed by the department's key
-- like a certificate (domain/certs/notice.c), and attached to the case.
--
-- The signed document names the applicant and carries the decision's text,
-- so it is stored sealed (base/seal.h); the id is random (URLs), since case
-- numbers can be enumerated.
CREATE TABLE notices (
  id TEXT PRIMARY KEY,                 -- opaque random id (URLs, the verify address)
  case_id TEXT NOT NULL REFERENCES cases(id),
  kind TEXT NOT NULL,                  -- acceptance | refusal | approval | denial
  department TEXT NOT NULL REFERENCES departments(code),
  applicant_account TEXT REFERENCES accounts(id),
  document TEXT NOT NULL,              -- sealed: the signed JSON (its JCS form is what was signed)
  key_id TEXT NOT NULL REFERENCES cert_keys(id),
  issued_at INTEGER NOT NULL           -- UTC ms
);
CREATE UNIQUE INDEX notices_case_kind ON notices(case_id, kind);
