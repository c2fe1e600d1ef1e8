package dev.perimeter.watch;

import dev.perimeter.ShiftClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.perimeter.TestApp;
import dev.perimeter.db.TestDatabases;
import dev.perimeter.token.Token;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Watches end to end on a real anvil: a new incident of a held token's protocol, a revoked approval, the Atom feed, the
 * signed webhook (down, then up), a restart, and 1,000 watches rescanned while interactive scans are served.
 */
class WatchIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "a-test-secret-of-some-length";
    static Anvil anvil;
    static String usdc, exploited, pToken, protocol;

    /** A webhook receiver that checks every signature. */
    static final class Receiver implements AutoCloseable {
        record Got(String body, String signature, String key, boolean valid) {}

        final List<Got> got = new CopyOnWriteArrayList<>();
        final HttpServer server;

        Receiver(int port) throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/hook", ex -> {
                byte[] body = ex.getRequestBody().readAllBytes();
                String sig = ex.getRequestHeaders().getFirst("X-Perimeter-Signature");
                String expected = hmac(body);
                got.add(new Got(new String(body, StandardCharsets.UTF_8), sig, ex.getRequestHeaders().getFirst("Idempotency-Key"),
                        expected.equals(sig)));
                ex.sendResponseHeaders(expected.equals(sig) ? 204 : 401, -1);
                ex.close();
            });
            server.start();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** The receiver's own HMAC, written from the README's recipe rather than with Perimeter's code. */
    static String hmac(byte[] body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            StringBuilder hex = new StringBuilder("sha256=");
            for (byte b : mac.doFinal(body)) hex.append(String.format("%02x", b));
            return hex.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void start() {
        TokenRegistry registry = TokenRegistry.load(DataFiles.bundled());
        usdc = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> t.symbol().equals("USDC") && t.kind().equals("plain"));
        anvil = new Anvil(1);
        anvil.placeMulticall();
        anvil.placeToken(usdc, "USD Coin", "USDC", 6);
        // Protocol P: a registry token of a protocol with no incident yet, with nothing behind it (no underlying, no bridge).
        try (TestApp probe = new TestApp(Map.of("PERIMETER_CHAINS", "ethereum", "PERIMETER_RPC_ETHEREUM", anvil.url()))) {
            var snap = probe.wiring.exposure.snapshot();
            exploited = snap.exploitedContracts("ethereum").get(0);
            Token p = registry.all().stream().filter(t -> t.chain().equals("ethereum") && t.protocol() != null
                            && t.protocol().matches("[a-z0-9]+") && t.underlying() == null && t.bridge() == null
                            && snap.incidentsOfProtocol(t.protocol()).isEmpty()
                            && probe.wiring.infrastructure.catalog().forToken(t).isEmpty())
                    .sorted(java.util.Comparator.comparing(Token::address)).findFirst().orElseThrow();
            pToken = p.address();
            protocol = p.protocol();
        }
        anvil.placeToken(pToken, "P token", "PTKN", 18);
    }

    @AfterAll
    static void stop() {
        if (anvil != null) anvil.close();
    }

    static TestApp app(String dbUrl, int webhookPort, ShiftClock clock, int maxWatches) {
        return app(dbUrl, webhookPort, clock, maxWatches, Map.of());
    }

    static TestApp app(String dbUrl, int webhookPort, ShiftClock clock, int maxWatches, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of("PERIMETER_CHAINS", "ethereum", "PERIMETER_RPC_ETHEREUM", anvil.url(),
                "PERIMETER_SCAN_RATE_PER_MINUTE", "100000", "PERIMETER_WEBHOOK_URL", "http://127.0.0.1:" + webhookPort + "/hook",
                "PERIMETER_WEBHOOK_SECRET", SECRET, "PERIMETER_MAX_WATCHES", String.valueOf(maxWatches)));
        if (dbUrl != null) env.put("PERIMETER_DB_URL", dbUrl);
        env.putAll(more);
        return new TestApp(env, clock);
    }

    static byte[] csv(String date) {
        return ("date,protocol,loss_usd,chains,vector,technique,attribution,funds_returned_usd,source_url,verified\n"
                + date + "," + protocol + ",1000000,ethereum,smart_contract,Reentrancy,,,https://example.org/" + protocol + "-post-mortem,true\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** What the import-incidents command and update-data do inside the server: import, then announce the data change. */
    static int importP(TestApp app, String date) {
        var outcome = app.wiring.incidents.importCsv(csv(date), "p.csv");
        assertTrue(outcome.errors().isEmpty(), outcome.errors().toString());
        app.wiring.refreshSnapshot();
        return outcome.added();
    }

    static HttpResponse<String> send(TestApp app, String method, String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String create(TestApp app, String wallet, String label) throws Exception {
        HttpResponse<String> r = send(app, "POST", "/api/v1/watches", "{\"address\": \"" + wallet + "\", \"chains\": [\"ethereum\"], \"label\": \""
                + label + "\"}", Map.of("Content-Type", "application/json"));
        assertEquals(201, r.statusCode(), r.body());
        JsonNode n = JSON.readTree(r.body());
        String id = n.get("id").asText();
        assertTrue(id.matches("[0-9a-f]{32}"), "128 random bits: " + id);
        assertEquals("/watch/" + id, n.get("page").asText());
        assertEquals("/watch/" + id + "/feed.atom", n.get("feed").asText());
        return id;
    }

    /** The feed, parsed as XML and checked for what Atom 1.0 requires; its entries, newest first. */
    static List<Element> feed(TestApp app, String id) throws Exception {
        HttpResponse<String> r = app.get("/watch/" + id + "/feed.atom");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/atom+xml"));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
        Element feed = d.getDocumentElement();
        assertEquals("feed", feed.getLocalName());
        assertEquals("http://www.w3.org/2005/Atom", feed.getNamespaceURI());
        for (String req : List.of("id", "title", "updated", "author")) assertNotNull(child(feed, req), "feed lacks " + req);
        List<Element> entries = new ArrayList<>();
        NodeList nl = feed.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry");
        Instant previous = null;
        for (int i = 0; i < nl.getLength(); i++) {
            Element e = (Element) nl.item(i);
            for (String req : List.of("id", "title", "updated")) assertNotNull(child(e, req), "entry lacks " + req);
            assertTrue(child(e, "id").getTextContent().startsWith("urn:uuid:"));
            Instant t = Instant.parse(child(e, "updated").getTextContent());
            if (previous != null) assertFalse(t.isAfter(previous), "newest first");
            previous = t;
            entries.add(e);
        }
        return entries;
    }

    static Element child(Element parent, String name) {
        NodeList nl = parent.getElementsByTagNameNS("http://www.w3.org/2005/Atom", name);
        for (int i = 0; i < nl.getLength(); i++) if (nl.item(i).getParentNode() == parent) return (Element) nl.item(i);
        return null;
    }

    static List<String> links(Element entry) {
        List<String> out = new ArrayList<>();
        NodeList nl = entry.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "link");
        for (int i = 0; i < nl.getLength(); i++) out.add(((Element) nl.item(i)).getAttribute("href"));
        return out;
    }

    static String newIncidentId(TestApp app) throws Exception {
        JsonNode list = JSON.readTree(app.get("/api/v1/incidents?protocol=" + protocol).body());
        assertEquals(1, list.get("total").asInt(), list.toString());
        return list.get("items").get(0).get("id").asText();
    }

    @Test
    void aNewIncidentARevokedApprovalTheFeedAndTheSignedWebhook() throws Exception {
        String wallet = "0x9999999999999999999999999999999999999a01";
        anvil.mint(usdc, wallet, new BigInteger("2500000000"));
        anvil.mint(pToken, wallet, new BigInteger("1000000000000000000"));
        anvil.approve(usdc, wallet, exploited, new BigInteger("2").pow(256).subtract(BigInteger.ONE));
        int hookPort = Anvil.freePort(); // nothing listens there yet: the webhook is down
        ShiftClock clock = new ShiftClock();
        try (TestApp app = app(null, hookPort, clock, 3)) {
            String id = create(app, wallet, "test wallet");
            WatchService.Round first = app.wiring.watches.rescanDue();
            assertEquals(1, first.rescanned());
            assertEquals(0, first.changes(), "the first scan is the baseline");
            JsonNode w = JSON.readTree(app.get("/api/v1/watches/" + id).body());
            assertEquals("test wallet", w.get("label").asText());
            assertEquals("ok", w.get("chainStatus").get(0).get("status").asText(), w.toString());
            assertTrue(w.get("findings").toString().contains("approval_to_exploited_contract"), w.toString());
            assertEquals(0, w.get("changes").size());
            assertTrue(feed(app, id).isEmpty());

            // An incident of P: exactly one entry, naming it.
            assertEquals(1, importP(app, "2026-06-20"));
            WatchService.Round second = app.wiring.watches.rescanDue();
            assertEquals(1, second.changes(), "one new finding");
            String incident = newIncidentId(app);
            List<Element> entries = feed(app, id);
            assertEquals(1, entries.size());
            assertTrue(links(entries.get(0)).contains(app.base + "/incidents/" + incident), links(entries.get(0)).toString());
            assertTrue(links(entries.get(0)).contains(app.base + "/watch/" + id + "#change-"
                    + child(entries.get(0), "id").getTextContent().substring("urn:uuid:".length())), "links the evidence");
            assertTrue(child(entries.get(0), "summary").getTextContent().contains(incident));
            assertTrue(child(entries.get(0), "title").getTextContent().startsWith("New "));

            // The same file again adds no incident and no entry; a rescan on the interval neither.
            assertEquals(0, importP(app, "2026-06-20"));
            assertEquals(0, app.wiring.watches.rescanDue().changes());
            assertEquals(1, feed(app, id).size());

            // Revoking the approval on chain: a resolved entry.
            anvil.approve(usdc, wallet, exploited, BigInteger.ZERO);
            app.wiring.refreshSnapshot();
            WatchService.Round third = app.wiring.watches.rescanDue();
            assertEquals(1, third.changes());
            entries = feed(app, id);
            assertEquals(2, entries.size());
            assertTrue(child(entries.get(0), "title").getTextContent().startsWith("Resolved: approval_to_exploited_contract"),
                    child(entries.get(0), "title").getTextContent());
            assertTrue(links(entries.get(0)).stream().anyMatch(l -> l.contains("/contracts/ethereum/" + exploited)));

            // The scans went on while the webhook was down; its deliveries wait and are retried.
            assertEquals(0, app.wiring.webhook.deliverDue(), "nothing listens: both attempts fail");
            assertEquals(new WatchStore.DeliveryCounts(2, 0, 0), deliveries(app));
            try (Receiver receiver = new Receiver(hookPort)) {
                assertEquals(0, app.wiring.webhook.deliverDue(), "not before the backoff");
                clock.shift = Duration.ofMinutes(1);
                assertEquals(2, app.wiring.webhook.deliverDue());
                assertEquals(2, receiver.got.size());
                List<String> entryIds = new ArrayList<>();
                for (Element e : feed(app, id)) entryIds.add(child(e, "id").getTextContent().substring("urn:uuid:".length()));
                for (Receiver.Got g : receiver.got) {
                    assertTrue(g.valid(), "signature " + g.signature());
                    JsonNode body = JSON.readTree(g.body());
                    assertEquals(g.key(), body.get("id").asText(), "the idempotency key is the change's id");
                    assertTrue(entryIds.contains(g.key()));
                    assertEquals("/watch/" + id, body.get("watch").get("page").asText());
                }
                assertEquals(new WatchStore.DeliveryCounts(0, 2, 0), deliveries(app));
                clock.shift = Duration.ofHours(2);
                assertEquals(0, app.wiring.webhook.deliverDue(), "delivered once");
            }

            // The page shows the same timeline; the wallet page offers the watch form.
            String page = app.get("/watch/" + id).body();
            assertTrue(page.contains("test wallet") && page.contains("Resolved: approval_to_exploited_contract"));
            assertTrue(page.contains("href=\"/incidents/" + incident + "\""));
            assertTrue(page.contains("/watch/" + id + "/feed.atom"));
            assertTrue(app.get("/wallet/" + wallet).body().contains("action=\"/watches\""));

            // The form: same origin only, then a redirect to the new watch.
            String form = "address=" + wallet + "&chains=ethereum&label=from+the+form";
            assertEquals(403, send(app, "POST", "/watches", form, Map.of("Content-Type", "application/x-www-form-urlencoded",
                    "Sec-Fetch-Site", "cross-site")).statusCode());
            HttpResponse<String> made = send(app, "POST", "/watches", form, Map.of("Content-Type", "application/x-www-form-urlencoded",
                    "Sec-Fetch-Site", "same-origin"));
            assertEquals(303, made.statusCode());
            String formId = made.headers().firstValue("Location").orElseThrow().substring("/watch/".length());
            assertEquals(200, app.get("/watch/" + formId).statusCode());

            // Bad input 400, unknown ids 404, the limit 429.
            HttpResponse<String> bad = send(app, "POST", "/api/v1/watches", "{\"address\": \"0x1234\"}", Map.of("Content-Type", "application/json"));
            assertEquals(400, bad.statusCode());
            assertEquals("address", JSON.readTree(bad.body()).get("field").asText());
            HttpResponse<String> badChain = send(app, "POST", "/api/v1/watches", "{\"address\": \"" + wallet + "\", \"chains\": [\"mars\"]}",
                    Map.of("Content-Type", "application/json"));
            assertEquals(400, badChain.statusCode());
            assertEquals("chains", JSON.readTree(badChain.body()).get("field").asText());
            assertEquals(404, app.get("/api/v1/watches/" + "0".repeat(32)).statusCode());
            assertEquals(404, app.get("/api/v1/watches/nope").statusCode());
            assertEquals(404, app.get("/watch/" + "0".repeat(32) + "/feed.atom").statusCode());
            assertEquals(404, send(app, "DELETE", "/api/v1/watches/" + "0".repeat(32), null, Map.of()).statusCode());
            create(app, wallet, "third");
            HttpResponse<String> full = send(app, "POST", "/api/v1/watches", "{\"address\": \"" + wallet + "\"}", Map.of("Content-Type", "application/json"));
            assertEquals(429, full.statusCode(), full.body());

            // Delete: gone, with its timeline.
            HttpResponse<String> del = send(app, "DELETE", "/api/v1/watches/" + id, null, Map.of());
            assertEquals(200, del.statusCode());
            assertEquals(404, app.get("/api/v1/watches/" + id).statusCode());
            assertEquals(404, app.get("/watch/" + id).statusCode());
        }
    }

    static WatchStore.DeliveryCounts deliveries(TestApp app) {
        return new WatchStore(app.wiring.database).deliveryCounts();
    }

    @Test
    void aRestartKeepsWatchesAndPendingDeliveriesAndRepeatsNoAlert() throws Exception {
        String wallet = "0x9999999999999999999999999999999999999a02";
        anvil.mint(pToken, wallet, new BigInteger("5000000000000000000"));
        String db = TestDatabases.h2().url();
        int hookPort = Anvil.freePort();
        String id;
        try (TestApp first = app(db, hookPort, new ShiftClock(), 10)) {
            id = create(first, wallet, "restart");
            first.wiring.watches.rescanDue();
            importP(first, "2026-06-21");
            assertEquals(1, first.wiring.watches.rescanDue().changes());
            assertEquals(0, first.wiring.webhook.deliverDue(), "the receiver is down");
        }
        ShiftClock clock = new ShiftClock();
        clock.shift = Duration.ofMinutes(5);
        try (Receiver receiver = new Receiver(hookPort); TestApp second = app(db, hookPort, clock, 10)) {
            assertEquals(1, feed(second, id).size(), "the watch and its feed survived the restart");
            assertEquals(1, second.wiring.webhook.deliverDue(), "the pending delivery survived too");
            // Data changes and rescans after the restart: nothing new, so nothing announced again.
            second.wiring.refreshSnapshot();
            assertEquals(1, second.wiring.watches.rescanDue().rescanned());
            assertEquals(0, importP(second, "2026-06-21"));
            assertEquals(0, second.wiring.watches.rescanDue().changes());
            assertEquals(1, feed(second, id).size());
            clock.shift = Duration.ofHours(3);
            assertEquals(0, second.wiring.webhook.deliverDue());
            assertEquals(1, receiver.got.size());
            assertTrue(receiver.got.get(0).valid());
        }
    }

    @Test
    void aPublicUrlMakesTheFeedsAndTheWebhooksLinksAbsolute() throws Exception {
        String wallet = "0x9999999999999999999999999999999999999a03";
        anvil.mint(pToken, wallet, new BigInteger("5000000000000000000"));
        String publicUrl = "https://perimeter.example.org/watching";
        int hookPort = Anvil.freePort();
        ShiftClock clock = new ShiftClock();
        try (Receiver receiver = new Receiver(hookPort);
             TestApp app = app(null, hookPort, clock, 10, Map.of("PERIMETER_PUBLIC_URL", publicUrl + "/"))) {
            String id = create(app, wallet, "public");
            app.wiring.watches.rescanDue();
            importP(app, "2026-06-21");
            String incident = newIncidentId(app);
            assertEquals(1, app.wiring.watches.rescanDue().changes());
            assertEquals(1, app.wiring.webhook.deliverDue());
            JsonNode body = JSON.readTree(receiver.got.get(0).body());
            assertTrue(receiver.got.get(0).valid());
            assertEquals(publicUrl + "/watch/" + id, body.get("watch").get("page").asText(), "the trailing slash is dropped");
            assertEquals(publicUrl + "/watch/" + id + "/feed.atom", body.get("watch").get("feed").asText());
            List<String> incidents = new ArrayList<>();
            body.get("finding").get("incidents").forEach(n -> incidents.add(n.asText()));
            assertEquals(List.of(publicUrl + "/incidents/" + incident), incidents);
            // The feed's links use the public address, not the address the request came to.
            List<Element> entries = feed(app, id);
            assertEquals(1, entries.size());
            List<String> links = links(entries.get(0));
            assertFalse(links.isEmpty());
            for (String link : links) {
                assertTrue(link.startsWith(publicUrl + "/"), link);
                assertFalse(link.contains(app.base), link);
            }
        }
    }

    @Test
    void aThousandWatchesRescanWhileInteractiveScansAreServed() throws Exception {
        ShiftClock clock = new ShiftClock();
        try (TestApp app = app(null, Anvil.freePort(), clock, 1000)) {
            for (int i = 0; i < 1000; i++) {
                app.wiring.watches.create(String.format("0x%040x", 0xabc0000L + i), null, List.of("ethereum"), null);
            }
            assertEquals(1000, app.wiring.watches.count());
            java.util.concurrent.ExecutorService bg = java.util.concurrent.Executors.newSingleThreadExecutor();
            long t0 = System.nanoTime();
            var round = bg.submit(() -> app.wiring.watches.rescanDue());
            // While the watches are rescanned, people's scans are served (not 503: watches hold at most half the slots).
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 10 && !round.isDone(); i++) {
                statuses.add(app.get("/api/v1/wallets/" + String.format("0x%040x", 0xdef0000L + i) + "/exposure").statusCode());
            }
            WatchService.Round r = round.get(15, java.util.concurrent.TimeUnit.MINUTES); // a hang guard, not a speed goal
            long ms = (System.nanoTime() - t0) / 1_000_000;
            bg.shutdown();
            System.out.printf("WatchIT: 1000 watches rescanned in %d ms; interactive scans meanwhile: %s%n", ms, statuses);
            assertEquals(1000, r.rescanned());
            assertEquals(0, r.failedChains(), "no watch scan failed for want of a slot");
            assertFalse(statuses.isEmpty(), "interactive scans ran during the round");
            assertTrue(statuses.stream().allMatch(s -> s == 200), statuses.toString());
            assertTrue(app.wiring.watches.rescanDue().rescanned() == 0, "none is due again before the interval");
        }
    }
}
