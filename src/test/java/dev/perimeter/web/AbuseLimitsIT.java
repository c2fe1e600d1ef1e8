package dev.perimeter.web;

import dev.perimeter.ShiftClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.TestApp;
import dev.perimeter.testchain.Anvil;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a client can make the instance store, each limit hit from test clients over HTTP against the whole app: the answer
 * (400, or 429 with Retry-After), that nothing was stored past a limit, and that other clients lost nothing. Clients are
 * told apart by X-Forwarded-For from a trusted proxy (the test's loopback), as behind a load balancer.
 */
class AbuseLimitsIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String A = "0x00000000000000000000000000000000000000a1";

    static TestApp app(Map<String, String> settings) {
        return app(settings, TestApp.testClock());
    }

    static TestApp app(Map<String, String> settings, Clock clock) {
        Map<String, String> env = new HashMap<>(Map.of("PERIMETER_CHAINS", "ethereum",
                "PERIMETER_RPC_ETHEREUM", "http://127.0.0.1:" + Anvil.freePort(), // nothing listens: no chain is read here
                "PERIMETER_CHAIN_TIMEOUT_MS", "300", "PERIMETER_TRUSTED_PROXIES", "127.0.0.0/8"));
        env.putAll(settings);
        return new TestApp(env, clock);
    }

    static HttpResponse<String> send(TestApp app, String method, String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A 22-character viewer id. */
    static String viewer(String name) {
        return (name + "-".repeat(22)).substring(0, 22);
    }

    static String approvalKey(int n) {
        return "approval_to_exploited_contract:ethereum:" + A + ":" + String.format("0x%040x", 0xc000 + n);
    }

    static HttpResponse<String> dismiss(TestApp app, String client, String viewer, String key) throws Exception {
        String path = "/api/v1/dismissals/" + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        return send(app, "PUT", path, null, Map.of("X-Forwarded-For", client, "X-Perimeter-Viewer", viewer));
    }

    /** A 429 with a Retry-After of at least a second (a page's answer: the error page); returns Retry-After. */
    static long tooManyPage(HttpResponse<String> r) {
        assertEquals(429, r.statusCode(), r.body());
        long after = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow(() -> new AssertionError("no Retry-After: " + r.body())));
        assertTrue(after >= 1, "Retry-After " + after);
        return after;
    }

    /** A 429 with a Retry-After of at least a second and the API's JSON error shape; returns Retry-After. */
    static long tooMany(HttpResponse<String> r) throws Exception {
        long after = tooManyPage(r);
        JsonNode e = JSON.readTree(r.body());
        assertTrue(e.get("error").asText().length() > 10, r.body());
        assertTrue(e.has("field"), r.body());
        return after;
    }

    @Test
    void aDismissalMustNameAFindingShapeThatExists() throws Exception {
        try (TestApp app = app(Map.of("PERIMETER_SCAN_RATE_PER_MINUTE", "1000"))) {
            String v = viewer("shapes");
            Map<String, String> bad = Map.of(
                    "a:b:c:d", "kind",
                    "no_such_kind:ethereum:" + A + ":" + A, "kind",
                    "approval_to_exploited_contract:mars:" + A + ":" + A, "chain",
                    "approval_to_exploited_contract:ethereum:" + A + ":0x2222", "spender",
                    "approval_to_exploited_contract:ethereum:0x12:" + A, "asset",
                    "infrastructure_risk:ethereum:" + A + ":circle", "no asset",
                    "unlisted_token:ethereum:" + A + ":anything", "ends after");
            for (Map.Entry<String, String> b : bad.entrySet()) {
                HttpResponse<String> r = dismiss(app, "203.0.113.9", v, b.getKey());
                assertEquals(400, r.statusCode(), b.getKey() + " → " + r.body());
                JsonNode e = JSON.readTree(r.body());
                assertEquals("key", e.get("field").asText(), r.body());
                assertTrue(e.get("error").asText().contains(b.getValue()), b.getKey() + " → " + e.get("error").asText());
            }
            HttpResponse<String> form = send(app, "POST", "/findings/dismiss", "key=a%3Ab%3Ac%3Ad&back=/wallet/x",
                    Map.of("Content-Type", "application/x-www-form-urlencoded", "X-Perimeter-Viewer", v));
            assertEquals(400, form.statusCode(), "the form refuses it too");
            assertEquals(0, app.wiring.exposure.dismissed(v).size(), "nothing stored");
            // Every shape the matcher makes is accepted.
            for (String good : List.of(approvalKey(1), "holds_asset_of_hacked_protocol:ethereum:uniswap-v3#4242:via:kelpdao",
                    "holds_asset_of_hacked_protocol:base:" + A + ":aave", "infrastructure_risk:bsc:*:multichain",
                    "protocol_history:arbitrum:*:aave", "unlisted_token:polygon:" + A + ":",
                    "bridged_via_compromised_bridge:ethereum:native:ronin-bridge")) {
                assertEquals(200, dismiss(app, "203.0.113.9", v, good).statusCode(), good);
            }
            assertEquals(7, app.wiring.exposure.dismissed(v).size());
        }
    }

    @Test
    void dismissalsAreCappedPerViewerAndInAllAndNothingElseIsLost() throws Exception {
        try (TestApp app = app(Map.of("PERIMETER_SCAN_RATE_PER_MINUTE", "1000", "PERIMETER_DISMISSALS_PER_VIEWER", "3",
                "PERIMETER_MAX_DISMISSALS", "5"))) {
            String alice = viewer("alice"), bob = viewer("bob"), carol = viewer("carol");
            for (int i = 1; i <= 3; i++) assertEquals(200, dismiss(app, "203.0.113.1", alice, approvalKey(i)).statusCode());
            tooMany(dismiss(app, "203.0.113.1", alice, approvalKey(4)));
            assertEquals(Set.of(approvalKey(1), approvalKey(2), approvalKey(3)), app.wiring.exposure.dismissed(alice));
            assertEquals(200, dismiss(app, "203.0.113.1", alice, approvalKey(2)).statusCode(), "dismissing a key again counts once");
            // Showing one again makes room for another.
            assertEquals(200, send(app, "DELETE", "/api/v1/dismissals/" + approvalKey(1), null, Map.of("X-Perimeter-Viewer", alice)).statusCode());
            assertEquals(200, dismiss(app, "203.0.113.1", alice, approvalKey(4)).statusCode());
            // Bob has his own allowance: 2 more fill the instance's 5.
            assertEquals(200, dismiss(app, "203.0.113.2", bob, approvalKey(1)).statusCode());
            assertEquals(200, dismiss(app, "203.0.113.2", bob, approvalKey(2)).statusCode());
            tooMany(dismiss(app, "203.0.113.3", carol, approvalKey(1)));
            HttpResponse<String> form = send(app, "POST", "/findings/dismiss", "key=" + approvalKey(9) + "&back=/wallet/x",
                    Map.of("Content-Type", "application/x-www-form-urlencoded", "X-Perimeter-Viewer", carol, "X-Forwarded-For", "203.0.113.3"));
            tooManyPage(form);
            assertEquals(Set.of(), app.wiring.exposure.dismissed(carol));
            // Nothing lost for the others.
            assertEquals(Set.of(approvalKey(2), approvalKey(3), approvalKey(4)), app.wiring.exposure.dismissed(alice));
            assertEquals(Set.of(approvalKey(1), approvalKey(2)), app.wiring.exposure.dismissed(bob));
        }
    }

    @Test
    void dismissalsSpendTheClientsRateBudget() throws Exception {
        try (TestApp app = app(Map.of("PERIMETER_SCAN_RATE_PER_MINUTE", "2"))) {
            String v = viewer("busy");
            assertEquals(200, dismiss(app, "203.0.113.1", v, approvalKey(1)).statusCode());
            assertEquals(200, dismiss(app, "203.0.113.1", v, approvalKey(2)).statusCode());
            long after = tooMany(dismiss(app, "203.0.113.1", v, approvalKey(3)));
            assertTrue(after <= 30, "one of two per minute comes back within 30 s: " + after);
            assertTrue(JSON.readTree(dismiss(app, "203.0.113.1", v, approvalKey(3)).body()).get("error").asText().contains("dismissals"));
            HttpResponse<String> form = send(app, "POST", "/findings/dismiss", "key=" + approvalKey(4) + "&back=/wallet/x",
                    Map.of("Content-Type", "application/x-www-form-urlencoded", "X-Perimeter-Viewer", v, "X-Forwarded-For", "203.0.113.1"));
            tooManyPage(form);
            tooMany(app.get("/api/v1/wallets/" + A + "/exposure", Map.of("X-Forwarded-For", "203.0.113.1")));
            assertEquals(Set.of(approvalKey(1), approvalKey(2)), app.wiring.exposure.dismissed(v), "nothing stored past the budget");
            // Another client behind the same proxy is unaffected, for dismissals and scans alike.
            assertEquals(200, dismiss(app, "203.0.113.2", viewer("calm"), approvalKey(1)).statusCode());
            assertEquals(200, app.get("/api/v1/wallets/" + A + "/exposure", Map.of("X-Forwarded-For", "203.0.113.2")).statusCode());
            // A refused key costs nothing: it is checked before the budget is spent.
            for (int i = 0; i < 5; i++) assertEquals(400, dismiss(app, "203.0.113.4", v, "a:b:c:d").statusCode());
            assertEquals(200, dismiss(app, "203.0.113.4", viewer("other"), approvalKey(1)).statusCode());
        }
    }

    static HttpResponse<String> createWatch(TestApp app, String client, int wallet) throws Exception {
        return send(app, "POST", "/api/v1/watches", "{\"address\": \"" + String.format("0x%040x", 0xbeef00 + wallet) + "\"}",
                Map.of("Content-Type", "application/json", "X-Forwarded-For", client));
    }

    static String id(HttpResponse<String> created) throws Exception {
        assertEquals(201, created.statusCode(), created.body());
        return JSON.readTree(created.body()).get("id").asText();
    }

    @Test
    void watchesHaveAQuotaPerClientAndACapInAll() throws Exception {
        try (TestApp app = app(Map.of("PERIMETER_SCAN_RATE_PER_MINUTE", "1000", "PERIMETER_WATCHES_PER_CLIENT", "2",
                "PERIMETER_MAX_WATCHES", "4"))) {
            String x1 = id(createWatch(app, "203.0.113.1", 1)), x2 = id(createWatch(app, "203.0.113.1", 2));
            long after = tooMany(createWatch(app, "203.0.113.1", 3));
            assertTrue(after > Duration.ofHours(12).toSeconds() - 100 && after <= Duration.ofHours(12).toSeconds(),
                    "two a day: the next one in 12 hours, not " + after + " s");
            HttpResponse<String> form = send(app, "POST", "/watches", "address=" + String.format("0x%040x", 0xbeef04),
                    Map.of("Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-For", "203.0.113.1"));
            tooManyPage(form);
            assertEquals(2, app.wiring.watches.count(), "nothing stored past the quota");
            // Another client creates its own, and the first client's watches are all there.
            String y1 = id(createWatch(app, "203.0.113.2", 5)), y2 = id(createWatch(app, "203.0.113.2", 6));
            for (String id : List.of(x1, x2, y1, y2)) assertEquals(200, app.get("/api/v1/watches/" + id).statusCode(), id);
            // The instance's cap: a third client with quota left is refused, told when the longest-unread watch expires.
            long cap = tooMany(createWatch(app, "203.0.113.3", 7));
            assertTrue(cap > Duration.ofDays(89).toSeconds() && cap <= Duration.ofDays(90).toSeconds(), "Retry-After " + cap);
            assertEquals(4, app.wiring.watches.count());
            // Deleting takes the watch's id, and only it: an unknown or malformed id deletes nothing.
            assertEquals(404, send(app, "DELETE", "/api/v1/watches/" + "0".repeat(32), null, Map.of()).statusCode());
            assertEquals(404, send(app, "DELETE", "/api/v1/watches/" + String.format("0x%040x", 0xbeef01), null, Map.of()).statusCode());
            assertTrue(send(app, "DELETE", "/api/v1/watches", null, Map.of()).statusCode() >= 400, "no deletion without an id");
            assertEquals(4, app.wiring.watches.count());
            assertEquals(200, send(app, "DELETE", "/api/v1/watches/" + x1, null, Map.of()).statusCode());
            assertEquals(201, createWatch(app, "203.0.113.3", 7).statusCode(), "room again after a deletion");
        }
    }

    @Test
    void aWatchNobodyReadsExpiresAndReadingItKeepsIt() throws Exception {
        ShiftClock clock = new ShiftClock();
        try (TestApp app = app(Map.of("PERIMETER_SCAN_RATE_PER_MINUTE", "1000"), clock)) {
            String read = id(createWatch(app, "203.0.113.1", 1)), unread = id(createWatch(app, "203.0.113.1", 2));
            JsonNode w = JSON.readTree(app.get("/api/v1/watches/" + read).body());
            Instant created = Instant.parse(w.get("createdAt").asText());
            assertEquals(created.plus(Duration.ofDays(90)), Instant.parse(w.get("expiresAt").asText()));
            // The page and the feed say so.
            String page = app.get("/watch/" + read).body();
            assertTrue(page.contains("90 days</span> is deleted"), page);
            assertTrue(page.contains(created.plus(Duration.ofDays(90)).toString()), "the page names the date");
            String feed = app.get("/watch/" + read + "/feed.atom").body();
            assertTrue(feed.contains("deleted 90 days after its feed or page was last read: unless read again, on "
                    + created.plus(Duration.ofDays(90)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)), feed);

            // Day 60: the feed of one is read; reads within the hour after write nothing more.
            clock.shift = Duration.ofDays(60);
            assertEquals(200, app.get("/watch/" + read + "/feed.atom").statusCode());
            Instant readAt = Instant.parse(JSON.readTree(app.get("/api/v1/watches/" + read).body()).get("lastReadAt").asText());
            assertTrue(readAt.isAfter(created.plus(Duration.ofDays(60)).minusSeconds(1)), readAt.toString());
            clock.shift = Duration.ofDays(60).plusMinutes(10);
            assertEquals(readAt, Instant.parse(JSON.readTree(app.get("/api/v1/watches/" + read).body()).get("lastReadAt").asText()));
            assertEquals(0, app.wiring.watches.expire(), "nothing is 90 days unread yet");

            // Day 91: the unread one is deleted by the watch loop's round; the read one stays.
            clock.shift = Duration.ofDays(91);
            assertEquals(1, app.wiring.watches.expire());
            assertEquals(404, app.get("/api/v1/watches/" + unread).statusCode());
            assertEquals(404, app.get("/watch/" + unread + "/feed.atom").statusCode());
            assertEquals(200, app.get("/watch/" + read).statusCode());
            assertEquals(1, app.wiring.watches.count());
            // Day 182, no read since day 91: gone too, deleted by a round of the watch loop.
            clock.shift = Duration.ofDays(182);
            app.wiring.watches.rescanDue();
            assertEquals(0, app.wiring.watches.count());
        }
    }
}
