package dev.perimeter.incident;

import dev.perimeter.db.Database;
import dev.perimeter.db.TestDatabases;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static dev.perimeter.incident.IncidentStoreTest.count;
import static org.junit.jupiter.api.Assertions.*;

/**
 * What changes a stored database, each on a database of its own, on H2 (always) and PostgreSQL (when configured): a
 * changed data file, two rebuilds at once, a database from a newer Perimeter. (The load and the queries on one loaded
 * database: {@link IncidentStoreTest}.)
 */
class IncidentStoreChangesTest {
    static List<TestDatabases.Target> targets() {
        return TestDatabases.all();
    }

    /**
     * Two rebuilds at once (on H2: a command and the server sharing the file through auto-server; on PostgreSQL: two
     * instances): the second waits until the first commits, then builds on the first's data version.
     */
    @ParameterizedTest
    @MethodSource("targets")
    void twoRebuildsTakeTurnsAndTheSecondSeesTheFirstsVersion(TestDatabases.Target t) throws Exception {
        try (Database db = TestDatabases.open(t)) {
            IncidentWriteStore w = new IncidentWriteStore(db, java.time.Clock.systemUTC());
            assertTrue(w.syncShipped("zero", List.of(), List.of()));
            java.util.concurrent.CountDownLatch inFirst = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> w.rebuild((stored, current, before) -> {
                inFirst.countDown();
                try {
                    release.await(20, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new IncidentWriteStore.Outcome<>("one", List.of(), List.of(), List.of(), current);
            }, () -> "nothing"));
            assertTrue(inFirst.await(20, java.util.concurrent.TimeUnit.SECONDS));
            var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> w.rebuild((stored, current, before) ->
                    new IncidentWriteStore.Outcome<>("two", List.of(), List.of(), List.of(), current), () -> "nothing"));
            Thread.sleep(500);
            assertFalse(second.isDone(), "the second rebuild waits while the first holds the data version");
            release.countDown();
            assertEquals("zero", first.get(20, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("one", second.get(20, java.util.concurrent.TimeUnit.SECONDS), "then reads the version the first wrote");
            try (Connection c = db.connection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT checksum, COUNT(*) OVER () FROM data_versions WHERE name = 'incidents'")) {
                assertTrue(rs.next());
                assertEquals("two", rs.getString(1));
                assertEquals(1, rs.getInt(2), "one data-version row");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void changedDataFileResyncsWithoutDuplicatesAndKeepsImports(TestDatabases.Target t) throws Exception {
        Path dir = dev.perimeter.TestData.copyBundledData();
        try (Database db = TestDatabases.open(t)) {
            IncidentService svc = new IncidentService(db, DataFiles.folder(dir), java.time.Clock.systemUTC());
            svc.syncShippedData();
            int before = count(db, "SELECT COUNT(*) FROM incidents");
            var imported = svc.importCsv(("date,protocol,loss_usd,chains,vector,technique,attribution,funds_returned_usd,source_url,verified\n"
                    + "2024-02-02,Imported Example,1000,ethereum,,Reentrancy,,,https://example.org/report,false\n").getBytes(StandardCharsets.UTF_8), "mine.csv");
            assertEquals(1, imported.added());

            // A new SoK row: the checksum changes, the data reloads, one more incident, nothing duplicated.
            Path sok = dir.resolve("incidents/sok_bridge_hacks.csv");
            Files.writeString(sok, Files.readString(sok) + "2019-01-01,Zeta Test Bridge,1000,01/01/2019,test\n");
            assertTrue(svc.syncShippedData().loaded());
            assertEquals(before + 2, count(db, "SELECT COUNT(*) FROM incidents"));
            assertEquals(1, count(db, "SELECT COUNT(*) FROM incidents WHERE origin = 'import'"));
            assertEquals(dev.perimeter.TestData.datasetRecords(DataFiles.folder(dir)), count(db,
                    "SELECT COUNT(*) FROM incident_sources WHERE dataset <> 'import'"), "the new SoK row is one more source row");
        }
    }

    @Test
    void databaseFromANewerVersionIsRefusedAndLeftAsItWas() throws Exception {
        TestDatabases.Target t = TestDatabases.h2();
        try (Database db = TestDatabases.open(t); Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\", \"type\", \"script\","
                    + " \"checksum\", \"installed_by\", \"execution_time\", \"success\") VALUES (99, '99', 'from the future', 'SQL',"
                    + " 'V99__future.sql', 0, 'sa', 0, TRUE)");
        }
        try (Database db = new Database(t.url(), t.user(), t.password())) {
            Database.DatabaseException e = assertThrows(Database.DatabaseException.class, db::migrate);
            assertTrue(e.getMessage().contains("newer Perimeter"), e.getMessage());
            assertEquals(1, count(db, "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '99'"));
        }
    }

}
