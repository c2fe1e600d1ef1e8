-- Issue 19: daily USD closes update-data fetched from the configured price feed (PERIMETER_FEED_PRICES_URL) for the dates
-- token-stated incident losses need and data/prices/daily-usd.csv lacks. A shipped row always wins over a stored one; a
-- stored row is never replaced (the first close read for a date stays), and the incidents are rebuilt with them.
CREATE TABLE price_records (
    asset       VARCHAR(20)     NOT NULL,        -- the price series (ETH, BNB, …) as data/prices/assets.csv names it
    price_date  DATE            NOT NULL,        -- the UTC day whose close this is
    close_usd   NUMERIC(38, 18) NOT NULL,
    source      VARCHAR(1000)   NOT NULL,        -- the URL it was read from
    fetched_at  TIMESTAMP       NOT NULL,
    PRIMARY KEY (asset, price_date)
);
