package dev.perimeter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.TestAppExtension;
import dev.perimeter.testchain.Anvil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Scan routes: progress stream, ENS names, per-client rate limit, health. The rate-limit test runs last: it spends the budget. */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ScanRoutesIT {
    static final String WALLET = "0x5555555555555555555555555555555555555501";

    @RegisterExtension
    static final TestAppExtension app = new TestAppExtension(ScanRoutesIT::chain);

    /** A test chain with Multicall3, a funded wallet and an ENS name for it; the app's settings to scan it. */
    static Map<String, String> chain() {
        Anvil anvil = app.closeAfter(new Anvil(1));
        anvil.placeMulticall();
        anvil.setNativeBalance(WALLET, java.math.BigInteger.TEN.pow(18));
        byte[] node = dev.perimeter.testchain.Anvil.ensNode("perimeter-demo.eth");
        anvil.placeEns("0x8888888888888888888888888888888888888801", node, WALLET);
        return Map.of("PERIMETER_CHAINS", "ethereum", "PERIMETER_RPC_ETHEREUM", anvil.url(), "PERIMETER_SCAN_RATE_PER_MINUTE", "6");
    }

    @Test
    void progressStreamReportsEachChainThenTheReportIsServedFromCache() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.base() + "/wallet/" + WALLET + "/progress"))
                .header("Accept", "text/event-stream").header("X-Forwarded-For", "ignored").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        String body = r.body();
        int start = body.indexOf("event: start"), chain = body.indexOf("event: chain"), done = body.indexOf("event: done");
        assertTrue(start >= 0 && chain > start && done > chain, body);
        assertTrue(body.contains("\"chain\":\"ethereum\"") && body.contains("\"status\":\"ok\""), body);
        assertTrue(body.contains("\"url\":\"/wallet/" + dev.perimeter.util.Addresses.checksum(WALLET) + "\""), body);
    }

    @Test
    void ensNameIsResolvedAndBothAreShown() throws Exception {
        HttpResponse<String> page = app.get("/wallet/perimeter-demo.eth");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("perimeter-demo.eth"));
        assertTrue(page.body().contains(dev.perimeter.util.Addresses.checksum(WALLET)));
        HttpResponse<String> unknown = app.get("/api/v1/wallets/nobody-at-all.eth/exposure");
        assertEquals(404, unknown.statusCode());
        assertTrue(app.json(unknown).get("error").asText().contains("no address"));
        assertEquals(400, app.get("/api/v1/wallets/not-a-name.com/exposure").statusCode());
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void scanRoutesAreRateLimitedPerClientWithRetryAfter() throws Exception {
        // 6 scans per minute per client; other tests in this class use some of that budget. Each request names a new
        // wallet, so each is a real scan, until refused.
        assertEquals(200, app.get("/api/v1/wallets/" + WALLET + "/exposure").statusCode());
        List<Integer> codes = new ArrayList<>();
        HttpResponse<String> limited = null;
        for (int i = 0; i < 10 && limited == null; i++) {
            HttpResponse<String> r = app.get("/api/v1/wallets/" + String.format("0x%040x", 0xfeed00 + i) + "/exposure");
            codes.add(r.statusCode());
            if (r.statusCode() == 429) limited = r;
        }
        assertNotNull(limited, "no 429 after " + codes);
        assertTrue(Integer.parseInt(limited.headers().firstValue("Retry-After").orElse("0")) >= 1);
        assertTrue(app.json(limited).get("error").asText().contains("Too many"));
        assertEquals(200, app.get("/incidents").statusCode(), "other pages are not limited");
        assertEquals(200, app.get("/wallet/" + WALLET).statusCode(), "a cached report costs no scan budget");
        assertEquals(200, app.get("/api/v1/wallets/" + WALLET + "/exposure").statusCode());
    }

    @Test
    void healthReportsDatabaseAndEachChain() throws Exception {
        HttpResponse<String> r = app.get("/health");
        assertEquals(200, r.statusCode());
        JsonNode h = app.json(r);
        assertEquals("ok", h.get("status").asText(), h.toString());
        assertTrue(h.get("database").asBoolean());
        assertEquals("ethereum", h.get("chains").get(0).get("chain").asText());
        assertEquals("ok", h.get("chains").get(0).get("status").asText());
        assertTrue(h.get("chains").get(0).get("block").asLong() >= 0);
    }
}
