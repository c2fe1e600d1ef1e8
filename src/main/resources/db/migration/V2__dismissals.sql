-- Findings a user marked "I know, this is fine". Keyed by the finding's risk key (kind, chain, asset, target):
-- no wallet address is stored. Reversible: deleting the row restores the finding.
CREATE TABLE dismissals (
    finding_key VARCHAR(300) PRIMARY KEY,
    note        VARCHAR(500),
    created_at  TIMESTAMP NOT NULL
);
