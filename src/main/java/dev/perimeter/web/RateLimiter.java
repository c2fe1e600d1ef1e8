package dev.perimeter.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per client key: {@code capacity} requests per {@code period}, refilled continuously. Memory is bounded:
 * buckets live in one map ordered by last use, so the least recently used bucket is always first. A bucket unused for a
 * whole period is full again, the same as no bucket: each request drops such buckets from the front of the map and
 * stops at the first one still in use, so every bucket is dropped at most once (O(1) amortised per request, however many
 * clients there are). Past {@code maxKeys} buckets still in use, the least recently used one is dropped (that client
 * starts again with a full bucket; only a flood of more than maxKeys clients within one period can cause that).
 */
public final class RateLimiter {
    static final int MAX_KEYS = 100_000;
    private final double perMillis;
    private final double capacity;
    private final long periodMillis;
    private final int maxKeys;
    private final Clock clock;
    /** Access-ordered: the first entry is the bucket used longest ago. Guarded by itself. */
    private final LinkedHashMap<String, Bucket> buckets = new LinkedHashMap<>(1024, 0.75f, true);
    /** Buckets looked at while dropping idle ones (for tests: the work per request stays constant). */
    private long examined;

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }

    /** perMinute requests per minute per key. */
    public RateLimiter(int perMinute, Clock clock) {
        this(perMinute, Duration.ofMinutes(1), clock);
    }

    /** capacity requests per period per key (a burst of capacity, then one every period / capacity). */
    public RateLimiter(int capacity, Duration period, Clock clock) {
        this(capacity, period, clock, MAX_KEYS);
    }

    RateLimiter(int capacity, Duration period, Clock clock, int maxKeys) {
        if (capacity < 1 || period.isNegative() || period.isZero() || maxKeys < 1) throw new IllegalArgumentException("bad rate limit");
        this.capacity = capacity;
        this.periodMillis = period.toMillis();
        this.perMillis = capacity / (double) periodMillis;
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    /** 0 when allowed (and one token taken), else the seconds to wait before the next request is allowed. */
    public long acquire(String key) {
        long now = clock.millis();
        synchronized (buckets) {
            evict(now);
            Bucket b = buckets.get(key); // moves it to the end: most recently used
            if (b == null) {
                b = new Bucket(capacity, now);
                buckets.put(key, b);
                if (buckets.size() > maxKeys) {
                    Iterator<Bucket> oldest = buckets.values().iterator();
                    oldest.next();
                    oldest.remove();
                    examined++;
                }
            }
            b.tokens = Math.min(capacity, b.tokens + Math.max(0, now - b.updated) * perMillis);
            b.updated = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / perMillis / 1000.0));
        }
    }

    /** Drops the buckets unused for a whole period (full again) from the front; stops at the first one still in use. */
    private void evict(long now) {
        Iterator<Map.Entry<String, Bucket>> it = buckets.entrySet().iterator();
        while (it.hasNext()) {
            Bucket b = it.next().getValue();
            examined++;
            if (now - b.updated < periodMillis) return;
            it.remove();
        }
    }

    /** Buckets held now. */
    int size() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    /** Buckets looked at by eviction so far. */
    long examined() {
        synchronized (buckets) {
            return examined;
        }
    }
}
