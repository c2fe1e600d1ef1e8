-- Watches expire unless read (issue 20): when a watch's page, feed or API answer was last read. A watch not read for
-- PERIMETER_WATCH_TTL is deleted. Watches stored before this column existed count as read at the upgrade, so none is
-- deleted by the upgrade itself.
-- Portable SQL: H2 2.x and PostgreSQL 13+.
ALTER TABLE watches ADD COLUMN last_read_at TIMESTAMP;
UPDATE watches SET last_read_at = LOCALTIMESTAMP;
ALTER TABLE watches ALTER COLUMN last_read_at SET NOT NULL;
CREATE INDEX watches_last_read ON watches (last_read_at);
