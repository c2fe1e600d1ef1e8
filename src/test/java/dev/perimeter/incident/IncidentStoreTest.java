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

import static org.junit.jupiter.api.Assertions.*;

/** Flyway, the start-up data sync and the import, on H2 (always) and PostgreSQL (when configured). */
class IncidentStoreTest {
    static List<TestDatabases.Target> targets() {
        return TestDatabases.all();
    }

    static int count(Database db, String sql) throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void freshDatabaseMigratesAndLoadsOnceThenNothingOnRestart(TestDatabases.Target t) throws Exception {
        try (Database db = TestDatabases.open(t)) {
            assertEquals(0, count(db, "SELECT COUNT(*) FROM incidents"));
            IncidentService svc = new IncidentService(db, DataFiles.bundled(), java.time.Clock.systemUTC());
            IncidentService.SyncResult first = svc.syncShippedData();
            assertTrue(first.loaded());
            int incidents = count(db, "SELECT COUNT(*) FROM incidents");
            int sources = count(db, "SELECT COUNT(*) FROM incident_sources");
            int contracts = count(db, "SELECT COUNT(*) FROM incident_contracts");
            assertEquals(first.incidents(), incidents);
            assertEquals(dev.perimeter.TestData.datasetRecords(DataFiles.bundled()), sources, "one source row per dataset record");
            assertTrue(contracts > 500, "contracts: " + contracts);
            assertTrue(count(db, "SELECT COUNT(*) FROM published_figures") >= 19);

            IncidentService.SyncResult again = new IncidentService(db, DataFiles.bundled(), java.time.Clock.systemUTC()).syncShippedData();
            assertFalse(again.loaded());
            assertEquals(incidents, count(db, "SELECT COUNT(*) FROM incidents"));
            assertEquals(sources, count(db, "SELECT COUNT(*) FROM incident_sources"));
        }
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

    /** Issue 12's fields survive the database: scope, its basis, affected assets and contracts, the loss note. */
    @ParameterizedTest
    @MethodSource("targets")
    void scopeAssetsAndBasesRoundTrip(TestDatabases.Target t) throws Exception {
        try (Database db = TestDatabases.open(t)) {
            IncidentService svc = new IncidentService(db, DataFiles.bundled(), java.time.Clock.systemUTC());
            svc.syncShippedData();
            Incident built = ShippedIncidents.load(DataFiles.bundled()).incidents().stream()
                    .filter(i -> i.id().equals("2022-03-29-ronin-network")).findFirst().orElseThrow();
            Incident stored = svc.get(built.id()).orElseThrow();
            assertEquals(built.scope(), stored.scope());
            assertEquals(built.scopeBasis(), stored.scopeBasis());
            assertEquals(built.vectorBasis(), stored.vectorBasis());
            assertEquals(built.lossNote(), stored.lossNote());
            assertEquals(built.lossBasis(), stored.lossBasis());
            assertTrue(stored.reviewed());
            assertEquals(built.affectedAssets(), stored.affectedAssets());
            assertEquals(built.date(), stored.date());
            IncidentQueryStore.IndexRow row = svc.index().stream().filter(r -> r.id().equals(built.id())).findFirst().orElseThrow();
            assertEquals(built.scope().code, row.scope());
            assertEquals(built.affectedAssets(), row.affectedAssets());
            assertEquals(built.affectedContracts().size(), row.affectedContracts().size());
            // A reviewed asset with an address keeps it (BeautyChain's BEC token).
            Incident bec = ShippedIncidents.load(DataFiles.bundled()).incidents().stream()
                    .filter(i -> i.sources().stream().anyMatch(s -> s.key().equals("defihacklabs|2018-04-22|Beauty Chain"))).findFirst().orElseThrow();
            assertEquals(bec.affectedAssets(), svc.get(bec.id()).orElseThrow().affectedAssets());
            assertNotNull(bec.affectedAssets().get(0).address());
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void changedDataFileResyncsWithoutDuplicatesAndKeepsImports(TestDatabases.Target t) throws Exception {
        Path dir = copyBundledData();
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

    @ParameterizedTest
    @MethodSource("targets")
    void corruptDataFileFailsClearlyAndKeepsWhatWasStored(TestDatabases.Target t) throws Exception {
        Path dir = copyBundledData();
        try (Database db = TestDatabases.open(t)) {
            new IncidentService(db, DataFiles.folder(dir), java.time.Clock.systemUTC()).syncShippedData();
            int before = count(db, "SELECT COUNT(*) FROM incidents");
            Files.writeString(dir.resolve("incidents/sok_bridge_hacks.csv"), "date,bridge,loss_usd,date_raw,dataset\nnot-a-date,X,1,x,y\n");
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> new IncidentService(db, DataFiles.folder(dir), java.time.Clock.systemUTC()).syncShippedData());
            assertTrue(e.getMessage().contains("sok_bridge_hacks.csv: line 2"), e.getMessage());
            assertEquals(before, count(db, "SELECT COUNT(*) FROM incidents"));
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void queriesFilterBySemesterChainVectorAndText(TestDatabases.Target t) {
        try (Database db = TestDatabases.open(t)) {
            IncidentService store = new IncidentService(db, DataFiles.bundled(), java.time.Clock.systemUTC());
            store.syncShippedData();
            IncidentPage h1 = store.find(new IncidentQuery(null, null, "2026-H1", null, null, null, 500, 0));
            assertTrue(h1.total() > 0);
            for (Incident i : h1.items()) assertEquals("2026-H1", i.semester());
            IncidentPage infra = store.find(new IncidentQuery(null, "ethereum", null, Vector.INFRASTRUCTURE, null, null, 500, 0));
            for (Incident i : infra.items()) {
                assertEquals(Vector.INFRASTRUCTURE, i.vector());
                assertTrue(i.chains().contains("ethereum"), i.id());
            }
            IncidentPage text = store.find(new IncidentQuery("poly network", null, null, null, null, null, 10, 0));
            assertTrue(text.items().stream().anyMatch(i -> i.id().equals("2021-08-11-poly-network")));
            IncidentPage wild = store.find(new IncidentQuery("%", null, null, null, null, null, 10, 0));
            assertEquals(0, wild.total(), "% is a literal, not a wildcard");
            IncidentPage unverified = store.find(new IncidentQuery(null, null, null, null, false, null, 500, 0));
            assertTrue(unverified.items().stream().anyMatch(i -> i.id().equals("2026-04-18-kelpdao")));
            Incident poly = store.get("2021-08-11-poly-network").orElseThrow();
            assertEquals(List.of("defihacklabs", "sok", "defillama"), poly.sources().stream().map(SourceRecord::dataset).toList(),
                    "DeFiHackLabs, the SoK list and DefiLlama each list the Poly Network exploit once (their review names all three)");
            assertTrue(store.get("no-such-id").isEmpty());
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

    static Path copyBundledData() throws Exception {
        return dev.perimeter.TestData.copyBundledData();
    }
}
