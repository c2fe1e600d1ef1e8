package dev.perimeter;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The command line in a child JVM, as a user runs it (env vars, exit codes, output). */
class CliIT {
    record Run(int code, String out, String err) {}

    static Run run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.perimeter.App"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("PERIMETER_"));
        pb.environment().putAll(env);
        // A command never reaches the network: every feed is off unless the test points it at its local server.
        for (String feed : List.of("PERIMETER_FEED_DEFILLAMA_URL", "PERIMETER_FEED_REVOKE_URL", "PERIMETER_FEED_PRICES_URL")) {
            pb.environment().putIfAbsent(feed, "off");
        }
        Path out = TestFiles.tempFile("cli", ".out"), err = TestFiles.tempFile("cli", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "CLI did not finish");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void helpAndUnknownArguments() throws Exception {
        Run help = run(Map.of(), "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("import-incidents [--format csv|defillama|revoke] FILE"), help.out());
        assertTrue(help.out().contains("update-data"), help.out());
        Run unknown = run(Map.of(), "frobnicate");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown command 'frobnicate'") && unknown.err().contains("Usage:"));
        assertEquals(2, run(Map.of(), "import-incidents").code());
    }

    @Test
    void invalidConfigurationIsOneLinePerProblem() throws Exception {
        Run r = run(Map.of("PERIMETER_PORT", "x", "PERIMETER_CHAINS", "mars"), "serve");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("PERIMETER_PORT: not a whole number"), r.err());
        assertTrue(r.err().contains("PERIMETER_CHAINS: unknown chain 'mars'"), r.err());
    }

