-- Solana (issue 23): addresses are base58 of 32 bytes, up to 44 characters, kept as written (case-sensitive).
-- Address columns sized for 0x + 40 hex (42) take them too. Portable SQL: H2 2.x and PostgreSQL 13+.
ALTER TABLE incident_contracts ALTER COLUMN address SET DATA TYPE VARCHAR(64);
ALTER TABLE incident_assets ALTER COLUMN address SET DATA TYPE VARCHAR(64);
ALTER TABLE watches ALTER COLUMN address SET DATA TYPE VARCHAR(64);
ALTER TABLE watch_findings ALTER COLUMN asset SET DATA TYPE VARCHAR(64);
ALTER TABLE watch_findings ALTER COLUMN spender SET DATA TYPE VARCHAR(64);
ALTER TABLE watch_changes ALTER COLUMN asset SET DATA TYPE VARCHAR(64);
ALTER TABLE watch_changes ALTER COLUMN spender SET DATA TYPE VARCHAR(64);
