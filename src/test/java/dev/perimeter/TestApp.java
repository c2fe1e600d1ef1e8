package dev.perimeter;

import dev.perimeter.db.TestDatabases;
import dev.perimeter.web.WebApp;
import io.javalin.Javalin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The whole app on a random port with a fresh H2 database in a temp dir, for *IT tests that talk HTTP. */
public final class TestApp implements AutoCloseable {
    public final Wiring wiring;
    public final Javalin app;
    public final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * The day whole-app tests live on: a clock that starts at 2026-07-01T00:00Z when the app starts and then ticks, so
     * "recent" (within 12 months) means the same on any day the tests run, and timeouts still measure real time.
     */
    public static final java.time.Instant TEST_START = java.time.Instant.parse("2026-07-01T00:00:00Z");

    public static java.time.Clock testClock() {
        java.time.Clock system = java.time.Clock.systemUTC();
        return java.time.Clock.offset(system, Duration.between(system.instant(), TEST_START));
    }

    /** The RPC URL of every chain a test sets none for: refused at once, so nothing leaves the machine. */
    static final String DOWN_RPC = "http://127.0.0.1:" + dev.perimeter.testchain.Anvil.freePort();

    public TestApp() {
        this(Map.of());
    }

    /** env: extra PERIMETER_* settings (e.g. RPC URLs of a test chain). */
    public TestApp(Map<String, String> env) {
        this(env, testClock());
    }

    public TestApp(Map<String, String> env, java.time.Clock clock) {
        Map<String, String> e = new HashMap<>(env);
        TestDatabases.Target db = TestDatabases.h2();
        e.putIfAbsent("PERIMETER_DB_URL", db.url());
        e.putIfAbsent("PERIMETER_PORT", "0");
        // No test reaches DefiLlama's coins API: a test of the price feed points it at a local server.
        e.putIfAbsent("PERIMETER_FEED_PRICES_URL", "off");
        // Whole-app tests never reach the network: the feeds are off unless a test points them at its local feed server.
        e.putIfAbsent("PERIMETER_FEED_DEFILLAMA_URL", "off");
        e.putIfAbsent("PERIMETER_FEED_REVOKE_URL", "off");
        // Nor the public RPC endpoints: a chain a test gives no RPC of its own gets a port where nothing listens.
        for (dev.perimeter.util.Chains.Chain c : dev.perimeter.util.Chains.ALL) {
            e.putIfAbsent("PERIMETER_RPC_" + c.slug().toUpperCase(java.util.Locale.ROOT), DOWN_RPC);
        }
        wiring = new Wiring(AppConfig.from(e), clock);
        wiring.syncData();
        app = WebApp.create(wiring.webServices()).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
    }

    public HttpResponse<String> get(String path) {
        return get(path, Map.of());
    }

    public HttpResponse<String> get(String path, Map<String, String> headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET();
            headers.forEach(b::header);
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception ex) {
            throw new IllegalStateException("GET " + path + " failed: " + ex, ex);
        }
    }

    @Override
    public void close() {
        app.stop();
        wiring.close();
    }
}