    @Test
    void importGoodThenBadThenAgain() throws Exception {
        Path dir = TestFiles.tempDir("cli-db");
        Map<String, String> env = Map.of("PERIMETER_DB_URL", "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
        Path good = dir.resolve("good.csv");
        Files.writeString(good, "date,protocol,loss_usd,chains,vector,technique,attribution,funds_returned_usd,source_url,verified\n"
                + "2010-02-01,Cli Example,1000,ethereum,,Reentrancy,,,https://example.org/x,true\n"
                + "2010-02-02,Cli Example Two,,bsc,other,,,,https://example.org/y,\n", StandardCharsets.UTF_8);
        Run first = run(env, "import-incidents", good.toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("2 added, 0 unchanged"), first.out());

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "date,protocol,loss_usd,chains,vector,technique,attribution,funds_returned_usd,source_url,verified\n"
                + "2010-03-01,Fine,1,,,,,,https://example.org/z,\n"
                + "yesterday,Broken,1,,,,,,https://example.org/z,\n"
                + "2010-03-02,Broken Too,1,,bogus,,,,https://example.org/z,\n", StandardCharsets.UTF_8);
        Run rejected = run(env, "import-incidents", bad.toString());
        assertEquals(1, rejected.code());
        assertTrue(rejected.err().contains("line 3: date 'yesterday'"), rejected.err());
        assertTrue(rejected.err().contains("line 4: vector 'bogus'"), rejected.err());
        assertTrue(rejected.err().contains("database is unchanged"));

        Run again = run(env, "import-incidents", good.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("0 added, 2 unchanged"), again.out());

        Run missing = run(env, "import-incidents", dir.resolve("nope.csv").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no such file"));
    }

    @Test
    void checkDataPassesOnTheShippedDataAndFailsOnABrokenCopy() throws Exception {
        Run ok = run(Map.of(), "check-data");
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("## Incidents and losses by vector per year"), ok.out());
        assertTrue(ok.out().contains("OK: no dangling reference"), ok.out());

        Path dir = TestData.copyBundledData();
        Path report = dir.resolve("report.csv");
        Run written = run(Map.of(), "check-data", dir.toString(), "--merge-report", report.toString());
        assertEquals(0, written.code(), written.err());
        assertEquals(Files.readString(dir.resolve("incidents/merge-report.csv")), Files.readString(report),
                "the report written is the committed one");

        Files.writeString(dir.resolve("incidents/reviews.csv"), "2024-01-01,X,defihacklabs|2024-01-01|No Such Row,true,other,contracts,,,,1,,"
                + "https://example.org/x,test\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        Run broken = run(Map.of(), "check-data", dir.toString());
        assertEquals(1, broken.code(), broken.out());
        assertTrue(broken.out().contains("FAILED") && broken.out().contains("No Such Row"), broken.out());
        assertEquals(2, run(Map.of(), "check-data", "--merge-report").code());
        assertEquals(1, run(Map.of(), "check-data", dir.resolve("nope").toString()).code());
    }

    @Test
    void importFeedFormatsOnRealRowsThenAgainThenBadInput() throws Exception {
        var data = dev.perimeter.update.FeedFixtures.reducedData();
        Path dir = TestFiles.tempDir("cli-feed-db");
        Map<String, String> env = Map.of("PERIMETER_DB_URL", "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(),
                "PERIMETER_DATA_DIR", data.dir().toString());
        String file = dev.perimeter.update.FeedFixtures.LLAMA_H2.toString();
        Run first = run(env, "import-incidents", "--format", "defillama", file);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("(defillama): " + data.removedLlama().size() + " added, 0 updated, " + data.keptLlamaH2() + " unchanged"),
                first.out());
        assertTrue(first.out().contains("new incidents: "), first.out());
        Run again = run(env, "import-incidents", "--format=defillama", file);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("0 added, 0 updated, " + (data.removedLlama().size() + data.keptLlamaH2()) + " unchanged"), again.out());
        assertTrue(again.out().contains("nothing changed"), again.out());
        Run revoke = run(env, "import-incidents", "--format", "revoke",
                dev.perimeter.update.FeedFixtures.FEEDS.resolve("revoke-ledger-4ff5176").toString());
        assertEquals(0, revoke.code(), revoke.err());
        assertTrue(revoke.out().contains("(revoke): 1 added, 0 updated, 0 unchanged"), revoke.out());
        assertTrue(revoke.out().contains("new exploited contracts (approvals to them are dangerous): "), revoke.out());

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "[{\"date\":1735689600,\"name\":\"Fine\",\"amount\":1},{\"date\":\"yesterday\",\"name\":\"Broken\"}]");
        Run rejected = run(env, "import-incidents", "--format", "defillama", bad.toString());
        assertEquals(1, rejected.code());
        assertTrue(rejected.err().contains("item 2 (Broken): date is not a unix time in seconds"), rejected.err());
        assertTrue(rejected.err().contains("the database is unchanged"), rejected.err());
        assertEquals(2, run(env, "import-incidents", "--format", "xml", file).code());
        assertEquals(2, run(env, "import-incidents", "--format", "revoke").code());
    }

    @Test
    void updateDataAppliesTheFeedsThatAnswerAndNamesTheOneThatFailed() throws Exception {
        try (dev.perimeter.update.FeedServer server = new dev.perimeter.update.FeedServer()) {
            server.llamaMode = dev.perimeter.update.FeedServer.Mode.ERROR_500;
            // Ledger Connect Kit as Revoke.cash listed it at d0b2666 ($0.85M); the shipped copy has the later $0.61M.
            server.revokeDir = dev.perimeter.update.FeedFixtures.FEEDS.resolve("revoke-ledger-d0b2666");
            Path dir = TestFiles.tempDir("cli-update-db");
            Map<String, String> env = Map.of("PERIMETER_DB_URL", "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(),
                    "PERIMETER_FEED_DEFILLAMA_URL", server.llamaUrl(), "PERIMETER_FEED_REVOKE_URL", server.revokeUrl(),
                    "PERIMETER_FEED_PRICES_URL", "off");
            Run r = run(env, "update-data");
            assertEquals(1, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("feed defillama failed (http_status): HTTP 500; nothing from it was applied"), r.err());
            assertTrue(r.out().contains("feed revoke: ok, 1 file(s) read, 0 not modified, 1 rows: 0 added, 1 updated, 0 unchanged"), r.out());
            assertTrue(r.out().contains("changed losses: 1"), r.out());
            assertEquals(2, run(env, "update-data", "now").code());
            Run off = run(Map.of("PERIMETER_DB_URL", "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(),
                    "PERIMETER_FEED_DEFILLAMA_URL", "off", "PERIMETER_FEED_REVOKE_URL", "off", "PERIMETER_FEED_PRICES_URL", "off"), "update-data");
            assertEquals(1, off.code());
            assertTrue(off.err().contains("no feed is configured"), off.err());
        }
    }

    /**
     * serve with the default update schedule (PERIMETER_UPDATE_INTERVAL unset: 12h) and feeds nobody answers: the server
     * starts and serves at once, its first update runs in the background (about 30 s later), fails as unreachable, and the
     * server goes on serving.
     */
    @Test
    void serveStartsAndKeepsServingWithTheDefaultScheduleAndUnreachableFeeds() throws Exception {
        int port, closed;
        try (java.net.ServerSocket a = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             java.net.ServerSocket b = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = a.getLocalPort();
            closed = b.getLocalPort(); // nothing listens there once this block ends
        }
        Path dir = TestFiles.tempDir("cli-serve");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.perimeter.App", "serve"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("PERIMETER_"));
        pb.environment().putAll(Map.of("PERIMETER_DB_URL", "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(),
                "PERIMETER_PORT", String.valueOf(port), "PERIMETER_CHAINS", "ethereum", "PERIMETER_RPC_ETHEREUM", "http://127.0.0.1:9",
                "PERIMETER_HEALTH_CACHE_SECONDS", "0",
                "PERIMETER_FEED_DEFILLAMA_URL", "http://127.0.0.1:" + closed + "/hacks",
                "PERIMETER_FEED_REVOKE_URL", "http://127.0.0.1:" + closed + "/approval-exploit-list/",
                "PERIMETER_FEED_PRICES_URL", "http://127.0.0.1:" + closed + "/prices/"));
        Path log = dir.resolve("serve.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        Process p = pb.start();
        try {
            long started = System.nanoTime();
            com.fasterxml.jackson.databind.JsonNode health = null;
            while (health == null && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(120) && p.isAlive()) {
                try {
                    var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/health")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) health = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
                } catch (java.io.IOException notYet) {
                    Thread.sleep(250);
                }
            }
            assertNotNull(health, "the server did not start: " + Files.readString(log));
            assertTrue(Files.readString(log).contains("data updates every PT12H"), "the default schedule runs: " + Files.readString(log));
            assertEquals(200, get(http, base + "/stats").statusCode());

            // The first run fails as unreachable, in the background; the server keeps serving.
            String kind = null;
            while (kind == null && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(150)) {
                Thread.sleep(1000);
                var h = new com.fasterxml.jackson.databind.ObjectMapper().readTree(get(http, base + "/health").body());
                for (var f : h.get("feeds")) {
                    if (f.get("feed").asText().equals("defillama") && !f.get("errorKind").isNull()) kind = f.get("errorKind").asText();
                }
            }
            assertEquals("unreachable", kind, Files.readString(log));
            assertEquals(200, get(http, base + "/stats").statusCode());
            assertEquals(200, get(http, base + "/incidents").statusCode());
            assertTrue(p.isAlive());
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    static java.net.http.HttpResponse<String> get(java.net.http.HttpClient http, String url) throws Exception {
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).timeout(java.time.Duration.ofSeconds(30)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }
}
