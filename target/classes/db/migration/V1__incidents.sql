-- Perimeter schema v1: incidents, their sources and contracts, protocols, published figures.
-- Portable SQL: runs on H2 2.x and PostgreSQL 13+. Released migrations are never edited; add V2, V3...

CREATE TABLE protocols (
    slug        VARCHAR(120) PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    category    VARCHAR(60),
    origin      VARCHAR(20)  NOT NULL            -- shipped | import
);

CREATE TABLE incidents (
    id                  VARCHAR(160) PRIMARY KEY, -- e.g. 2026-04-18-kelpdao
    incident_date       DATE         NOT NULL,
    semester            VARCHAR(7)   NOT NULL,    -- YYYY-H1 / YYYY-H2, UTC, derived from incident_date
    protocol_slug       VARCHAR(120) NOT NULL REFERENCES protocols (slug),
    protocol_name       VARCHAR(200) NOT NULL,
    title               VARCHAR(500) NOT NULL,
    loss_usd            NUMERIC(24, 2),           -- null = unknown, never guessed
    loss_raw            VARCHAR(2000),            -- the loss text as the source wrote it
    loss_basis          VARCHAR(120),             -- how loss_usd was read (stated_usd, stablecoin_par, ...)
    vector              VARCHAR(20)  NOT NULL,    -- infrastructure | smart_contract | other
    vector_rule         VARCHAR(200) NOT NULL,    -- the rule (or override) that set vector
    technique           VARCHAR(2000),
    attribution         VARCHAR(300),
    attribution_source  VARCHAR(2000),
    funds_returned_usd  NUMERIC(24, 2),
    verified            BOOLEAN      NOT NULL,    -- human-reviewed in at least one source dataset
    origin              VARCHAR(20)  NOT NULL,    -- shipped | import
    content_hash        VARCHAR(64)  NOT NULL     -- detects re-imports of the same row
);
CREATE INDEX incidents_semester ON incidents (semester, loss_usd);
CREATE INDEX incidents_date ON incidents (incident_date);
CREATE INDEX incidents_protocol ON incidents (protocol_slug);
CREATE INDEX incidents_vector ON incidents (vector);

CREATE TABLE incident_chains (
    incident_id VARCHAR(160) NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    chain       VARCHAR(40)  NOT NULL,
    PRIMARY KEY (incident_id, chain)
);
CREATE INDEX incident_chains_chain ON incident_chains (chain);

-- One row per dataset record that was merged into the incident.
CREATE TABLE incident_sources (
    incident_id  VARCHAR(160)  NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    seq          INT           NOT NULL,
    dataset      VARCHAR(60)   NOT NULL,          -- defihacklabs | chronicle | sok | seed | import
    dataset_ref  VARCHAR(400)  NOT NULL,          -- repo:path@commit, or file name
    source_date  DATE          NOT NULL,
    source_name  VARCHAR(300)  NOT NULL,
    loss_stated  VARCHAR(2000),
    verified     BOOLEAN       NOT NULL,
    urls         VARCHAR(20000),                  -- space-separated
    PRIMARY KEY (incident_id, seq)
);

CREATE TABLE incident_contracts (
    incident_id VARCHAR(160) NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    chain       VARCHAR(40)  NOT NULL,
    address     VARCHAR(42)  NOT NULL,            -- lowercase 0x...
    role        VARCHAR(20)  NOT NULL,            -- victim | vulnerable | attacker
    source      VARCHAR(400) NOT NULL,
    PRIMARY KEY (incident_id, chain, address, role)
);
CREATE INDEX incident_contracts_address ON incident_contracts (chain, address);

CREATE TABLE published_figures (
    report  VARCHAR(200)   NOT NULL,
    period  VARCHAR(20)    NOT NULL,
    metric  VARCHAR(80)    NOT NULL,
    figure_value NUMERIC(24, 4) NOT NULL,
    unit    VARCHAR(20)    NOT NULL,             -- usd | count | percent
    approx  BOOLEAN        NOT NULL,
    label   VARCHAR(300)   NOT NULL,
    source  VARCHAR(1000)  NOT NULL,
    PRIMARY KEY (report, period, metric)
);

-- Checksums of the shipped data files last loaded: a restart with unchanged files loads nothing.
CREATE TABLE data_versions (
    name      VARCHAR(100) PRIMARY KEY,
    checksum  VARCHAR(64)  NOT NULL,
    loaded_at TIMESTAMP    NOT NULL,
    row_count INT          NOT NULL
);
