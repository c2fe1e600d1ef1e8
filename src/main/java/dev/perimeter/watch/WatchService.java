package dev.perimeter.watch;

import dev.perimeter.exposure.ExposureReport;
import dev.perimeter.exposure.ExposureService;
import dev.perimeter.wallet.ChainScan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Watches: created with an unguessable id, rescanned after every data change and every interval through the exposure
 * service's watch slots, each rescan compared with the last ({@link WatchDiff}) and the changes stored (and handed to the
 * webhook). Logs never carry a watch id or a wallet address above debug level.
 */
public final class WatchService {
    private static final Logger log = LoggerFactory.getLogger(WatchService.class);
    /** Changes kept on a watch's page and feed at most (the newest). */
    public static final int FEED_ENTRIES = 200;

    /**
     * @param maxWatches watches this instance (or the instances sharing its database) keeps at most
     * @param interval   how often a watch is rescanned when nothing else triggers it
     * @param lease      how long a claimed watch is reserved for the instance rescanning it (then another may take it)
     * @param pollEvery  how often the background loop looks for due watches (it is also woken by a data change)
     * @param ttl        a watch not read (page, feed or API answer) for this long is deleted (PERIMETER_WATCH_TTL)
     */
    public record Settings(int maxWatches, Duration interval, Duration lease, Duration pollEvery, int maxPendingDeliveries, Duration ttl) {
        public Settings(int maxWatches, Duration interval, Duration lease, Duration pollEvery, int maxPendingDeliveries) {
            this(maxWatches, interval, lease, pollEvery, maxPendingDeliveries, Duration.ofDays(90));
        }
    }

    /** Reads are recorded at most this often per watch (a feed reader polling every minute writes once an hour). */
    static final Duration READ_GRANULARITY = Duration.ofHours(1);

    /** Too many watches exist: the caller answers 429, Retry-After when the longest-unread watch expires. */
    public static final class LimitReached extends dev.perimeter.util.LimitReached {
        public LimitReached(int max, Duration retryAfter) {
            super("This instance keeps at most " + max + " watches; delete one or ask the operator to raise PERIMETER_MAX_WATCHES.", retryAfter);
        }
    }

    /**
     * What a watch page shows. expiresAt: when the watch is deleted unless its page, feed or API answer is read before.
     */
    public record View(WatchStore.Watch watch, List<WatchStore.ChainState> chains, List<WatchedFinding> findings,
                       List<WatchStore.ChangeEntry> changes, Instant expiresAt) {}

    /** What one round of rescans did. */
    public record Round(int rescanned, int changes, int failedChains) {
        static final Round NONE = new Round(0, 0, 0);

        Round plus(Round o) {
            return new Round(rescanned + o.rescanned, changes + o.changes, failedChains + o.failedChains);
        }
    }

    private final WatchStore store;
    private final ExposureService exposure;
    private final Webhook webhook; // null: no webhook configured
    private final Settings settings;
    private final Clock clock;
    private final String instance;
    private final ExecutorService workers;
    private final int parallel;
    private final Runnable beforeRound;
    private final SecureRandom random = new SecureRandom();
    private final LoopSignal signal = new LoopSignal();

    /**
     * @param workers     runs rescans, parallel at a time (the exposure service bounds them again by its watch slots)
     * @param beforeRound run before each round (e.g. rebuild the snapshot when another instance changed the data)
     */
    public WatchService(WatchStore store, ExposureService exposure, Webhook webhook, Settings settings, Clock clock,
                        ExecutorService workers, int parallel, Runnable beforeRound) {
        this.store = store;
        this.exposure = exposure;
        this.webhook = webhook;
        this.settings = settings;
        this.clock = clock;
        this.workers = workers;
        this.parallel = Math.max(1, parallel);
        this.beforeRound = beforeRound;
        byte[] b = new byte[8];
        random.nextBytes(b);
        this.instance = "instance-" + HexFormat.of().formatHex(b);
    }

    /** A new id: 128 random bits, 32 hex digits. */
    String newId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Is this the shape of a watch id? (Anything else is unknown without asking the database.) */
    public static boolean plausibleId(String id) {
        return id != null && id.matches("[0-9a-f]{32}");
    }

    /** Creates a watch (address validated and lowercase, chains validated); its first scan runs in the background. */
    public WatchStore.Watch create(String address, String ens, List<String> chains, String label) {
        Instant now = clock.instant();
        WatchStore.Watch w = new WatchStore.Watch(newId(), address, ens, List.copyOf(chains), label, now, null, now);
        if (!store.insert(w, settings.maxWatches())) {
            // Room comes back at the latest when the longest-unread watch expires (sooner if one is deleted).
            Instant frees = store.oldestRead().map(t -> t.plus(settings.ttl())).orElse(now);
            throw new LimitReached(settings.maxWatches(), Duration.between(now, frees));
        }
        log.info("a watch was created ({} chain(s))", chains.size());
        wake();
        return w;
    }

