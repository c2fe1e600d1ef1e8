package dev.perimeter.update;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.TestApp;
import dev.perimeter.TestAppExtension;
import dev.perimeter.incident.IncidentService;
import dev.perimeter.util.Usd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * update-data end to end: the whole app (H2 in a temp dir, a copy of data/ that lacks some real rows) and a local HTTP
 * server serving stored snapshots of both feeds — new rows, the same rows again (nothing changes), a changed loss, a 500,
 * a truncated body, a 50 MiB body, content that is not the feed.
 */
class UpdateDataIT {
    static FeedServer server;
    static FeedFixtures.Reduced data;
    @RegisterExtension
    static final TestAppExtension app = new TestAppExtension(UpdateDataIT::feeds);

    /** The feed server and the reduced copy of data/; the app's settings to read them. */
    static Map<String, String> feeds() throws Exception {
        server = app.closeAfter(new FeedServer());
        server.llamaFile = FeedFixtures.LLAMA_H2;
        server.revokeDir = FeedFixtures.FEEDS.resolve("revoke-ledger-d0b2666");
        data = FeedFixtures.reducedData();
        return Map.of("PERIMETER_DATA_DIR", data.dir().toString(), "PERIMETER_FEED_DEFILLAMA_URL", server.llamaUrl(),
                "PERIMETER_FEED_REVOKE_URL", server.revokeUrl(), "PERIMETER_FEED_TIMEOUT_SECONDS", "10", "PERIMETER_FEED_MAX_MB", "16",
                "PERIMETER_CHAINS", "ethereum", "PERIMETER_RPC_ETHEREUM", "http://127.0.0.1:9");
    }

