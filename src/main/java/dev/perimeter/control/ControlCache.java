package dev.perimeter.control;

import dev.perimeter.chain.ControlReading;
import dev.perimeter.util.ChainAddress;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Control readings per (chain, contract), each with the block it was read at, reused for {@code PERIMETER_CONTROL_TTL}
 * (who controls a contract rarely changes): a warm scan or page adds no control reads. Only readings that were read are
 * kept; "not read" is tried again next time. At most {@code maxEntries}, the least recently used dropped beyond. Time
 * comes from the injected clock. Thread-safe.
 */
public final class ControlCache implements dev.perimeter.chain.ControlLookup {
    private record Entry(ControlReading reading, Instant readAt) {}

    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;
    private final Map<ChainAddress, Entry> entries;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public ControlCache(Clock clock, Duration ttl, int maxEntries) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ChainAddress, Entry> eldest) {
                return size() > ControlCache.this.maxEntries;
            }
        };
    }

    private static ChainAddress key(String chain, String contract) {
        return new ChainAddress(chain, contract);
    }

    /** The reading when one younger than the TTL is kept (counted as a hit; a miss otherwise). */
    @Override
    public Optional<ControlReading> get(String chain, String contract) {
        Entry e;
        synchronized (entries) {
            e = entries.get(key(chain, contract));
            if (e != null && !clock.instant().isBefore(e.readAt().plus(ttl))) {
                entries.remove(key(chain, contract));
                e = null;
            }
        }
        (e == null ? misses : hits).incrementAndGet();
        return e == null ? Optional.empty() : Optional.of(e.reading());
    }

    /** Whether a reading younger than the TTL is kept (no hit or miss is counted). */
    public boolean contains(String chain, String contract) {
        synchronized (entries) {
            Entry e = entries.get(key(chain, contract));
            return e != null && clock.instant().isBefore(e.readAt().plus(ttl));
        }
    }

    /** Keeps a reading that was read (a "not read" is never kept). */
    public void put(ControlReading r) {
        if (!r.read()) return;
        synchronized (entries) {
            entries.put(key(r.chain(), r.contract()), new Entry(r, clock.instant()));
        }
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    public Duration ttl() {
        return ttl;
    }
}
