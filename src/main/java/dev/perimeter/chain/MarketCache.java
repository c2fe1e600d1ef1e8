package dev.perimeter.chain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lending markets' configuration (which assets a market accepts as collateral, and at which liquidation threshold),
 * kept per (market, block window): a scan at a block less than {@link #window} blocks after the block a market was read
 * at reuses it, so a warm scan adds no market reads. A market's configuration changes only by governance, rarely; a
 * scan at an older block than the reading, or a full window later, reads it again. One cache per chain reader (one
 * chain); at most {@code maxEntries} markets, the least recently used dropped beyond. Thread-safe.
 */
final class MarketCache {
    /** Blocks a reading is reused for by default: 1,000 (about 3 h 20 min of Ethereum's 12-second slots, less on faster chains). */
    static final long DEFAULT_WINDOW = 1_000;

    /**
     * One reserve (Aave V3) or collateral asset (Compound v3) of a market.
     * @param receipt                the reserve's aToken (Aave V3; getReserveData's aTokenAddress), null for a Comet
     * @param liquidationThresholdBps liquidation threshold in basis points (Aave: bits 16–31 of the configuration; Comet:
     *                                liquidateCollateralFactor scaled to 10,000); 0: not accepted as collateral
     */
    record Reserve(String asset, String receipt, int ltvBps, int liquidationThresholdBps, boolean active, boolean frozen, boolean paused) {
        boolean collateral() {
            return liquidationThresholdBps > 0;
        }
    }

    /**
     * A market as read at {@code block}.
     * @param base the Comet's base token (null for an Aave V3 pool)
     * @param call what was read, for the evidence ("getReservesList(), getConfiguration(asset)")
     */
    record Config(String market, String kind, String base, List<Reserve> reserves, String call, long block) {
        Config {
            reserves = List.copyOf(reserves);
        }

        Optional<Reserve> byReceipt(String token) {
            return reserves.stream().filter(r -> token.equals(r.receipt())).findFirst();
        }
    }

    private final long window;
    private final int maxEntries;
    private final Map<String, Config> entries;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong read = new AtomicLong();

    MarketCache(long window, int maxEntries) {
        this.window = window;
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Config> eldest) {
                return size() > MarketCache.this.maxEntries;
            }
        };
    }

    MarketCache() {
        this(DEFAULT_WINDOW, 512);
    }

    /** The market's configuration when one read within the window before {@code block} is kept (a hit; else a miss). */
    Optional<Config> get(String market, long block) {
        Config c;
        synchronized (entries) {
            c = entries.get(market);
            if (c != null && (block < c.block() || block - c.block() >= window)) c = null;
        }
        (c == null ? misses : hits).incrementAndGet();
        return Optional.ofNullable(c);
    }

    /** The market's configuration when kept within the window, without counting a hit or miss. */
    Optional<Config> peek(String market, long block) {
        synchronized (entries) {
            Config c = entries.get(market);
            return c != null && block >= c.block() && block - c.block() < window ? Optional.of(c) : Optional.empty();
        }
    }

    /** Counts a look-up the cache answered (a held deposit's market found kept). */
    void hit() {
        hits.incrementAndGet();
    }

    /** Counts a market that had to be read for a held deposit. */
    void miss() {
        misses.incrementAndGet();
    }

    /** Whether a reading within the window is kept (no hit or miss counted). */
    boolean has(String market, long block) {
        synchronized (entries) {
            Config c = entries.get(market);
            return c != null && block >= c.block() && block - c.block() < window;
        }
    }

    /** Keeps a market read at its block. */
    void put(Config c) {
        read.incrementAndGet();
        synchronized (entries) {
            entries.put(c.market(), c);
        }
    }

    long hits() {
        return hits.get();
    }

    long misses() {
        return misses.get();
    }

    /** Markets read on-chain (each reading counted once). */
    long marketsRead() {
        return read.get();
    }
}