    static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(app.wiring().config.db().url(), "sa", "");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String checksum() throws Exception {
        try (Connection c = DriverManager.getConnection(app.wiring().config.db().url(), "sa", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT checksum FROM data_versions WHERE name = 'incidents'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static IncidentService.Counts counts(UpdateService.Report r, String dataset) {
        return r.applied().counts().stream().filter(c -> c.dataset().equals(dataset)).findFirst().orElseThrow(() ->
                new AssertionError("no counts for " + dataset + ": " + r));
    }

    static UpdateService.FeedResult feed(UpdateService.Report r, String name) {
        return r.feeds().stream().filter(f -> f.feed().equals(name)).findFirst().orElseThrow();
    }

    static JsonNode health(String feed) throws Exception {
        JsonNode h = app.getJson("/health");
        for (JsonNode f : h.get("feeds")) if (f.get("feed").asText().equals(feed)) return f;
        throw new AssertionError("no feed " + feed + " in " + h);
    }

    /** A failed feed changes nothing: the data version and the incidents stay as they were. */
    static void assertNothingChanged(UpdateService.Report r, String before, long incidents) throws Exception {
        assertFalse(r.applied().changed(), r.toString());
        assertEquals(before, checksum());
        assertEquals(incidents, count("SELECT COUNT(*) FROM incidents"));
    }

    @Test
    void feedsUpdateTheDatabaseOnceAndAFailingFeedChangesNothing() throws Exception {
        JsonNode h2 = app.json(Files.readString(FeedFixtures.LLAMA_H2));
        JsonNode ledgerOld = app.json(Files.readString(FeedFixtures.FEEDS.resolve("revoke-ledger-d0b2666/exploits/ledger-connect-kit.json")));
        JsonNode ledgerNew = app.json(Files.readString(FeedFixtures.FEEDS.resolve("revoke-ledger-4ff5176/exploits/ledger-connect-kit.json")));
        assertEquals(h2.size(), data.removedLlama().size() + data.keptLlamaH2(), "the fixture is the copy's 2025-H2 rows and those left out");
        assertFalse(data.removedLlama().isEmpty());
        long incidentsBefore = count("SELECT COUNT(*) FROM incidents");
        long llamaBefore = count("SELECT COUNT(*) FROM incident_sources WHERE dataset = 'defillama'");
        int snapshotBefore = app.wiring().exposure.snapshot().exploitedContractCount();
        assertEquals(0, count("SELECT COUNT(*) FROM incident_sources WHERE dataset = 'defillama' AND source_name = 'SuperRare'"),
                "SuperRare's DefiLlama row is one of those left out of the copy");

        // A second instance on the same database (as several instances behind a load balancer share one PostgreSQL).
        dev.perimeter.Wiring other = new dev.perimeter.Wiring(app.wiring().config, TestApp.testClock());
        other.syncData();

        // 1. New rows: 2025-H2 of DefiLlama (some new to this database) and Revoke.cash's Ledger Connect Kit (new).
        UpdateService.Report first = app.wiring().updates.run();
        assertTrue(first.ok(), first.toString());
        IncidentService.Counts llama = counts(first, "defillama");
        assertEquals(data.removedLlama().size(), llama.added());
        assertEquals(0, llama.updated());
        assertEquals(data.keptLlamaH2(), llama.unchanged());
        assertEquals(1, counts(first, "revoke").added());
        assertEquals(llamaBefore + data.removedLlama().size(), count("SELECT COUNT(*) FROM incident_sources WHERE dataset = 'defillama'"));
        assertEquals(incidentsBefore + first.applied().newIncidents().size(), count("SELECT COUNT(*) FROM incidents"),
                "rows that merged into an incident made no new one");
        assertTrue(first.applied().newIncidents().size() < data.removedLlama().size() + 1, "some rows joined incidents already there");
        // SuperRare's DefiLlama row joins its DeFiHackLabs twin: one incident, both sources.
        JsonNode superRare = app.getJson("/api/v1/incidents/2025-07-28-superrare");
        List<String> datasets = new ArrayList<>();
        superRare.get("sources").forEach(s -> datasets.add(s.get("dataset").asText()));
        assertEquals(List.of("defihacklabs", "defillama"), datasets);
        assertEquals(1, app.getJson("/api/v1/incidents?q=superrare").get("total").asInt(), "no duplicate");
        // The Ledger Connect Kit addresses are the attackers' (a supply-chain compromise): drainers, new, and in the snapshot.
        String ledgerId = null;
        int onEthereum = 0;
        for (JsonNode a : ledgerOld.get("addresses")) {
            if (a.get("chainId").asLong() != 1) continue;
            onEthereum++;
            String address = a.get("address").asText().toLowerCase(Locale.ROOT);
            String line = first.applied().newApprovalContracts().stream().filter(x -> x.startsWith("ethereum:" + address + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError(address + " not reported new"));
            assertTrue(line.contains("(drainer, "), line);
            ledgerId = line.substring(line.indexOf("(drainer, ") + "(drainer, ".length(), line.length() - 1);
            assertTrue(app.wiring().exposure.snapshot().exploitedContracts("ethereum").contains(address), "the snapshot was rebuilt");
        }
        assertTrue(onEthereum > 0);
        assertTrue(app.wiring().exposure.snapshot().exploitedContractCount() > snapshotBefore);
        // The other instance sees the stored data version move at its next round and rebuilds its snapshot too.
        String ledgerOnEthereum = ledgerOld.get("addresses").get(0).get("address").asText().toLowerCase(Locale.ROOT);
        assertFalse(other.exposure.snapshot().exploitedContracts("ethereum").contains(ledgerOnEthereum));
        other.refreshIfDataChanged();
        assertTrue(other.exposure.snapshot().exploitedContracts("ethereum").contains(ledgerOnEthereum));
        long otherVersion = other.exposure.snapshot().version();
        other.refreshIfDataChanged();
        assertEquals(otherVersion, other.exposure.snapshot().version(), "nothing moved: no rebuild");
        other.close();
        String ethAddress = ledgerOld.get("addresses").get(0).get("address").asText();
        HttpResponse<String> lookup = app.get("/api/v1/contracts/" + (ledgerOld.get("addresses").get(0).get("chainId").asLong() == 1 ? "ethereum" : "x")
                + "/" + ethAddress);
        assertEquals(200, lookup.statusCode(), lookup.body());
        JsonNode found = app.json(lookup);
        assertEquals(ledgerId, found.get("incidents").get(0).get("id").asText());
        assertEquals("drainer", found.get("incidents").get(0).get("role").asText());
        assertTrue(found.get("advice").get(0).asText().contains("attackers"), found.toString());
        for (String f : List.of("defillama", "revoke")) {
            JsonNode s = health(f);
            assertFalse(s.get("lastSuccess").isNull(), s.toString());
            assertTrue(s.get("errorKind").isNull(), s.toString());
        }
        String afterFirst = checksum();
        long incidentsAfterFirst = count("SELECT COUNT(*) FROM incidents");

        // 2. The same again: the server answers 304 to the validators of the last success; nothing changes.
        int conditional = server.notModified.get();
        UpdateService.Report same = app.wiring().updates.run();
        assertTrue(same.ok(), same.toString());
        assertEquals(1, feed(same, "defillama").notModified());
        assertEquals(1, feed(same, "revoke").notModified(), "index.json is read, the one exploit file was not modified");
        assertEquals(conditional + 2, server.notModified.get());
        assertNothingChanged(same, afterFirst, incidentsAfterFirst);
        // And from a server that ignores validators, the same rows are unchanged row by row.
        server.honourValidators = false;
        UpdateService.Report again = app.wiring().updates.run();
        server.honourValidators = true;
        assertEquals(h2.size(), counts(again, "defillama").unchanged());
        assertEquals(0, counts(again, "defillama").added() + counts(again, "defillama").updated());
        assertEquals(1, counts(again, "revoke").unchanged());
        assertNothingChanged(again, afterFirst, incidentsAfterFirst);

        // 3. Revoke.cash revised Ledger's amount ($0.85M → $0.61M, its commit 4ff5176) while DefiLlama answers 500: the
        // revision applies, DefiLlama is reported by name and changes nothing.
        server.revokeDir = FeedFixtures.FEEDS.resolve("revoke-ledger-4ff5176");
        server.llamaMode = FeedServer.Mode.ERROR_500;
        UpdateService.Report revised = app.wiring().updates.run();
        assertFalse(revised.ok());
        assertEquals("http_status", feed(revised, "defillama").errorKind());
        assertTrue(feed(revised, "revoke").ok());
        assertEquals(1, counts(revised, "revoke").updated());
        BigDecimal was = ledgerOld.get("amount").decimalValue().movePointRight(6), now = ledgerNew.get("amount").decimalValue().movePointRight(6);
        assertEquals(List.of(ledgerId + ": " + Usd.approx(was) + " → " + Usd.approx(now)), revised.applied().changedLosses());
        assertEquals(0, now.compareTo(new BigDecimal(app.getJson("/api/v1/incidents/" + ledgerId).get("lossUsd").asText())));
        JsonNode llamaHealth = health("defillama");
        assertEquals("http_status", llamaHealth.get("errorKind").asText());
        assertFalse(llamaHealth.get("lastSuccess").isNull(), "the last success is still shown");
        assertTrue(health("revoke").get("errorKind").isNull());

        // 4.–7. DefiLlama fails in every other way; each time nothing changes (Revoke.cash answers 304).
        String stable = checksum();
        long incidents = count("SELECT COUNT(*) FROM incidents");
        for (var c : List.of(new Object[] {FeedServer.Mode.TRUNCATED, "truncated"}, new Object[] {FeedServer.Mode.HUGE, "too_large"},
                new Object[] {FeedServer.Mode.NOT_JSON, "invalid"}, new Object[] {FeedServer.Mode.NOT_A_LIST, "invalid"})) {
            server.llamaMode = (FeedServer.Mode) c[0];
            UpdateService.Report r = app.wiring().updates.run();
            assertFalse(r.ok(), c[0].toString());
            UpdateService.FeedResult f = feed(r, "defillama");
            assertEquals(c[1], f.errorKind(), c[0] + ": " + f);
            if (c[1].equals("invalid")) assertFalse(f.problems().isEmpty(), "every problem is listed for the command's output");
            assertFalse(f.error().contains("Too many requests") || f.error().contains("internal\""), "no body in the error: " + f.error());
            assertTrue(feed(r, "revoke").ok());
            assertNothingChanged(r, stable, incidents);
            assertEquals(c[1], health("defillama").get("errorKind").asText());
        }
    }
}
