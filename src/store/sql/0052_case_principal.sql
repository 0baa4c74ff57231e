-- 0052 a case filed by one account for another (an enterprise a bundle's
-- registration created: the person who applied acts for it). applicant_id
-- stays the filer, who follows the case; principal_id, when set, is the
-- account the case is for: it holds what the case issues and its
-- certificates serve the case's materials.
ALTER TABLE cases ADD COLUMN principal_id TEXT REFERENCES accounts(id);

-- Who may act for an enterprise account: its legal representative, recorded
-- when the registration created it (source: the bundle case).
CREATE TABLE account_agents (
  principal_id TEXT NOT NULL REFERENCES accounts(id),
  agent_id TEXT NOT NULL REFERENCES accounts(id),
  relation TEXT NOT NULL CHECK (relation IN ('legal_rep', 'agent')),
  source TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (principal_id, agent_id)
);
CREATE INDEX account_agents_agent ON account_agents(agent_id);
