package dev.perimeter.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A short-lived cache of rendered responses for pages and JSON that depend only on the URL and the shared data (not on
 * the client): incidents, statistics, protocols, infrastructure. Entries live a few seconds, so data changes (imports,
 * another instance's sync) show up quickly; memory is bounded by total bytes.
 */
public final class PageCache {
    private record Entry(String body, String contentType, long expires, int bytes) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final long ttlMillis;
    private final long maxBytes;
    private final Clock clock;
    private final java.util.function.LongSupplier version;

    /** @param version changes when the data changes in this process (entries of an older version are never served) */
    public PageCache(long ttlMillis, long maxBytes, Clock clock, java.util.function.LongSupplier version) {
        this.version = version;
        this.ttlMillis = ttlMillis;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /** Wraps a GET handler: a fresh cached body is served as is; a 200 answer is stored. */
    public Handler wrap(Handler h) {
        return ctx -> {
            String q = ctx.queryString();
            String key = version.getAsLong() + "|" + ctx.path() + (q == null ? "" : "?" + q);
            if (key.length() > 1024) {
                h.handle(ctx);
                return;
            }
            if (serve(ctx, key)) return;
            h.handle(ctx);
            store(ctx, key, ttlMillis);
        };
    }

    /** Serves a cached body for this key if fresh. */
    public boolean serve(Context ctx, String key) {
        Entry e = entries.get(key);
        if (e == null) return false;
        if (e.expires() <= clock.millis()) {
            if (entries.remove(key, e)) bytes.addAndGet(-e.bytes());
            return false;
        }
        if (e.contentType() != null) ctx.contentType(e.contentType());
        ctx.result(e.body());
        return true;
    }

    /** Stores the response just produced (only a 200 with a body). */
    public void store(Context ctx, String key, long ttl) {
        if (ctx.statusCode() != 200) return;
        String body = ctx.result();
        if (body == null) return;
        int size = body.length() * 2 + key.length() * 2 + 64;
        if (size > maxBytes / 8) return;
        long now = clock.millis();
        if (bytes.get() + size > maxBytes) {
            entries.entrySet().removeIf(x -> {
                boolean stale = x.getValue().expires() <= now;
                if (stale) bytes.addAndGet(-x.getValue().bytes());
                return stale;
            });
            if (bytes.get() + size > maxBytes) return;
        }
        Entry prev = entries.put(key, new Entry(body, ctx.res().getContentType(), now + ttl, size));
        bytes.addAndGet(size - (prev == null ? 0 : prev.bytes()));
    }

    long bytes() {
        return bytes.get();
    }

    static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
