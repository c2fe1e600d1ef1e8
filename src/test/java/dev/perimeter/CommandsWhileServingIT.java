package dev.perimeter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.update.FeedFixtures;
import dev.perimeter.update.FeedServer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

/**
 * update-data and import-incidents while the server runs on the embedded H2 default (auto-server mode): the server (this
 * JVM) holds the H2 file, each command runs in its own JVM against the same URL and succeeds, and the server sees what it
 * wrote — pages at once, its exposure snapshot at its next data-version check.
 */
class CommandsWhileServingIT {
    static final ObjectMapper JSON = new ObjectMapper();
    /** One of the addresses of Revoke.cash's Ledger Connect Kit exploit (the fixture the reduced data lacks). */
    static final String LEDGER_DRAINER = "0xade2e990d714d8118814ea998a4b9b4160a74741";

    /** This machine's addresses other than loopback (another machine would reach the port through one of them). */
    static java.util.List<java.net.InetAddress> otherAddressesOfThisMachine() throws Exception {
        java.util.List<java.net.InetAddress> out = new java.util.ArrayList<>();
        for (var nif : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) continue;
            for (var a : java.util.Collections.list(nif.getInetAddresses())) {
                if (a instanceof java.net.Inet4Address && !a.isLoopbackAddress()) out.add(a);
            }
        }
        return out;
    }

    static JsonNode json(TestApp app, String path) throws Exception {
        return JSON.readTree(app.get(path).body());
    }

    @Test
    void theCommandsUseTheRunningServersH2FileAndTheServerSeesTheirChanges() throws Exception {
        FeedFixtures.Reduced data = FeedFixtures.reducedData();
        Path dir = TestFiles.tempDir("live-h2");
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";AUTO_SERVER=TRUE";
        assertTrue(AppConfig.DEFAULT_DB_URL.endsWith(";AUTO_SERVER=TRUE"), "the default URL is in the same mode");
        Map<String, String> common = Map.of("PERIMETER_DB_URL", url, "PERIMETER_DATA_DIR", data.dir().toString(),
                "PERIMETER_CHAINS", "ethereum", "PERIMETER_RPC_ETHEREUM", "http://127.0.0.1:9", "PERIMETER_FEED_PRICES_URL", "off");
        try (FeedServer feeds = new FeedServer(); TestApp server = new TestApp(common)) {
            // The H2 file's server, for other processes, listens on the loopback interface only.
            Properties lock = new Properties();
            try (InputStream in = Files.newInputStream(dir.resolve("db.lock.db"))) {
                lock.load(in);
            }
            String at = lock.getProperty("server", "");
            assertTrue(at.startsWith("localhost:") || at.startsWith("127.0.0.1:"), "auto-server announced on loopback: " + lock);
            int port = Integer.parseInt(at.substring(at.lastIndexOf(':') + 1));
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                assertTrue(s.isConnected(), "reachable from this machine");
            }
            for (java.net.InetAddress other : otherAddressesOfThisMachine()) {
                assertThrows(java.io.IOException.class, () -> {
                    try (java.net.Socket s = new java.net.Socket()) {
                        s.connect(new java.net.InetSocketAddress(other, port), 2000);
                    }
                }, "not listening on " + other);
            }

            String versionBefore = server.wiring.incidents.storedDataVersion();
            long snapshotBefore = server.wiring.exposure.snapshot().version();
            int incidentsBefore = server.wiring.exposure.snapshot().incidentCount();
            assertFalse(server.wiring.exposure.snapshot().exploitedContracts("ethereum").contains(LEDGER_DRAINER));
            JsonNode unknownYet = json(server, "/api/v1/contracts/ethereum/" + LEDGER_DRAINER);
            assertFalse(unknownYet.get("known").asBoolean(), "not in the data yet: " + unknownYet);
            assertEquals(0, unknownYet.get("incidents").size());
            int h2Before = json(server, "/api/v1/stats/semesters/2025-H2").get("incidents").asInt();

            // import-incidents (Revoke.cash's format) in its own JVM, against the server's file.
            CliIT.Run revoke = CliIT.run(common, "import-incidents", "--format", "revoke",
                    FeedFixtures.FEEDS.resolve("revoke-ledger-4ff5176").toString());
            assertEquals(0, revoke.code(), revoke.out() + revoke.err());
            assertTrue(revoke.out().contains("(revoke): 1 added, 0 updated, 0 unchanged"), revoke.out());
            // The server reads what the command wrote on its next request.
            JsonNode contract = json(server, "/api/v1/contracts/ethereum/" + LEDGER_DRAINER);
            assertTrue(contract.get("incidents").size() > 0, contract.toString());

            // update-data in its own JVM: DefiLlama's 2025-H2 rows from a local feed server.
            feeds.llamaFile = FeedFixtures.LLAMA_H2;
            Map<String, String> update = new java.util.HashMap<>(common);
            update.put("PERIMETER_FEED_DEFILLAMA_URL", feeds.llamaUrl());
            update.put("PERIMETER_FEED_REVOKE_URL", "off");
            CliIT.Run updated = CliIT.run(update, "update-data");
            assertEquals(0, updated.code(), updated.out() + updated.err());
            assertTrue(updated.out().contains("feed defillama: ok, 1 file(s) read, 0 not modified, " + (data.removedLlama().size()
                    + data.keptLlamaH2()) + " rows: " + data.removedLlama().size() + " added"), updated.out());
            int h2After = json(server, "/api/v1/stats/semesters/2025-H2").get("incidents").asInt();
            assertTrue(h2After > h2Before, "the statistics follow at once: 2025-H2 " + h2Before + " -> " + h2After);

            // import-incidents (CSV v1): adds an incident without a rebuild; the data version counts it too.
            Path csv = dir.resolve("one.csv");
            Files.writeString(csv, "date,protocol,loss_usd,chains,vector,technique,attribution,funds_returned_usd,source_url,verified\n"
                    + "2010-02-01,Live Example,1000,ethereum,,Reentrancy,,,https://example.org/x,true\n", StandardCharsets.UTF_8);
            CliIT.Run csvRun = CliIT.run(common, "import-incidents", csv.toString());
            assertEquals(0, csvRun.code(), csvRun.out() + csvRun.err());
            assertTrue(csvRun.out().contains("1 added, 0 unchanged"), csvRun.out());
            assertEquals(1, json(server, "/api/v1/incidents?q=Live%20Example").get("total").asInt());

            // The exposure snapshot follows at the server's next data-version check (the watch loop's, every 30 s).
            assertNotEquals(versionBefore, server.wiring.incidents.storedDataVersion());
            server.wiring.refreshIfDataChanged();
            var snapshot = server.wiring.exposure.snapshot();
            assertTrue(snapshot.version() > snapshotBefore, "a new snapshot");
            assertTrue(snapshot.exploitedContracts("ethereum").contains(LEDGER_DRAINER), "approvals to the drainer are checked now");
            assertTrue(snapshot.incidentCount() > incidentsBefore, incidentsBefore + " -> " + snapshot.incidentCount());
            long built = snapshot.version();
            server.wiring.refreshIfDataChanged();
            assertEquals(built, server.wiring.exposure.snapshot().version(), "nothing new: no rebuild");
        }
    }

    /** Without auto-server mode a second process cannot open the file; the command says how to share it. */
    @Test
    void aPlainH2UrlHeldByAnotherProcessNamesTheFix() throws Exception {
        Path dir = TestFiles.tempDir("held-h2");
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
        try (dev.perimeter.db.Database held = new dev.perimeter.db.Database(url, "sa", "")) {
            held.migrate();
            Path csv = dir.resolve("one.csv");
            Files.writeString(csv, "date,protocol,loss_usd,chains,vector,technique,attribution,funds_returned_usd,source_url,verified\n"
                    + "2010-02-01,Held Example,1000,ethereum,,Reentrancy,,,https://example.org/x,true\n", StandardCharsets.UTF_8);
            CliIT.Run r = CliIT.run(Map.of("PERIMETER_DB_URL", url), "import-incidents", csv.toString());
            assertEquals(1, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("AUTO_SERVER=TRUE"), r.err());
        }
    }
}
