package dev.perimeter.web;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A token bucket per client key: `perMinute` requests per minute, refilled continuously. Memory bounded by pruning. */
public final class RateLimiter {
    private static final int MAX_KEYS = 100_000;
    private final double perMillis;
    private final double capacity;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }

    public RateLimiter(int perMinute, Clock clock) {
        this.capacity = perMinute;
        this.perMillis = perMinute / 60_000.0;
        this.clock = clock;
    }

    /** 0 when allowed (and one token taken), else the seconds to wait before the next request is allowed. */
    public long acquire(String key) {
        long now = clock.millis();
        if (buckets.size() > MAX_KEYS) buckets.entrySet().removeIf(e -> now - e.getValue().updated > 60_000);
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        synchronized (b) {
            b.tokens = Math.min(capacity, b.tokens + (now - b.updated) * perMillis);
            b.updated = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / perMillis / 1000.0));
        }
    }
}
