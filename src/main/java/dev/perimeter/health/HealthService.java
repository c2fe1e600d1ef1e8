package dev.perimeter.health;

import dev.perimeter.chain.Deadline;
import dev.perimeter.chain.EvmChainReader;
import dev.perimeter.chain.RpcException;
import dev.perimeter.db.Database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** For operators: is the database reachable, and does each chain's RPC answer (probed in parallel, cached briefly). */
public final class HealthService {
    public record ChainHealth(String chain, String status, Long block, String error) {}

    /**
     * A data feed (update-data): its last success, last attempt and last change of data, and the kind of its last error
     * (null after a success: unreachable, timeout, http_status, too_large, truncated, invalid, apply) with Perimeter's
     * sentence for it.
     */
    public record FeedHealth(String feed, Instant lastSuccess, Instant lastAttempt, Instant lastChanged, String errorKind, String error) {}

    public record Health(String status, boolean database, List<ChainHealth> chains, List<FeedHealth> feeds, Instant checkedAt) {}

    /** A chain's probe budget, in real elapsed time like every RPC budget. */
    private static final Duration PROBE_BUDGET = Duration.ofSeconds(3);

    private final Database db;
    /** A chain's head as its endpoint answers it (an EVM block number, a Solana slot) within the deadline. */
    @FunctionalInterface
    public interface Probe {
        long head(Deadline deadline);
    }

    private final Map<String, Probe> readers;
    private final ExecutorService pool;
    private final Clock clock;
    private final Duration cacheFor;
    private volatile Health last;
    /** The probe under way, if any: at most one at a time. */
    private final java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<Health>> inFlight =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicLong probes = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.function.Supplier<List<FeedHealth>> feeds;

    /** @param cacheFor how long a probe of the RPC endpoints is reused */
    public HealthService(Database db, Map<String, EvmChainReader> readers, ExecutorService pool, Clock clock, Duration cacheFor) {
        this(db, readers, pool, clock, cacheFor, List::of);
    }

    /** @param feeds the state of each data feed (read from the database on every check: it is one small table) */
    public HealthService(Database db, Map<String, EvmChainReader> readers, ExecutorService pool, Clock clock, Duration cacheFor,
                         java.util.function.Supplier<List<FeedHealth>> feeds) {
        this(db, evm(readers), pool, clock, cacheFor, feeds, true);
    }

    /**
     * Probes chains of any family: each chain's probe by name, in the order given (the EVM readers' head(), Solana's
     * getSlot).
     */
    public static HealthService of(Database db, Map<String, Probe> probes, ExecutorService pool, Clock clock, Duration cacheFor,
                                   java.util.function.Supplier<List<FeedHealth>> feeds) {
        return new HealthService(db, probes, pool, clock, cacheFor, feeds, true);
    }

    public static Map<String, Probe> evm(Map<String, EvmChainReader> readers) {
        Map<String, Probe> out = new java.util.LinkedHashMap<>();
        readers.forEach((chain, r) -> out.put(chain, r::head));
        return out;
    }

    private HealthService(Database db, Map<String, Probe> probes, ExecutorService pool, Clock clock, Duration cacheFor,
                          java.util.function.Supplier<List<FeedHealth>> feeds, boolean ordered) {
        this.feeds = feeds;
        this.cacheFor = cacheFor;
        this.db = db;
        this.readers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(probes)); // keeps the configured chain order
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * The last probe while it is fresh; else one caller probes every RPC endpoint while callers arriving meanwhile get the
     * last answer at once (single-flight: concurrent requests never multiply the probes). Only before any probe finished
     * do they wait for the one under way. The database ping and the feeds are read on every call (one small query each).
     */
    public Health check() {
        Health h = last;
        Instant now = Instant.now(clock);
        boolean dbOk = db.ping();
        if (h != null && h.checkedAt().plus(cacheFor).isAfter(now)) return withDatabase(h, dbOk);
        java.util.concurrent.CompletableFuture<Health> mine = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Health> running = inFlight.compareAndExchange(null, mine);
        if (running != null) {
            if (h != null) return withDatabase(h, dbOk);
            try {
                return withDatabase(running.join(), dbOk);
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                return new Health(dbOk ? "degraded" : "down", dbOk, List.of(), feeds(dbOk), now); // that probe failed: no chain known
            }
        }
        try {
            Health latest = last; // a probe may have finished between the first look and taking the turn
            if (latest != null && latest.checkedAt().plus(cacheFor).isAfter(now)) {
                mine.complete(latest);
                return withDatabase(latest, dbOk);
            }
            List<ChainHealth> chains = probe();
            Health fresh = new Health(overall(dbOk, chains), dbOk, chains, feeds(dbOk), now);
            last = fresh;
            probes.incrementAndGet();
            mine.complete(fresh);
            return fresh;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.set(null);
        }
    }

    /** Probes run so far (each probes every chain once). */
    long probes() {
        return probes.get();
    }

    private Health withDatabase(Health h, boolean dbOk) {
        return new Health(overall(dbOk, h.chains()), dbOk, h.chains(), feeds(dbOk), h.checkedAt());
    }

    /** Each chain's head, in parallel, each within its probe budget. */
    private List<ChainHealth> probe() {
        List<Future<ChainHealth>> fs = new ArrayList<>();
        for (Map.Entry<String, Probe> r : readers.entrySet()) {
            fs.add(pool.submit(() -> {
                try {
                    return new ChainHealth(r.getKey(), "ok", r.getValue().head(Deadline.in(PROBE_BUDGET)), null);
                } catch (RpcException e) {
                    // Perimeter's sentence for the kind only: provider text can echo URLs with API keys.
                    return new ChainHealth(r.getKey(), "failed", null, e.publicMessage());
                }
            }));
        }
        List<ChainHealth> chains = new ArrayList<>();
        int i = 0;
        for (String chain : readers.keySet()) {
            try {
                chains.add(fs.get(i).get(4, TimeUnit.SECONDS));
            } catch (java.util.concurrent.TimeoutException e) {
                fs.get(i).cancel(true);
                chains.add(new ChainHealth(chain, "failed", null, "no answer in time"));
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                fs.get(i).cancel(true);
                chains.add(new ChainHealth(chain, "failed", null, "internal error while probing this chain"));
            }
            i++;
        }
        return List.copyOf(chains);
    }

    private List<FeedHealth> feeds(boolean dbOk) {
        if (!dbOk) return List.of();
        try {
            return feeds.get();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static String overall(boolean dbOk, List<ChainHealth> chains) {
        if (!dbOk) return "down";
        return chains.stream().allMatch(c -> c.status().equals("ok")) ? "ok" : "degraded";
    }
}