    /**
     * The watch, as its page, feed and API answer show it. Reading it keeps it: the read is recorded (at most once an hour),
     * and the watch expires PERIMETER_WATCH_TTL after its last read.
     */
    public Optional<View> view(String id) {
        if (!plausibleId(id)) return Optional.empty();
        Instant now = clock.instant();
        store.touchRead(id, now, now.minus(READ_GRANULARITY));
        return store.find(id).map(w -> new View(w, store.chainStates(id), List.copyOf(store.findings(id).values()),
                store.changes(id, FEED_ENTRIES), w.lastReadAt().plus(settings.ttl())));
    }

    /** How long an unread watch is kept. */
    public Duration ttl() {
        return settings.ttl();
    }

    /**
     * Deletes the watches not read for PERIMETER_WATCH_TTL, one id at a time, each on the same condition checked again
     * (a read just before keeps it). Returns how many it deleted.
     */
    public int expire() {
        Instant cutoff = clock.instant().minus(settings.ttl());
        int deleted = 0;
        for (List<String> ids; !(ids = store.unreadSince(cutoff, 500)).isEmpty(); ) {
            int before = deleted;
            for (String id : ids) if (store.delete(id, cutoff)) deleted++;
            if (deleted == before) break; // every candidate was read meanwhile
        }
        if (deleted > 0) log.info("{} watch(es) not read for {} days were deleted", deleted, settings.ttl().toDays());
        return deleted;
    }

    public boolean delete(String id) {
        if (!plausibleId(id)) return false;
        boolean d = store.delete(id);
        if (d) log.info("a watch was deleted");
        return d;
    }

    public int count() {
        return store.count();
    }

    /** The data changed: every watch is due now. */
    public void dataChanged() {
        int n = store.markAllDue(clock.instant());
        if (n > 0) log.info("data changed: {} watch(es) due for a rescan", n);
        wake();
    }

    public void wake() {
        signal.wake();
    }

    /**
     * Rescans every due watch this instance can claim, parallel at a time, until none is left; returns what it did. Safe
     * to call from several threads and instances: each watch is claimed by one.
     */
    public Round rescanDue() {
        if (beforeRound != null) beforeRound.run();
        expire();
        Round done = Round.NONE;
        while (!signal.stopped()) {
            Instant now = clock.instant();
            List<WatchStore.Watch> batch = store.claimDue(instance, now, now.plus(settings.lease()), parallel * 4);
            if (batch.isEmpty()) break;
            List<Future<Round>> running = new ArrayList<>();
            for (WatchStore.Watch w : batch) running.add(workers.submit(() -> rescan(w)));
            for (Future<Round> f : running) {
                try {
                    done = done.plus(f.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return done;
                } catch (java.util.concurrent.ExecutionException e) {
                    log.warn("a watch rescan failed: {}", e.getCause().getClass().getName());
                    log.debug("a watch rescan failed", e.getCause());
                }
            }
        }
        if (done.rescanned() > 0) {
            log.info("rescanned {} watch(es): {} change(s), {} failed chain scan(s)", done.rescanned(), done.changes(), done.failedChains());
        }
        return done;
    }

    /** One watch: scan, compare, store. Returns it as a round of one (or {@link Round#NONE} when it could not run). */
    Round rescan(WatchStore.Watch w) {
        ExposureReport r;
        try {
            r = exposure.scanForWatch(w.address(), w.ens(), w.chains());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            store.release(w.id(), instance, clock.instant());
            return Round.NONE;
        } catch (RuntimeException e) {
            log.warn("a watch could not be rescanned: {}", e.getClass().getName());
            log.debug("watch {} could not be rescanned", w.id(), e);
            store.release(w.id(), instance, clock.instant().plus(Duration.ofMinutes(5)));
            return Round.NONE;
        }
        List<WatchDiff.ChainResult> chains = new ArrayList<>();
        int failed = 0;
        for (ChainScan c : r.scans().get(0).chains()) {
            chains.add(new WatchDiff.ChainResult(c.chain(), c.status(), c.block()));
            if (c.status() == dev.perimeter.wallet.ChainStatus.FAILED) failed++;
        }
        List<WatchedFinding> current = r.findings().stream().map(WatchedFinding::of).toList();
        WatchDiff.Outcome outcome = WatchDiff.compare(store.findings(w.id()), store.baselined(w.id()), chains, current);
        Instant now = clock.instant();
        Function<WatchStore.ChangeEntry, String> body = webhook == null ? null : e -> webhook.body(w, e);
        List<WatchStore.ChangeEntry> stored = store.record(w.id(), instance, now, now.plus(settings.interval()), chains, outcome, body,
                settings.maxPendingDeliveries());
        if (!stored.isEmpty() && webhook != null) webhook.wake();
        return new Round(1, stored.size(), failed);
    }

    /** The background loop: a round whenever woken (a new watch, a data change) and at least every pollEvery. */
    public void runLoop() {
        while (!signal.stopped() && !Thread.currentThread().isInterrupted()) {
            try {
                rescanDue();
            } catch (RuntimeException e) {
                log.warn("watch rescans failed: {}", e.getClass().getName());
                log.debug("watch rescans failed", e);
            }
            if (!signal.await(settings.pollEvery().toMillis())) return;
        }
    }

    public void stop() {
        signal.stop();
    }
}
