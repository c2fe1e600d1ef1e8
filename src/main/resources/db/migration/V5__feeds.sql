-- Issue 13: rows read from feeds and imports (DefiLlama's hack list, Revoke.cash's approval-exploit list), each feed's
-- state, and the USD figure of each source record (so DefiLlama's own count and total per semester can be shown).
-- A stored row updates the shipped row of the same identity or adds one; the incidents are rebuilt from the shipped files
-- and these rows together (origin 'shipped' or 'feed'), so they survive every start-up sync.
CREATE TABLE feed_records (
    dataset      VARCHAR(40)     NOT NULL,        -- defillama | revoke
    record_id    VARCHAR(300)    NOT NULL,        -- identity within the dataset (date|id:<defillamaId>, a Revoke.cash slug)
    content      VARCHAR(200000) NOT NULL,        -- canonical JSON of the row as read
    content_hash VARCHAR(64)     NOT NULL,
    origin       VARCHAR(1000)   NOT NULL,        -- the feed URL or the imported file it was read from
    first_seen   TIMESTAMP       NOT NULL,
    updated_at   TIMESTAMP       NOT NULL,
    PRIMARY KEY (dataset, record_id)
);

-- What each configured feed said last (for conditional requests) and how its last update went (shown by /health).
CREATE TABLE feed_state (
    feed            VARCHAR(40)     PRIMARY KEY,   -- defillama | revoke
    validators      VARCHAR(100000),               -- JSON: file -> {etag, lastModified}
    last_attempt    TIMESTAMP,
    last_success    TIMESTAMP,
    last_changed    TIMESTAMP,                     -- the last update that changed data
    last_error_kind VARCHAR(40),                   -- unreachable | timeout | http_status | too_large | truncated | invalid; null after a success
    last_error      VARCHAR(500)                   -- Perimeter's sentence for it (never the response body)
);

ALTER TABLE incident_sources ADD COLUMN loss_usd NUMERIC(24, 2);
