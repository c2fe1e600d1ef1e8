package dev.perimeter.exposure;

import dev.perimeter.position.Holding;
import dev.perimeter.stats.IncidentContext;
import dev.perimeter.util.ChainAddress;
import dev.perimeter.wallet.ChainScan;
import dev.perimeter.wallet.ChainStatus;
import dev.perimeter.wallet.WalletScan;
import dev.perimeter.wallet.WalletScanner;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Scan (cached briefly) → match against the current {@link ExposureSnapshot} → report. Wallet addresses live only in the
 * in-memory scan cache, never in storage or logs. Dismissals belong to a viewer (an opaque id), never to a wallet.
 */
public final class ExposureService {
    public static final int MAX_WALLETS = 20;

    /** Tunables (from AppConfig). */
    public record Settings(Duration scanCacheTtl, int maxCachedScans, int maxConcurrentScans, Duration scanSlotWait,
                           Duration dismissalRefresh, int watchScanSlots) {
        public Settings(Duration scanCacheTtl, int maxCachedScans, int maxConcurrentScans, Duration scanSlotWait, Duration dismissalRefresh) {
            this(scanCacheTtl, maxCachedScans, maxConcurrentScans, scanSlotWait, dismissalRefresh, Math.max(1, maxConcurrentScans / 2));
        }
    }

    private final WalletScanner scanner;
    private final DismissalStore dismissals;
    private final Settings settings;
    private final Clock clock;
    private volatile ExposureSnapshot snapshot;
    private final Map<ScanKey, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Dismissed> dismissedByViewer = new ConcurrentHashMap<>();
    private final Semaphore scanSlots;
    /** Watch rescans hold one of these and one scan slot: they never take more than this many of the scan slots. */
    private final Semaphore watchSlots;

    /** Too many scans are running: the caller should answer 503 and ask the client to retry. */
    public static final class BusyException extends RuntimeException {
        public BusyException() {
            super("This instance is busy scanning other wallets; try again in a few seconds.");
        }
    }

    private record Cached(WalletScan scan, Instant expires) {}

    /** A cached scan's key: the wallet and the chains it was scanned on, in order. */
    private record ScanKey(String address, List<String> chains) {
        ScanKey {
            chains = List.copyOf(chains);
        }
    }

    private record Dismissed(Set<String> keys, long loadedAt) {}

    public ExposureService(WalletScanner scanner, DismissalStore dismissals, ExposureSnapshot initial, Settings settings, Clock clock) {
        this.scanner = scanner;
        this.dismissals = dismissals;
        this.snapshot = initial;
        this.settings = settings;
        this.clock = clock;
        this.scanSlots = new Semaphore(settings.maxConcurrentScans(), true);
        this.watchSlots = new Semaphore(Math.max(1, Math.min(settings.watchScanSlots(), settings.maxConcurrentScans())), true);
    }

    /** Held while a snapshot is built: one rebuild at a time. */
    private final Object rebuilding = new Object();
    /** The data version the current snapshot was built from (guarded by rebuilding). */
    private String builtFrom;
    private final java.util.concurrent.atomic.AtomicLong rebuilds = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Builds a snapshot of the data at dataVersion and uses it, unless the current snapshot was built from that version:
     * one rebuild per data version, however many threads notice the change at once. A caller that finds a rebuild under
     * way waits for it, then finds its version built. Returns whether this call rebuilt.
     */
    public boolean rebuild(String dataVersion, java.util.function.Supplier<ExposureSnapshot> build) {
        synchronized (rebuilding) {
            if (dataVersion != null && dataVersion.equals(builtFrom)) return false;
            use(build.get());
            builtFrom = dataVersion;
            rebuilds.incrementAndGet();
            return true;
        }
    }

    /** Snapshots built through {@link #rebuild} so far. */
    public long rebuilds() {
        return rebuilds.get();
    }

    /** Switches to a snapshot of new data; cached scans are dropped (they checked allowances against the old one). */
    public void use(ExposureSnapshot next) {
        snapshot = next;
        cache.clear();
    }

    public ExposureSnapshot snapshot() {
        return snapshot;
    }

    public List<String> chains() {
        return scanner.chains();
    }

    public Optional<String> resolveEns(String name) {
        return scanner.resolveEns(name);
    }

    /** The cached scan of a wallet for these chains, while it is fresh. */
    public Optional<WalletScan> cachedScan(String address, List<String> chains) {
        Cached c = cache.get(cacheKey(address, chains));
        return c != null && c.expires().isAfter(Instant.now(clock)) ? Optional.of(c.scan()) : Optional.empty();
    }

