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
        Path out = Files.createTempFile("cli", ".out"), err = Files.createTempFile("cli", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "CLI did not finish");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void helpAndUnknownArguments() throws Exception {
        Run help = run(Map.of(), "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("import-incidents FILE"));
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
        Path dir = Files.createTempDirectory("cli-db");
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
}
