-- Issue 12: what decided each incident's values, and what each incident touched.
-- vector_basis: the rule (with the text it matched) or the reviewed source and reason that set the vector.
-- scope: contracts | protocol | peripheral; scope_basis: the review or documented rule that set it.
-- loss_note: why the USD loss is what it is when a review or a conflict between sources decided it.
-- reviewed: a verified review (data/incidents/reviews.csv) decided vector, scope and loss.
ALTER TABLE incidents ADD COLUMN vector_basis VARCHAR(4000);
ALTER TABLE incidents ADD COLUMN scope VARCHAR(20) DEFAULT 'contracts' NOT NULL;
ALTER TABLE incidents ADD COLUMN scope_basis VARCHAR(4000);
ALTER TABLE incidents ADD COLUMN loss_note VARCHAR(4000);
ALTER TABLE incidents ADD COLUMN reviewed BOOLEAN DEFAULT FALSE NOT NULL;

-- Tokens an incident drained, minted or depegged (reviewed): symbol, and chain and lowercase address where known.
CREATE TABLE incident_assets (
    incident_id VARCHAR(160) NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    seq         INT          NOT NULL,
    symbol      VARCHAR(80)  NOT NULL,
    chain       VARCHAR(40),
    address     VARCHAR(42),
    PRIMARY KEY (incident_id, seq)
);
