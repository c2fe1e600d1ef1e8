package dev.perimeter;

import dev.perimeter.db.Database;
import dev.perimeter.db.IncidentStore;
import dev.perimeter.db.InfrastructureStore;
import dev.perimeter.infrastructure.InfrastructureService;
import dev.perimeter.db.StatsStore;
import dev.perimeter.incident.IncidentService;
import dev.perimeter.stats.StatsService;
import dev.perimeter.chain.EvmChainReader;
import dev.perimeter.db.DismissalStore;
import dev.perimeter.exposure.ExposureService;
import dev.perimeter.position.TokenRegistry;
import dev.perimeter.util.Chains;
import dev.perimeter.util.DataFiles;
import dev.perimeter.wallet.WalletScanner;
import dev.perimeter.web.WebApp;

/** The one place that calls {@code new} on services. Owns their lifecycle. */
public final class Wiring implements AutoCloseable {
    public final AppConfig config;
    public final Database database;
    public final IncidentService incidents;
    public final StatsService stats;
    public final TokenRegistry registry;
    public final WalletScanner scanner;
    public final ExposureService exposure;
    public final HealthService health;
    public final InfrastructureService infrastructure;
    private final java.util.concurrent.ExecutorService scanPool;

    public Wiring(AppConfig config) {
        this.config = config;
        this.database = new Database(config.dbUrl(), config.dbUser(), config.dbPassword());
        try {
            database.migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        DataFiles files = config.dataDir() == null ? DataFiles.bundled() : DataFiles.folder(config.dataDir());
        this.incidents = new IncidentService(new IncidentStore(database), files);
        this.registry = TokenRegistry.load(files);
        this.infrastructure = new InfrastructureService(new InfrastructureStore(database), files, registry);
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(3)).version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        com.fasterxml.jackson.databind.ObjectMapper json = WebApp.objectMapper();
        java.util.Map<String, EvmChainReader> readers = new java.util.LinkedHashMap<>();
        for (String chain : config.chains()) {
            Chains.Chain c = Chains.bySlug(chain).orElseThrow();
            readers.put(chain, new EvmChainReader(chain, c.chainId(), java.net.URI.create(config.rpcUrls().get(chain)), http, json,
                    EvmChainReader.Limits.defaults()));
        }
        this.scanPool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(4, 4 * config.chains().size()), r -> {
            Thread t = new Thread(r, "perimeter-scan");
            t.setDaemon(true);
            return t;
        });
        java.util.concurrent.atomic.AtomicReference<ExposureService> exposureRef = new java.util.concurrent.atomic.AtomicReference<>();
        this.scanner = new WalletScanner(readers, registry, dev.perimeter.position.PriceBook.load(files), chain -> exposureRef.get().exploitedContracts(chain), config.chainTimeout(),
                scanPool, java.time.Clock.systemUTC());
        this.exposure = new ExposureService(scanner, new IncidentStore(database), new DismissalStore(database), registry,
                () -> infrastructure.loaded() ? infrastructure.catalog() : null, config.cacheTtl(), java.time.Clock.systemUTC(), config.maxConcurrentScans());
        exposureRef.set(exposure);
        this.health = new HealthService(database, readers, scanPool, java.time.Clock.systemUTC());
        this.stats = new StatsService(new StatsStore(database), incidents::published, this::tracked);
    }

    /** What Perimeter tracks for a protocol: its registry tokens (with what they depend on) and a same-named infrastructure row. */
    private java.util.List<dev.perimeter.stats.ProtocolDetail.TrackedAsset> tracked(String slug) {
        java.util.List<dev.perimeter.stats.ProtocolDetail.TrackedAsset> out = new java.util.ArrayList<>();
        boolean catalog = infrastructure.loaded();
        if (catalog) {
            infrastructure.catalog().get(slug).ifPresent(i -> out.add(new dev.perimeter.stats.ProtocolDetail.TrackedAsset(
                    "infrastructure (" + i.kind() + ")", i.name(), null, null, "status: " + String.join(", ", i.status()))));
        }
        java.util.List<dev.perimeter.position.Token> tokens = registry.all().stream().filter(t -> slug.equals(t.protocol()))
                .sorted(java.util.Comparator.comparing(dev.perimeter.position.Token::chain).thenComparing(dev.perimeter.position.Token::address))
                .toList();
        int shown = 0;
        for (dev.perimeter.position.Token t : tokens) {
            if (shown++ == 100) {
                out.add(new dev.perimeter.stats.ProtocolDetail.TrackedAsset("…", (tokens.size() - 100) + " more tokens in the registry",
                        null, null, null));
                break;
            }
            java.util.List<String> deps = catalog ? infrastructure.catalog().forToken(t) : java.util.List.of();
            out.add(new dev.perimeter.stats.ProtocolDetail.TrackedAsset("token (" + t.kind() + ")", t.display(), t.chain(), t.address(),
                    deps.isEmpty() ? null : "depends on " + String.join(", ", deps)));
        }
        return out;
    }

    /** Loads the shipped data (when it changed) and rebuilds what is derived from it. */
    public void syncData() {
        incidents.syncShippedData();
        incidents.syncRegistryProtocols();
        infrastructure.reload();
        exposure.refresh();
    }

    public WebApp.Services webServices() {
        return new WebApp.Services(incidents, stats, exposure, infrastructure, health,
                new dev.perimeter.web.RateLimiter(config.scanRatePerMinute(), java.time.Clock.systemUTC()));
    }

    @Override
    public void close() {
        scanPool.shutdownNow();
        database.close();
    }
}
