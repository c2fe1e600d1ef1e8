package dev.perimeter.exposure;

import dev.perimeter.db.DismissalStore;
import dev.perimeter.db.IncidentStore;
import dev.perimeter.position.Holding;
import dev.perimeter.position.TokenRegistry;
import dev.perimeter.wallet.ChainScan;
import dev.perimeter.wallet.WalletScan;
import dev.perimeter.wallet.WalletScanner;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Scan (cached briefly) → match → report. Wallet addresses live only in the in-memory cache, never in storage or logs. */
public final class ExposureService {
    public static final int MAX_WALLETS = 20;
    private static final int MAX_CACHE_ENTRIES = 2_000;

    private final WalletScanner scanner;
    private final IncidentStore incidents;
    private final DismissalStore dismissals;
    private final TokenRegistry registry;
    private final java.util.function.Supplier<dev.perimeter.infrastructure.InfrastructureCatalog> catalog;
    private final Duration ttl;
    private final Clock clock;
    private volatile IndexedExposureData data;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final java.util.concurrent.Semaphore scanSlots;
    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();
    private volatile Set<String> dismissedKeys;
    private volatile long dismissedLoadedAt;

    /** Too many scans are running: the caller should answer 503 and ask the client to retry. */
    public static final class BusyException extends RuntimeException {
        public BusyException() {
            super("This instance is busy scanning other wallets; try again in a few seconds.");
        }
    }

    private record Cached(WalletScan scan, Instant expires) {}

    public ExposureService(WalletScanner scanner, IncidentStore incidents, DismissalStore dismissals, TokenRegistry registry,
                           java.util.function.Supplier<dev.perimeter.infrastructure.InfrastructureCatalog> catalog, Duration ttl,
                           Clock clock) {
        this(scanner, incidents, dismissals, registry, catalog, ttl, clock, 8);
    }

    /** @param catalog the current infrastructure catalog (null-returning while it is not loaded: no infrastructure then) */
    public ExposureService(WalletScanner scanner, IncidentStore incidents, DismissalStore dismissals, TokenRegistry registry,
                           java.util.function.Supplier<dev.perimeter.infrastructure.InfrastructureCatalog> catalog, Duration ttl,
                           Clock clock, int maxConcurrentScans) {
        this.scanSlots = new java.util.concurrent.Semaphore(maxConcurrentScans, true);
        this.scanner = scanner;
        this.incidents = incidents;
        this.dismissals = dismissals;
        this.registry = registry;
        this.catalog = catalog;
        this.ttl = ttl;
        this.clock = clock;
        refresh();
    }

    /** Rebuilds the in-memory incident index; call after the incident data changed. */
    public void refresh() {
        List<ExposureData.IncidentRef> refs = new ArrayList<>();
        for (IncidentStore.IndexRow r : incidents.incidentIndex()) {
            refs.add(new ExposureData.IncidentRef(r.id(), r.date(), r.protocolSlug(), r.protocolName(), r.lossUsd(), r.vector(), r.title()));
        }
        List<String[]> contracts = new ArrayList<>();
        for (IncidentStore.ContractRow c : incidents.exploitedContractRows()) contracts.add(new String[] {c.chain(), c.address(), c.incidentId(), c.role()});
        Map<String, ExposureData.IncidentRef> byId = new java.util.HashMap<>();
        for (ExposureData.IncidentRef r : refs) byId.put(r.id(), r);
        dev.perimeter.infrastructure.InfrastructureCatalog cat = catalog.get();
        Map<String, ExposureData.InfraRef> infra = new java.util.HashMap<>();
        if (cat != null) {
            for (dev.perimeter.infrastructure.Infrastructure i : cat.all()) {
                List<ExposureData.IncidentRef> linked = i.incidentIds().stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
                List<String> bad = new ArrayList<>(), warn = new ArrayList<>();
                for (dev.perimeter.infrastructure.Infrastructure.Risk r : i.risks()) {
                    if ("bad".equals(r.level())) bad.add(r.reason());
                    else if ("warning".equals(r.level())) warn.add(r.reason());
                }
                infra.put(i.slug(), new ExposureData.InfraRef(i.slug(), i.name(), i.kind(), i.exploited(), i.paused(), i.archived(), linked,
                        List.copyOf(bad), List.copyOf(warn), i.operator()));
            }
        }
        Map<String, ExposureData.InfraRef> infraFinal = Map.copyOf(infra);
        Function<Holding, List<ExposureData.InfraRef>> fn = h -> {
            if (cat == null || h.isNative() || !h.listed()) return List.of();
            return registry.find(h.chain(), h.token()).map(t -> cat.forToken(t).stream().map(infraFinal::get)
                    .filter(java.util.Objects::nonNull).toList()).orElse(List.of());
        };
        data = new IndexedExposureData(refs, contracts, fn);
        cache.clear();
        version.incrementAndGet();
    }

    /** Infrastructure slugs a holding depends on, in order (for display). */
    public List<String> infrastructureSlugs(Holding h) {
        return data.infrastructureOf(h).stream().map(ExposureData.InfraRef::slug).toList();
    }

