package dev.perimeter.web;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.sse.SseHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * The one route table, grouped by feature: what the server registers and what the tests enumerate (the fuzz test reads
 * every route and the inputs it takes from here). Each handler parses, calls one service and renders.
 */
public final class Routes {
    /**
     * @param feature the feature the route belongs to (home, incidents, stats, infrastructure, wallets, dismissals, watches, health)
     * @param inputs  the query parameters or form fields the handler reads (path parameters are in the path)
     * @param cached  served through the short page cache (the answer depends only on the URL and the shared data)
     */
    public record Route(String feature, HandlerType method, String path, List<String> inputs, boolean cached, Handler handler) {}

    private Routes() {}

    private static final List<String> INCIDENT_FILTERS = List.of("q", "chain", "semester", "vector", "verified", "protocol", "limit", "offset");
    private static final List<String> PROTOCOL_FILTERS = List.of("q", "sort", "limit", "offset");

    /** The table over handlers built from these services (services may be null when the table is only listed). */
    public static List<Route> table(WebApp.Services s) {
        IncidentRoutes incidents = new IncidentRoutes(s == null ? null : s.incidents(), s == null ? null : s.stats());
        StatsRoutes stats = new StatsRoutes(s == null ? null : s.stats());
        InfrastructureRoutes infrastructure = new InfrastructureRoutes(s == null ? null : s.infrastructure());
        WalletRoutes wallets = new WalletRoutes(s == null ? null : s.exposure(), s == null ? null : s.scanLimiter(),
                s == null ? null : s.clientIp(), s == null ? null : new PageCache(60_000, 32L * 1024 * 1024, s.clock(), () -> 0L),
                s == null ? null : s.control());
        WatchRoutes watches = new WatchRoutes(s == null ? null : s.watches(), wallets, s == null ? null : s.publicUrl(),
                s == null ? null : s.watchQuota(), s == null ? null : s.clientIp());
        ContractRoutes contracts = new ContractRoutes(s == null ? null : s.contracts(), s == null ? null : s.control(),
                s == null ? null : s.scanLimiter(), s == null ? null : s.clientIp());
        HomeRoutes home = new HomeRoutes(s == null ? null : s.incidents(), s == null ? null : s.health());
        List<Route> r = new ArrayList<>();
        // home and operators
        r.add(get("home", "/", List.of(), true, home::home));
        r.add(get("home", "/wallet", List.of("address"), false, HomeRoutes::walletForm));
        r.add(get("health", "/health", List.of(), false, home::health));
        r.add(get("home", "/about/grade", List.of(), true, HomeRoutes::aboutGrade));
        r.add(get("home", "/about/control", List.of(), true, HomeRoutes::aboutControl));
        // incidents
        r.add(get("incidents", "/incidents", INCIDENT_FILTERS, true, incidents::page));
        r.add(get("incidents", "/incidents/{id}", List.of(), true, incidents::detail));
        r.add(get("incidents", "/api/v1/incidents", INCIDENT_FILTERS, true, incidents::apiList));
        r.add(get("incidents", "/api/v1/incidents/{id}", List.of(), true, incidents::apiDetail));
        r.add(get("incidents", "/api/v1/incidents/{id}/context", List.of(), false, stats::apiContext));
        // statistics and protocols
        r.add(get("stats", "/stats", List.of(), true, stats::overview));
        r.add(get("stats", "/stats/{semester}", List.of(), true, stats::semesterPage));
        r.add(get("stats", "/api/v1/stats/semesters", List.of(), true, stats::apiSemesters));
        r.add(get("stats", "/api/v1/stats/semesters/{semester}", List.of(), true, stats::apiSemester));
        r.add(get("stats", "/api/v1/stats/range", List.of("from", "to"), false, stats::apiRange));
        r.add(get("stats", "/protocols", PROTOCOL_FILTERS, true, stats::protocolsPage));
        r.add(get("stats", "/protocols/{slug}", List.of(), true, stats::protocolPage));
        r.add(get("stats", "/api/v1/protocols", PROTOCOL_FILTERS, true, stats::apiProtocols));
        r.add(get("stats", "/api/v1/protocols/{slug}", List.of(), true, stats::apiProtocol));
        // infrastructure
        r.add(get("infrastructure", "/infrastructure", List.of("sort", "dir"), true, infrastructure::page));
        r.add(get("infrastructure", "/infrastructure/{slug}", List.of(), true, infrastructure::detailPage));
        r.add(get("infrastructure", "/api/v1/infrastructure", List.of("sort", "dir"), true, infrastructure::apiList));
        r.add(get("infrastructure", "/api/v1/infrastructure/{slug}", List.of(), true, infrastructure::apiDetail));
        // contracts (not page-cached: a control reading not kept is read live and charged to the client's scan budget)
        r.add(get("contracts", "/contracts/{chain}/{address}", List.of(), false, contracts::page));
        r.add(get("contracts", "/api/v1/contracts/{chain}/{address}", List.of(), false, contracts::api));
        // wallets (scans)
        r.add(get("wallets", "/wallet/{address}/progress", List.of("chains"), false, new SseHandler(wallets::progress)));
        r.add(get("wallets", "/wallet/{address}", List.of("chains"), false, wallets::page));
        r.add(get("wallets", "/wallets", List.of("addresses", "chains"), false, wallets::pageMany));
        r.add(get("wallets", "/api/v1/wallets/{address}/exposure", List.of("chains"), false, wallets::api));
        r.add(get("wallets", "/api/v1/wallets", List.of("addresses", "chains"), false, wallets::apiMany));
        // dismissals (per viewer)
        r.add(new Route("dismissals", HandlerType.POST, "/findings/dismiss", List.of("key", "back"), false, wallets::dismissForm));
        r.add(new Route("dismissals", HandlerType.POST, "/findings/restore", List.of("key", "back"), false, wallets::restoreForm));
        r.add(new Route("dismissals", HandlerType.PUT, "/api/v1/dismissals/{key}", List.of(), false, wallets::apiDismiss));
        r.add(new Route("dismissals", HandlerType.DELETE, "/api/v1/dismissals/{key}", List.of(), false, wallets::apiRestore));
        // watches (the id is the only key: no list of watches is served)
        r.add(new Route("watches", HandlerType.POST, "/watches", WATCH_INPUTS, false, watches::createForm));
        r.add(get("watches", "/watch/{id}", List.of(), false, watches::page));
        r.add(get("watches", "/watch/{id}/feed.atom", List.of(), false, watches::feed));
        r.add(new Route("watches", HandlerType.POST, "/watch/{id}/delete", List.of(), false, watches::deleteForm));
        r.add(new Route("watches", HandlerType.POST, "/api/v1/watches", WATCH_INPUTS, false, watches::apiCreate));
        r.add(get("watches", "/api/v1/watches/{id}", List.of(), false, watches::apiGet));
        r.add(new Route("watches", HandlerType.DELETE, "/api/v1/watches/{id}", List.of(), false, watches::apiDelete));
        return List.copyOf(r);
    }

    private static final List<String> WATCH_INPUTS = List.of("address", "chains", "label");

    private static Route get(String feature, String path, List<String> inputs, boolean cached, Handler h) {
        return new Route(feature, HandlerType.GET, path, inputs, cached, h);
    }
}
