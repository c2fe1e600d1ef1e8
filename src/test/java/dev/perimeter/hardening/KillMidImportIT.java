package dev.perimeter.hardening;

import dev.perimeter.AppConfig;
import dev.perimeter.Wiring;
import org.junit.jupiter.api.Test;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code import-incidents} killed (SIGKILL, no shutdown hook) in the middle of its one transaction: the database must
 * come back exactly as it was before — same rows in every incident table, nothing half-imported — and a later import
 * must work.
 *
 * <p>How we know the kill lands inside the transaction: the child opens the H2 file with {@code AUTO_SERVER=TRUE} (the
 * engine still runs embedded in the child; the option only lets this test connect to it meanwhile), and the test polls
 * {@code INFORMATION_SCHEMA.SESSIONS.CONTAINS_UNCOMMITTED}: once the child's session holds uncommitted rows, the import
 * transaction is writing. The child is killed then, and must not have reported completion.
 */
class KillMidImportIT {
    static final String HEADER = "date,protocol,loss_usd,chains,vector,technique,attribution,funds_returned_usd,source_url,verified\n";
    static final int BIG_ROWS = 200_000;
    static final List<String> TABLES = List.of("incidents", "protocols", "incident_chains", "incident_sources", "incident_contracts");

    static Path writeBig(Path file, int rows) throws Exception {
        LocalDate first = LocalDate.of(2012, 1, 1);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            for (int i = 0; i < rows; i++) {
                // Every row valid and distinct: its own source URL, spread over dates, 500 protocols and two chains.
                w.write(first.plusDays(i % 5000) + ",Killtest Protocol " + (i % 500) + "," + (1000 + i) + ".50,ethereum;bsc,"
                        + (i % 3 == 0 ? "smart_contract" : "") + ",Reentrancy,,,https://example.org/killtest/" + i + "," + (i % 2 == 0)
                        + "\n");
            }
        }
        return file;
    }

    /** Row count of every incident table plus a fingerprint of the incident ids: "exactly as before" in a few numbers. */
    static Map<String, Object> snapshot(String url) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            for (String t : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + t)) {
                    rs.next();
                    out.put(t, rs.getLong(1));
                }
            }
            long fingerprint = 0;
            try (ResultSet rs = s.executeQuery("SELECT id, content_hash FROM incidents ORDER BY id")) {
                while (rs.next()) fingerprint = fingerprint * 31 + (rs.getString(1) + "|" + rs.getString(2)).hashCode();
            }
            out.put("fingerprint", fingerprint);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM incidents WHERE protocol_name LIKE 'Killtest%'")) {
                rs.next();
                out.put("killtestRows", rs.getLong(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM incident_chains ch LEFT JOIN incidents i ON i.id = ch.incident_id"
                    + " WHERE i.id IS NULL")) {
                rs.next();
                out.put("orphanChains", rs.getLong(1));
            }
        }
        return out;
    }

    static ProcessBuilder child(String dbUrl, Path csv, Path out, Path err) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "dev.perimeter.App", "import-incidents", csv.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("PERIMETER_"));
        pb.environment().put("PERIMETER_DB_URL", dbUrl);
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        return pb;
    }

    @Test
    void killedImportLeavesTheDatabaseAsItWas() throws Exception {
        Path dir = dev.perimeter.TestFiles.tempDir("perimeter-kill");
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();

        // 1. The state before: a database with the shipped data loaded, as after a first start.
        try (Wiring w = new Wiring(AppConfig.from(Map.of("PERIMETER_DB_URL", url)))) {
            w.incidents.syncShippedData();
        }
        Map<String, Object> before = snapshot(url);
        assertTrue((Long) before.get("incidents") > 800, "shipped data loaded: " + before);
        assertEquals(0L, before.get("killtestRows"));

        // 2. A big, entirely valid file, imported by a child JVM that is killed while it writes.
        Path big = writeBig(dir.resolve("BIG.csv"), BIG_ROWS);
        Path out = dir.resolve("child.out"), err = dir.resolve("child.err");
        String shared = url + ";AUTO_SERVER=TRUE";
        long t0 = System.nanoTime();
        Process p = child(shared, big, out, err).start();
        boolean inTransaction = false;
        long writingSince = 0, uncommittedSeen = 0;
        try {
            long until = System.currentTimeMillis() + 240_000; // a bound, not a speed goal: a loaded 2-core machine can take minutes to start the child and reach its transaction
            // Only connect once the child has opened the database (H2 then writes its server's address into the lock
            // file): a connection made before would open the file itself and make the child a mere client of this JVM.
            Path lock = dir.resolve("db.lock.db");
            while (!(Files.exists(lock) && readQuietly(lock).contains("server=")) && p.isAlive() && System.currentTimeMillis() < until) {
                Thread.sleep(20);
            }
            while (!inTransaction && System.currentTimeMillis() < until && p.isAlive()) {
                inTransaction = uncommittedRowsInAnotherSession(shared);
                if (!inTransaction) Thread.sleep(25);
            }
            writingSince = System.nanoTime();
            // Let it write a good share of the rows (visible to a READ UNCOMMITTED reader only), then pull the plug.
            while (inTransaction && p.isAlive() && System.currentTimeMillis() < until
                    && (uncommittedSeen = uncommittedKilltestRows(shared)) < BIG_ROWS / 10) {
                Thread.sleep(10);
            }
            assertTrue(p.isAlive(), "the import finished before it could be killed: make BIG_ROWS larger. stdout: "
                    + Files.readString(out) + " stderr: " + Files.readString(err));
        } finally {
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback by the child
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the child did not die");
        }
        long killedAfterMs = (System.nanoTime() - t0) / 1_000_000;
        String childOut = Files.readString(out), childErr = Files.readString(err);
        assertTrue(inTransaction, "never saw the import transaction open; stdout: " + childOut + " stderr: " + childErr);
        assertFalse(childOut.contains("imported"), "the child reported completion before the kill: " + childOut);
        assertTrue(uncommittedSeen > 0, "no uncommitted row was ever visible");
        System.out.printf("KillMidImportIT: %,d-row import killed %d ms after start, %d ms into its transaction, with %,d"
                + " uncommitted incident rows written%n", BIG_ROWS, killedAfterMs, (System.nanoTime() - writingSince) / 1_000_000,
                uncommittedSeen);

        // 3. Reopened (recovery runs here): exactly as before, no partial rows.
        Map<String, Object> after = snapshot(url);
        assertEquals(before, after, "the database after the killed import differs from before it");

        // 4. The app opens the recovered database and a later, normal import works.
        Path small = dir.resolve("small.csv");
        Files.writeString(small, HEADER
                + "2011-05-01,Killtest Afterwards,1000,ethereum,,Reentrancy,,,https://example.org/after/1,true\n"
                + "2011-05-02,Killtest Afterwards Two,,bsc,other,,,,https://example.org/after/2,\n", StandardCharsets.UTF_8);
        Process again = child(url, small, out, err).start();
        assertTrue(again.waitFor(120, TimeUnit.SECONDS), "the later import did not finish");
        assertEquals(0, again.exitValue(), Files.readString(err));
        assertTrue(Files.readString(out).contains("2 added, 0 unchanged"), Files.readString(out));
        Map<String, Object> later = snapshot(url);
        assertEquals((Long) before.get("incidents") + 2, later.get("incidents"));
        assertEquals(2L, later.get("killtestRows"));
        assertEquals(0L, later.get("orphanChains"));
    }

    static String readQuietly(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            return ""; // being written or already gone
        }
    }

    /** Incident rows of the big file, counted as a READ UNCOMMITTED reader sees them (the import's rows in flight). */
    static long uncommittedKilltestRows(String url) {
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM incidents WHERE protocol_name LIKE 'Killtest Protocol%'")) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    /** True once some session other than ours holds uncommitted changes (the import transaction is writing). */
    static boolean uncommittedRowsInAnotherSession(String url) {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE CONTAINS_UNCOMMITTED"
                     + " AND SESSION_ID <> SESSION_ID()")) {
            rs.next();
            return rs.getLong(1) > 0;
        } catch (SQLException e) {
            return false; // not up yet (the child creates the server when it opens the database)
        }
    }
}
