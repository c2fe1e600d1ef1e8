package dev.perimeter;

import dev.perimeter.chain.EvmChainReader;
import dev.perimeter.db.Database;
import dev.perimeter.health.HealthService;
import dev.perimeter.exposure.DismissalStore;
import dev.perimeter.exposure.ExposureService;
import dev.perimeter.exposure.ExposureSnapshot;
import dev.perimeter.exposure.ExposureSnapshots;
import dev.perimeter.incident.IncidentService;
import dev.perimeter.infrastructure.InfrastructureService;
import dev.perimeter.infrastructure.InfrastructureStore;
import dev.perimeter.token.PriceBook;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.stats.StatsService;
import dev.perimeter.stats.StatsStore;
import dev.perimeter.util.Chains;
import dev.perimeter.util.DataFiles;
import dev.perimeter.wallet.WalletScanner;
import dev.perimeter.web.ClientAddress;
import dev.perimeter.web.RateLimiter;
import dev.perimeter.web.WebApp;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** The one place that calls {@code new} on services. Owns their lifecycle. Time comes from the one injected Clock. */
public final class Wiring implements AutoCloseable {
    public final AppConfig config;
    public final Clock clock;
    public final Database database;
    public final IncidentService incidents;
    public final StatsService stats;
    public final TokenRegistry registry;
    public final WalletScanner scanner;
    public final ExposureService exposure;
    public final HealthService health;
    public final InfrastructureService infrastructure;
    public final dev.perimeter.contract.ContractLookup contracts;
    public final dev.perimeter.update.UpdateService updates;
    /** Only one data update at a time (across instances on PostgreSQL). */
    public final dev.perimeter.db.JobLock updateLock;
    public final dev.perimeter.watch.WatchService watches;
    /** Who controls contracts, read on-chain and kept PERIMETER_CONTROL_TTL (issue 21). */
    public final dev.perimeter.control.ControlService control;
    public final dev.perimeter.control.ContractControl contractControl;
    /** The operator's webhook for watch changes, or null when PERIMETER_WEBHOOK_URL is not set. */
    public final dev.perimeter.watch.Webhook webhook;
    private final ExecutorService scanPool;
    /** The one thread that runs PERIMETER_UPDATE_INTERVAL updates (created here, started by {@link #startUpdates()}). */
    private final java.util.concurrent.ScheduledExecutorService updatePool;
    private final ExecutorService probePool;
    private final ExecutorService watchPool;
    private final ExecutorService backgroundPool;
    private final AtomicLong dataVersion = new AtomicLong();

    /** With the system clock: the command line's entry points (App); the one place production code takes the wall clock. */
    public Wiring(AppConfig config) {
        this(config, Clock.systemUTC());
    }