    public List<String> exploitedContracts(String chain) {
        return data.exploitedContracts(chain);
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

    /** One or several wallets (already validated, lowercase), scanned concurrently per chain, matched together. */
    public ExposureReport report(List<String> addresses, Map<String, String> ensNames, List<String> chains) {
        List<WalletScan> scans = new ArrayList<>();
        boolean allCached = true;
        for (String a : addresses) {
            Optional<WalletScan> hit = cachedScan(a, chains);
            if (hit.isPresent()) {
                scans.add(hit.get());
                continue;
            }
            allCached = false;
            WalletScan s = boundedScan(a, ensNames.get(a), chains, null);
            scans.add(s);
            remember(a, chains, s);
        }
        return build(scans, allCached);
    }

    private static String cacheKey(String address, List<String> chains) {
        return address + "|" + String.join(",", chains);
    }

    /** Keeps a scan for the TTL unless a chain failed (a retry may succeed); bounded: expired entries go first. */
    private void remember(String address, List<String> chains, WalletScan s) {
        if (ttl.isZero() || s.chains().stream().anyMatch(ch -> ChainScan.FAILED.equals(ch.status()))) return;
        Instant now = Instant.now(clock);
        if (cache.size() >= MAX_CACHE_ENTRIES) cache.entrySet().removeIf(e -> !e.getValue().expires().isAfter(now));
        if (cache.size() < MAX_CACHE_ENTRIES) cache.put(cacheKey(address, chains), new Cached(s, now.plus(ttl)));
    }

    /** A scan within the concurrency bound: waits up to 10 s for a slot, then gives up with BusyException. */
    private WalletScan boundedScan(String address, String ens, List<String> chains, java.util.function.Consumer<dev.perimeter.wallet.ChainScan> progress) {
        boolean got;
        try {
            got = scanSlots.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException();
        }
        if (!got) throw new BusyException();
        try {
            return scanner.scan(address, ens, chains, true, progress);
        } finally {
            scanSlots.release();
        }
    }

    /**
     * Scans one wallet reporting each chain as it completes (for the progress stream), and caches the result so the page
     * that follows is served from the cache.
     */
    public void scanWithProgress(String address, String ens, List<String> chains, java.util.function.Consumer<dev.perimeter.wallet.ChainScan> progress) {
        Optional<WalletScan> hit = cachedScan(address, chains);
        if (hit.isPresent()) {
            hit.get().chains().forEach(progress);
            return;
        }
        remember(address, chains, boundedScan(address, ens, chains, progress));
    }

    ExposureReport build(List<WalletScan> scans, boolean cached) {
        IndexedExposureData d = data;
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Set<String> dismissed = dismissed();
        Map<String, Finding> merged = new LinkedHashMap<>();
        for (WalletScan s : scans) {
            for (Finding f : ExposureMatcher.match(s, d, today)) merged.putIfAbsent(f.key(), f.withDismissed(dismissed.contains(f.key())));
        }
        List<Finding> findings = new ArrayList<>(merged.values());
        findings.sort(java.util.Comparator.comparing(Finding::dismissed).thenComparing(Finding::severity));
        Map<String, Integer> bySeverity = new LinkedHashMap<>();
        for (Severity s : Severity.values()) bySeverity.put(s.code(), 0);
        int nDismissed = 0;
        for (Finding f : findings) {
            if (f.dismissed()) nDismissed++;
            else bySeverity.merge(f.severity().code(), 1, Integer::sum);
        }
        int holdings = 0, approvals = 0;
        List<String> chains = new ArrayList<>();
        for (WalletScan s : scans) {
            for (ChainScan c : s.chains()) {
                holdings += c.holdings().size();
                approvals += c.approvals().size();
                if (!chains.contains(c.chain())) chains.add(c.chain());
            }
        }
        int tokens = chains.stream().mapToInt(registry::size).sum();
        // Value: only holdings priced by an on-chain feed count; exposed = priced holdings named by a live finding.
        java.util.Set<String> named = new java.util.HashSet<>();
        for (Finding f : findings) {
            if (f.dismissed()) continue;
            for (String a : f.evidence().assets()) named.add(f.chain() + "|" + a);
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
                    if (named.contains(c.chain() + "|" + h.token())) exposedUsd = exposedUsd == null ? h.usdValue() : exposedUsd.add(h.usdValue());
                }
            }
        }
        if (totalUsd != null && exposedUsd == null) exposedUsd = BigDecimal.ZERO.setScale(2);
        ExposureReport.Summary summary = new ExposureReport.Summary(bySeverity, findings.size() - nDismissed, nDismissed, exposedUsd,
                totalUsd, holdings, unpriced, approvals);
        return new ExposureReport(List.copyOf(scans), List.copyOf(findings), summary,
                new ExposureReport.Checked(chains, tokens, d.incidentCount(), d.exploitedContractCount()), cached);
    }

    /** Dismissed keys, re-read at most every 5 s (another instance may share the database) and at once after a change here. */
    private Set<String> dismissed() {
        Set<String> d = dismissedKeys;
        long now = clock.millis();
        if (d == null || now - dismissedLoadedAt > 5_000) {
            d = Set.copyOf(dismissals.keys());
            if (!d.equals(dismissedKeys)) version.incrementAndGet();
            dismissedKeys = d;
            dismissedLoadedAt = now;
        }
        return d;
    }

    /** Changes whenever findings could render differently: data refreshed or a dismissal changed. */
    public long version() {
        dismissed();
        return version.get();
    }

    public void dismiss(String key, String note) {
        dismissals.dismiss(key, note);
        dismissedKeys = null;
        version.incrementAndGet();
    }

    public boolean restore(String key) {
        boolean r = dismissals.restore(key);
        dismissedKeys = null;
        version.incrementAndGet();
        return r;
    }
}