    /**
     * One or several wallets (already validated, lowercase), matched together for one viewer (null: nobody's dismissals).
     * Wallets not in the cache are scanned concurrently, holding one scan slot each (at most all of them).
     */
    public ExposureReport report(List<String> addresses, Map<String, String> ensNames, List<String> chains, String viewer) {
        ExposureSnapshot snap = snapshot;
        Map<String, WalletScan> byAddress = new LinkedHashMap<>();
        List<String> toScan = new ArrayList<>();
        for (String a : addresses) {
            Optional<WalletScan> hit = cachedScan(a, chains);
            if (hit.isPresent()) byAddress.put(a, hit.get());
            else toScan.add(a);
        }
        if (!toScan.isEmpty()) {
            int slots = Math.min(toScan.size(), settings.maxConcurrentScans());
            acquire(slots);
            try {
                List<WalletScanner.Target> targets = toScan.stream().map(a -> new WalletScanner.Target(a, ensNames.get(a))).toList();
                for (WalletScan s : scanner.scanAll(targets, chains, true, snap::exploitedContracts, null)) {
                    byAddress.put(s.address(), s);
                    remember(s.address(), chains, s, snap);
                }
            } finally {
                scanSlots.release(slots);
            }
        }
        List<WalletScan> scans = new ArrayList<>();
        for (String a : addresses) scans.add(byAddress.get(a));
        return build(scans, toScan.isEmpty(), snap, dismissed(viewer));
    }

    private static ScanKey cacheKey(String address, List<String> chains) {
        return new ScanKey(address, chains);
    }

    /** Keeps a scan for the TTL unless a chain failed (a retry may succeed) or the data changed meanwhile; bounded. */
    private void remember(String address, List<String> chains, WalletScan s, ExposureSnapshot scannedWith) {
        if (settings.scanCacheTtl().isZero() || scannedWith != snapshot) return;
        if (s.chains().stream().anyMatch(ch -> ch.status() == ChainStatus.FAILED)) return;
        Instant now = Instant.now(clock);
        if (cache.size() >= settings.maxCachedScans()) cache.entrySet().removeIf(e -> !e.getValue().expires().isAfter(now));
        if (cache.size() < settings.maxCachedScans()) cache.put(cacheKey(address, chains), new Cached(s, now.plus(settings.scanCacheTtl())));
    }