    public Wiring(AppConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.database = new Database(config.db().url(), config.db().user(), config.db().password());
        try {
            database.migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        DataFiles files = config.dataDir() == null ? DataFiles.bundled() : DataFiles.folder(config.dataDir());
        this.incidents = new IncidentService(database, files, clock);
        this.registry = TokenRegistry.load(files);
        this.infrastructure = new InfrastructureService(new InfrastructureStore(database), files, registry, config.server().protocolTokenCap());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1).build();
        Map<String, EvmChainReader> readers = new LinkedHashMap<>();
        EvmChainReader.Limits defaults = EvmChainReader.Limits.defaults();
        EvmChainReader.Limits limits = new EvmChainReader.Limits(config.chains().multicallChunk(), defaults.fallbackBatch(),
                defaults.maxResponseBytes(), defaults.maxRetries(), defaults.logRequestBudget());
        Map<String, dev.perimeter.chain.ControlReader> controlReaders = new LinkedHashMap<>();
        for (String chain : Chains.evm(config.chains().enabled())) {
            Chains.Chain c = Chains.bySlug(chain).orElseThrow();
            URI rpc = URI.create(config.chains().rpcUrls().get(chain));
            readers.put(chain, new EvmChainReader(chain, c.chainId(), rpc, http, WebApp.objectMapper(), limits));
            controlReaders.put(chain, new dev.perimeter.chain.ControlReader(chain, c.chainId(), rpc, http, WebApp.objectMapper(), limits));
        }
        this.control = new dev.perimeter.control.ControlService(controlReaders,
                new dev.perimeter.control.ControlCache(clock, config.control().ttl(), CONTROL_CACHE_ENTRIES), config.chains().timeout());
        this.contractControl = new dev.perimeter.control.ContractControl(control, infrastructure, registry);
        // One task per (wallet, chain): as many threads as scans allowed at once times chains, so no chain waits in a queue.
        this.scanPool = Executors.newFixedThreadPool(config.scan().maxConcurrent() * config.chains().enabled().size(), daemon("perimeter-scan"));
        this.probePool = Executors.newFixedThreadPool(Math.max(1, config.chains().enabled().size()), daemon("perimeter-probe"));
        dev.perimeter.solana.SolanaRpcReader solana = config.chains().enabled().contains(Chains.SOLANA)
                ? new dev.perimeter.solana.SolanaRpcReader(URI.create(config.chains().rpcUrls().get(Chains.SOLANA)), http, WebApp.objectMapper(),
                        dev.perimeter.solana.PythFeeds.load(files), dev.perimeter.solana.StakePools.load(files)) : null;
        this.scanner = new WalletScanner(readers, registry, PriceBook.load(files), dev.perimeter.position.PositionContracts.load(files), true,
                config.chains().timeout(), scanPool, clock).withSolana(solana).withControl(control.cache());
        this.exposure = new ExposureService(scanner, new DismissalStore(database, clock,
                new DismissalStore.Limits(config.limits().dismissalsPerViewer(), config.limits().maxDismissals())), ExposureSnapshot.empty(registry),
                new ExposureService.Settings(config.scan().cacheTtl(), config.scan().cacheEntries(), config.scan().maxConcurrent(),
                        config.scan().slotWait(), config.scan().dismissalRefresh(), config.watches().scanSlots()), clock);
        dev.perimeter.update.FeedStateStore feedState = new dev.perimeter.update.FeedStateStore(database);
        Map<String, HealthService.Probe> probes = HealthService.evm(readers);
        if (solana != null) probes.put(Chains.SOLANA, solana::slot); // the Solana endpoint's finalized slot (getSlot)
        this.health = HealthService.of(database, probes, probePool, clock, config.server().healthCacheTtl(),
                () -> feedState.all().stream()
                        .map(st -> new HealthService.FeedHealth(st.feed(), st.lastSuccess(), st.lastAttempt(), st.lastChanged(),
                                st.errorKind(), st.error())).toList());
        this.contracts = new dev.perimeter.contract.ContractLookup(incidents, infrastructure,
                dev.perimeter.contract.WellKnownContracts.load(files));
        this.stats = new StatsService(new StatsStore(database), incidents::published, infrastructure::tracked);
        java.util.List<dev.perimeter.update.UpdateService.Feed> feeds = new java.util.ArrayList<>();
        AppConfig.FeedSettings feedSettings = config.feeds();
        if (feedSettings.defiLlama() != null) feeds.add(new dev.perimeter.update.UpdateService.Feed("defillama", feedSettings.defiLlama()));
        if (feedSettings.revoke() != null) feeds.add(new dev.perimeter.update.UpdateService.Feed("revoke", feedSettings.revoke()));
        if (feedSettings.prices() != null) {
            feeds.add(new dev.perimeter.update.UpdateService.Feed(dev.perimeter.update.UpdateService.PRICES, feedSettings.prices()));
        }
        this.updates = new dev.perimeter.update.UpdateService(incidents, feedState,
                new dev.perimeter.sources.FeedFetcher(new dev.perimeter.sources.FeedFetcher.Limits(Duration.ofSeconds(10),
                        feedSettings.timeout(), feedSettings.maxBytes())), feeds, clock, this::afterDataChange);
        this.updateLock = new dev.perimeter.db.JobLock(database, UPDATE_LOCK);
        this.updatePool = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(daemon("perimeter-update"));
        dev.perimeter.watch.WatchStore watchStore = new dev.perimeter.watch.WatchStore(database);
        AppConfig.WatchSettings watchSettings = config.watches();
        this.webhook = watchSettings.webhookUrl() == null ? null : new dev.perimeter.watch.Webhook(watchStore, http,
                new dev.perimeter.watch.Webhook.Settings(watchSettings.webhookUrl(),
                        watchSettings.webhookSecret().getBytes(java.nio.charset.StandardCharsets.UTF_8), Duration.ofSeconds(10),
                        Duration.ofSeconds(30), Duration.ofHours(1), 30, config.server().publicUrl()), clock, WebApp.objectMapper());
        this.watchPool = Executors.newFixedThreadPool(watchSettings.scanSlots(), daemon("perimeter-watch-scan"));
        this.backgroundPool = Executors.newFixedThreadPool(2, daemon("perimeter-watch"));
        this.watches = new dev.perimeter.watch.WatchService(watchStore, exposure, webhook,
                new dev.perimeter.watch.WatchService.Settings(watchSettings.max(), watchSettings.interval(), Duration.ofMinutes(10),
                        Duration.ofSeconds(30), 10_000, config.limits().watchTtl()), clock, watchPool, watchSettings.scanSlots(),
                this::refreshIfDataChanged);
    }

