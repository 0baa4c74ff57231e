-- 0063 a policy's matches in cursor pages, the largest benefit first: each page a seek in
-- (policy_id, benefit, account_id), not a sort of every enterprise the policy matches.
CREATE INDEX policy_matches_page ON policy_matches(policy_id, benefit, account_id);
