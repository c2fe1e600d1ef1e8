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
}