    /** Starts the background threads of watches: the rescan loop and (when configured) the webhook sender. */
    public void startWatches() {
        backgroundPool.submit(watches::runLoop);
        if (webhook != null) backgroundPool.submit(webhook::runLoop);
    }

    /** Control readings kept at most (about 2 KB each): the least recently used are dropped beyond. */
    static final int CONTROL_CACHE_ENTRIES = 50_000;

    /** PostgreSQL advisory lock key of data updates (one instance at a time). */
    static final long UPDATE_LOCK = 0x5045_5249_0113L;

    /** Starts the in-server updates when PERIMETER_UPDATE_INTERVAL is set; returns whether it did. */
    public boolean startUpdates() {
        if (config.feeds().updateInterval() == null || updates.feeds().isEmpty()) return false;
        new dev.perimeter.update.UpdateScheduler(updates, updateLock, config.feeds().updateInterval(), clock, this::refreshIfDataChanged)
                .start(updatePool);
        return true;
    }

    /** After an update changed the incidents: infrastructure links resolve again, then a new exposure snapshot. */
    void afterDataChange() {
        refreshSnapshot();
    }

    /**
     * Another instance sharing the database may have updated the data: when the data version moved since this process
     * last built from it, rebuild what derives from it and make every watch due.
     */
    public void refreshIfDataChanged() {
        if (rebuildDerived()) watches.dataChanged();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Loads the shipped data (when it changed) and rebuilds what is derived from it: the exposure snapshot last. */
    public void syncData() {
        boolean loaded = incidents.syncShippedData().loaded();
        incidents.syncRegistryProtocols();
        rebuildDerived();
        if (loaded) watches.dataChanged(); // a start-up that loaded new data: every watch is rescanned against it
    }

    /**
     * The incident data changed (an import, an update): builds a new exposure snapshot from the current data (unless one
     * was built from this data version already), hands it to the exposure service, and makes every watch due for a rescan.
     */
    public void refreshSnapshot() {
        rebuildDerived();
        watches.dataChanged();
    }

    /**
     * Infrastructure links, then the exposure snapshot, rebuilt from the current data: once per data version, however many
     * threads (the update scheduler, the watch loop, an import) notice the change at once. Returns whether it rebuilt.
     */
    private boolean rebuildDerived() {
        return exposure.rebuild(incidents.storedDataVersion(), () -> {
            infrastructure.reload();
            return ExposureSnapshots.build(dataVersion.incrementAndGet(), incidents, infrastructure, stats, registry);
        });
    }

    public WebApp.Services webServices() {
        return new WebApp.Services(incidents, stats, exposure, infrastructure, health, contracts,
                new RateLimiter(config.scan().ratePerMinute(), clock), new ClientAddress(config.server().trustedProxies()),
                config.server().pageCacheTtl(), clock, watches, config.server().publicUrl(),
                new RateLimiter(config.limits().watchesPerClient(), Duration.ofDays(1), clock), contractControl);
    }

    @Override
    public void close() {
        updatePool.shutdownNow();
        watches.stop();
        if (webhook != null) webhook.stop();
        backgroundPool.shutdownNow();
        watchPool.shutdownNow();
        scanPool.shutdownNow();
        probePool.shutdownNow();
        database.close();
    }
}
