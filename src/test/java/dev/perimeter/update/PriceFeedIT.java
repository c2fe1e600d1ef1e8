package dev.perimeter.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.perimeter.TestAppExtension;
import dev.perimeter.incident.DailyPrices;
import dev.perimeter.incident.IncidentService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/**
 * update-data's price feed end to end: the whole app on the shipped data, and a local HTTP server answering as DefiLlama's
 * coins API does ({"coins": {"coingecko:ethereum": {"price": …, "timestamp": …}}}) — first with HTTP 500, then with prices.
 */
class PriceFeedIT {
    /** The price served for every coin and day; 1 ETH at it is $2,500.13. */
    static final String PRICE = "2500.125";
    static HttpServer server;
    static volatile boolean failing = true;
    static final List<String> paths = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final TestAppExtension app = new TestAppExtension(PriceFeedIT::env);

    static Map<String, String> env() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/prices/historical/", PriceFeedIT::answer);
        server.start();
        app.closeAfter(() -> server.stop(0));
        return Map.of("PERIMETER_FEED_PRICES_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/prices/historical/",
                "PERIMETER_FEED_DEFILLAMA_URL", "off", "PERIMETER_FEED_REVOKE_URL", "off",
                "PERIMETER_CHAINS", "ethereum", "PERIMETER_RPC_ETHEREUM", "http://127.0.0.1:9");
    }

    static void answer(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        paths.add(path);
        byte[] body;
        int status;
        if (failing) {
            status = 500;
            body = "internal error".getBytes(StandardCharsets.UTF_8);
        } else {
            String[] parts = path.substring("/prices/historical/".length()).split("/");
            long ts = Long.parseLong(parts[0]);
            StringBuilder sb = new StringBuilder("{\"coins\":{");
            String[] coins = parts[1].split(",");
            for (int i = 0; i < coins.length; i++) {
                if (i > 0) sb.append(',');
                sb.append('"').append(coins[i]).append("\":{\"decimals\":18,\"symbol\":\"X\",\"price\":").append(PRICE)
                        .append(",\"timestamp\":").append(ts + 120).append(",\"confidence\":0.99}");
            }
            body = sb.append("}}").toString().getBytes(StandardCharsets.UTF_8);
            status = 200;
        }
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    static long storedCloses() throws Exception {
        try (Connection c = DriverManager.getConnection(app.wiring().config.db().url(), "sa", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM price_records")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static UpdateService.FeedResult pricesFeed(UpdateService.Report r) {
        return r.feeds().stream().filter(f -> f.feed().equals(UpdateService.PRICES)).findFirst().orElseThrow(() -> new AssertionError(r));
    }

    @Test
    void updateDataPricesTokenStatedLossesFromTheFeedAndAFailingFeedChangesNothing() throws Exception {
        // XLootStaking's "6.21 ETH" of 2026-04-15: the shipped closes end on 2026-04-05, and no review states its dollars.
        String xloot = "/api/v1/incidents/2026-04-15-xlootstaking";
        JsonNode before = app.getJson(xloot);
        assertTrue(before.get("lossUsd").isNull());
        assertTrue(before.get("lossBasis").asText().startsWith("unknown:no_price_on_date (ETH close of 2026-04-15"), before.toString());
        String version = app.wiring().incidents.storedDataVersion();

        // 1. The feed fails: nothing is stored, the data version stays.
        UpdateService.Report failed = app.wiring().updates.run();
        assertEquals("http_status", pricesFeed(failed).errorKind(), failed.toString());
        assertFalse(failed.ok());
        assertEquals(0, storedCloses());
        assertEquals(version, app.wiring().incidents.storedDataVersion());

        // 2. The feed answers: one request per ended day, the closes stored with their URL, the losses priced.
        failing = false;
        paths.clear();
        int needed = (int) app.wiring().incidents.missingPrices().stream()
                .filter(n -> !n.date().plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().isAfter(dev.perimeter.TestApp.testClock().instant()))
                .map(dev.perimeter.incident.LossPricing.Need::date).distinct().count();
        UpdateService.Report ok = app.wiring().updates.run();
        assertTrue(ok.ok(), ok.toString());
        assertEquals(needed, paths.size(), "one request per day");
        assertTrue(paths.contains("/prices/historical/" + LocalDate.parse("2026-04-16").atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond()
                + "/coingecko:ethereum"), paths.toString());
        assertTrue(ok.prices().added() > 0);
        assertEquals(ok.prices().added(), storedCloses());
        assertEquals(ok.prices().added(), pricesFeed(ok).rows());
        assertNotEquals(version, app.wiring().incidents.storedDataVersion(), "new closes are a new data version");
        JsonNode after = app.getJson(xloot);
        assertEquals("15525.78", after.get("lossUsd").asText());
        assertEquals("historical_price:127.0.0.1:2026-04-15", after.get("lossBasis").asText());
        assertTrue(after.get("lossNote").asText().contains("6.21 ETH × $2500.125 (ETH close 2026-04-15, http://127.0.0.1:"), after.toString());
        assertTrue(ok.prices().changedLosses().stream().anyMatch(l -> l.startsWith("2026-04-15-xlootstaking: ")),
                ok.prices().changedLosses().toString());

        // 3. Again: every close it could give is stored, so nothing is asked twice and nothing changes.
        paths.clear();
        String version2 = app.wiring().incidents.storedDataVersion();
        UpdateService.Report again = app.wiring().updates.run();
        assertTrue(again.ok(), again.toString());
        assertEquals(0, again.prices().added());
        assertTrue(paths.isEmpty(), paths.toString());
        assertEquals(version2, app.wiring().incidents.storedDataVersion());

        // 4. A fetched close never replaces a shipped one.
        IncidentService.PricesApplied shipped = app.wiring().incidents.applyPrices(List.of(new DailyPrices.Price(LocalDate.parse("2021-12-14"),
                "BNB", new BigDecimal("1"), "http://127.0.0.1/elsewhere")));
        assertEquals(0, shipped.added());
        assertEquals(ok.prices().added(), storedCloses());
    }
}