    private void acquire(int slots) {
        boolean got;
        try {
            got = scanSlots.tryAcquire(slots, settings.scanSlotWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException();
        }
        if (!got) throw new BusyException();
    }

    /**
     * Scans one wallet reporting each chain as it completes (for the progress stream), and caches the result so the page
     * that follows is served from the cache.
     */
    public void scanWithProgress(String address, String ens, List<String> chains, Consumer<ChainScan> progress) {
        Optional<WalletScan> hit = cachedScan(address, chains);
        if (hit.isPresent()) {
            hit.get().chains().forEach(progress);
            return;
        }
        ExposureSnapshot snap = snapshot;
        acquire(1);
        try {
            WalletScan s = scanner.scanAll(List.of(new WalletScanner.Target(address, ens)), chains, true, snap::exploitedContracts, progress)
                    .get(0);
            remember(address, chains, s, snap);
        } finally {
            scanSlots.release();
        }
    }

    /**
     * A watch's rescan: a fresh scan (never from the scan cache, and not put into it: a watch wants the chain as it is now,
     * and its scans would only crowd out the wallets people are looking at) matched against the current snapshot, with no
     * viewer's dismissals. No per-client rate limit applies, but the scan holds one of the few watch slots and then one of
     * the scan slots, queueing fairly behind interactive scans — so watches take at most watchScanSlots of the slots and
     * interactive scans always have the rest. Waits for its slots (a rescan is not in a hurry).
     */
    public ExposureReport scanForWatch(String address, String ens, List<String> chains) throws InterruptedException {
        watchSlots.acquire();
        try {
            scanSlots.acquire();
            try {
                ExposureSnapshot snap = snapshot;
                WalletScan s = scanner.scanAll(List.of(new WalletScanner.Target(address, ens)), chains, true, snap::exploitedContracts, null).get(0);
                return build(List.of(s), false, snap, Set.of());
            } finally {
                scanSlots.release();
            }
        } finally {
            watchSlots.release();
        }
    }

    /** Matches scans against a snapshot for a viewer's dismissals: pure, given its inputs. */
    ExposureReport build(List<WalletScan> scans, boolean cached, ExposureSnapshot d, Set<String> dismissed) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Map<String, Finding> merged = new LinkedHashMap<>();
        for (WalletScan s : scans) {
            for (Finding f : ExposureMatcher.match(s, d, today)) merged.putIfAbsent(f.key(), f.withDismissed(dismissed.contains(f.key())));
        }
        List<Finding> findings = new ArrayList<>(merged.values());
        findings.sort(Comparator.comparing(Finding::dismissed).thenComparing(Finding::severity));
        Map<String, Integer> bySeverity = new LinkedHashMap<>();
        for (Severity s : Severity.values()) bySeverity.put(s.code(), 0);
        int nDismissed = 0;
        for (Finding f : findings) {
            if (f.dismissed()) nDismissed++;
            else bySeverity.merge(f.severity().code(), 1, Integer::sum);
        }
        int holdings = 0, approvals = 0;
        List<String> chains = new ArrayList<>();
        Map<ChainAddress, List<String>> infrastructure = new HashMap<>();
        for (WalletScan s : scans) {
            for (ChainScan c : s.chains()) {
                holdings += c.holdings().size();
                approvals += c.approvals().size();
                if (!chains.contains(c.chain())) chains.add(c.chain());
                for (Holding h : c.holdings()) {
                    List<String> slugs = d.infrastructureOf(h).stream().map(ExposureData.InfraRef::slug).toList();
                    if (!slugs.isEmpty()) infrastructure.put(h.at(), slugs);
                }
            }
        }
        int tokens = chains.stream().mapToInt(d.registry()::size).sum();
        // Value: only holdings priced by an on-chain feed count; exposed = priced holdings named by a live risk finding (an
        // info note — a protocol's history that did not touch the asset, an unlisted token — is no exposure).
        Set<ChainAddress> named = new HashSet<>();
        for (Finding f : findings) {
            if (f.dismissed() || f.severity() == Severity.INFO) continue;
            for (String a : f.evidence().assets()) named.add(new ChainAddress(f.chain(), a));
        }
        BigDecimal totalUsd = null, exposedUsd = null;
        int unpriced = 0;
        for (WalletScan s : scans) {
            for (ChainScan c : s.chains()) {
                for (Holding h : c.holdings()) {
                    if (h.usdValue() == null) {
                        unpriced++;
                        continue;
                    }
                    totalUsd = totalUsd == null ? h.usdValue() : totalUsd.add(h.usdValue());
                    if (named.contains(new ChainAddress(c.chain(), h.token()))) exposedUsd = exposedUsd == null ? h.usdValue() : exposedUsd.add(h.usdValue());
                }
            }
        }
        if (totalUsd != null && exposedUsd == null) exposedUsd = BigDecimal.ZERO.setScale(2);
        ExposureReport.Summary summary = new ExposureReport.Summary(bySeverity, findings.size() - nDismissed, nDismissed, exposedUsd,
                totalUsd, holdings, unpriced, approvals);
        Set<String> ids = new LinkedHashSet<>();
        findings.forEach(f -> ids.addAll(f.incidentIds()));
        Map<String, IncidentContext> contexts = d.contexts(ids);
        return new ExposureReport(List.copyOf(scans), List.copyOf(findings), summary,
                new ExposureReport.Checked(chains, tokens, d.incidentCount(), d.exploitedContractCount()), cached,
                Map.copyOf(infrastructure), Map.copyOf(contexts), d.version(), Grade.of(findings, exposedUsd, totalUsd));
    }

    /** A viewer's dismissed keys, re-read after the refresh interval (another instance may share the database). */
    public Set<String> dismissed(String viewer) {
        if (viewer == null) return Set.of();
        long now = clock.millis();
        Dismissed d = dismissedByViewer.get(viewer);
        if (d == null || now - d.loadedAt() > settings.dismissalRefresh().toMillis()) {
            if (dismissedByViewer.size() > 10_000) dismissedByViewer.clear();
            d = new Dismissed(Set.copyOf(dismissals.keys(viewer)), now);
            dismissedByViewer.put(viewer, d);
        }
        return d.keys();
    }

    public void dismiss(String viewer, String key, String note) {
        dismissals.dismiss(viewer, key, note);
        dismissedByViewer.remove(viewer);
    }

    public boolean restore(String viewer, String key) {
        boolean r = dismissals.restore(viewer, key);
        dismissedByViewer.remove(viewer);
        return r;
    }
}
